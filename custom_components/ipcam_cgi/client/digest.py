"""HTTP Digest authentication (RFC 7616 / RFC 2617), small and pure.

aiohttp 3.11 (Home Assistant 2025.4) has no Digest support, and aiohttp 3.14 deprecates the
`auth=` argument, so the transport builds the Authorization header itself from this helper.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from typing import Final

_PARAM_RE: Final = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_HASHES: Final = {"MD5": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}


def parse_challenge(header: str) -> dict[str, str] | None:
    """Parse a `WWW-Authenticate: Digest ...` header into its lowercased parameters.

    Returns None when the header is not a Digest challenge.
    """
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    params = {
        match.group(1).lower(): (
            match.group(2).replace('\\"', '"') if match.group(2) is not None else match.group(3)
        )
        for match in _PARAM_RE.finditer(rest)
    }
    if "nonce" not in params or "realm" not in params:
        return None
    return params


def _hash(algorithm: str, data: str) -> str:
    name = _HASHES[algorithm.upper().removesuffix("-SESS")]
    return hashlib.new(name, data.encode()).hexdigest()


def supports(challenge: dict[str, str]) -> bool:
    """Whether the challenge's algorithm and qop are ones this helper implements."""
    algorithm = challenge.get("algorithm", "MD5").upper().removesuffix("-SESS")
    qops = {q.strip() for q in challenge.get("qop", "auth").split(",")}
    return algorithm in _HASHES and ("auth" in qops or "qop" not in challenge)


@dataclass
class DigestState:
    """A Digest challenge and its nonce count, reused for every request until it goes stale."""

    username: str
    password: str = field(repr=False)
    challenge: dict[str, str]
    nonce_count: int = 0

    def authorization(self, method: str, uri: str) -> str:
        """Build the Authorization header value for one request."""
        challenge = self.challenge
        algorithm = challenge.get("algorithm", "MD5")
        realm = challenge["realm"]
        nonce = challenge["nonce"]
        qops = [q.strip() for q in challenge.get("qop", "").split(",") if q.strip()]
        self.nonce_count += 1
        nc = f"{self.nonce_count:08x}"
        cnonce = os.urandom(8).hex()
        ha1 = _hash(algorithm, f"{self.username}:{realm}:{self.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = _hash(algorithm, f"{ha1}:{nonce}:{cnonce}")
        ha2 = _hash(algorithm, f"{method}:{uri}")
        parts = [
            f'username="{self.username}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{uri}"',
            f"algorithm={algorithm}",
        ]
        if "auth" in qops:
            response = _hash(algorithm, f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            # RFC 2069 compatibility: some embedded servers send no qop at all.
            response = _hash(algorithm, f"{ha1}:{nonce}:{ha2}")
        parts.append(f'response="{response}"')
        if "opaque" in challenge:
            parts.append(f'opaque="{challenge["opaque"]}"')
        return "Digest " + ", ".join(parts)
