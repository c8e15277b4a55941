"""HTTP credential checks shared by the simulated cameras.

Small camera web servers accept credentials in three ways: a Basic ``Authorization``
header (older firmware), a Digest header (newer firmware) and plain query parameters.
:class:`CameraAuth` implements all three for one configured account.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Mapping
from typing import Literal

from aiohttp import BasicAuth, hdrs, web

AuthMode = Literal["basic", "digest", "query_only"]

_DIGEST_FIELD = re.compile(r'(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))')
_NC = re.compile(r"[0-9a-fA-F]{8}")
# Enough for many concurrent clients; old nonces are forgotten first.
_MAX_NONCES = 256


def _md5_hex(text: str) -> str:
    # MD5 is what the Digest scheme of these cameras specifies, not a design choice.
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def parse_digest_header(value: str) -> dict[str, str]:
    """Parse the parameters of a ``Digest ...`` header value (scheme already removed)."""
    fields: dict[str, str] = {}
    for match in _DIGEST_FIELD.finditer(value):
        key, quoted, token = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            fields[key.lower()] = re.sub(r"\\(.)", r"\1", quoted)
        else:
            fields[key.lower()] = token
    return fields


class CameraAuth:
    """Verify a request's credentials against one account, as a camera would.

    ``get_mode`` and ``get_credentials`` are read on every request so a test can
    change the mode or the password between requests.

    - ``basic``: Basic header or query parameters.
    - ``digest``: Digest header (MD5, ``qop=auth``) or query parameters; Basic is refused.
    - ``query_only``: only query parameters; both headers are ignored.
    """

    def __init__(
        self,
        *,
        realm: str,
        get_mode: Callable[[], AuthMode],
        get_credentials: Callable[[], tuple[str, str]],
        user_param: str = "user",
        pwd_param: str = "pwd",
    ) -> None:
        self.realm = realm
        self.opaque = secrets.token_hex(16)
        self._get_mode = get_mode
        self._get_credentials = get_credentials
        self._user_param = user_param
        self._pwd_param = pwd_param
        self._nonces: dict[str, None] = {}

    def is_authorized(self, request: web.Request, params: Mapping[str, str]) -> bool:
        """Return whether ``request`` (with its merged query/form ``params``) may proceed."""
        username, password = self._get_credentials()
        if params.get(self._user_param) == username and params.get(self._pwd_param) == password:
            return True
        mode = self._get_mode()
        scheme, _, rest = request.headers.get(hdrs.AUTHORIZATION, "").partition(" ")
        scheme = scheme.lower()
        if mode == "basic" and scheme == "basic":
            return self._basic_ok(f"Basic {rest.strip()}", username, password)
        if mode == "digest" and scheme == "digest":
            return self._digest_ok(request, rest, username, password)
        return False

    def unauthorized(self) -> web.HTTPUnauthorized:
        """Build the 401 answer (with a fresh challenge) for the current mode."""
        if self._get_mode() == "digest":
            nonce = secrets.token_hex(16)
            self._nonces[nonce] = None
            while len(self._nonces) > _MAX_NONCES:
                del self._nonces[next(iter(self._nonces))]
            challenge = (
                f'Digest realm="{self.realm}", qop="auth", nonce="{nonce}", '
                f'opaque="{self.opaque}", algorithm=MD5'
            )
        else:
            # query_only firmware still sends a Basic challenge: the web UI relies on
            # the browser prompt, yet the server never honours the header it asked for.
            challenge = f'Basic realm="{self.realm}"'
        return web.HTTPUnauthorized(
            headers={hdrs.WWW_AUTHENTICATE: challenge}, text="401 Unauthorized"
        )

    @staticmethod
    def _basic_ok(header: str, username: str, password: str) -> bool:
        # Clients disagree on the charset of Basic credentials; accept both common ones.
        for encoding in ("latin1", "utf-8"):
            try:
                auth = BasicAuth.decode(header, encoding=encoding)
            except ValueError:
                continue
            if auth.login == username and auth.password == password:
                return True
        return False

    def _digest_ok(self, request: web.Request, value: str, username: str, password: str) -> bool:
        fields = parse_digest_header(value)
        nonce = fields.get("nonce", "")
        nc = fields.get("nc", "")
        cnonce = fields.get("cnonce", "")
        uri = fields.get("uri", "")
        if (
            fields.get("username") != username
            or fields.get("realm") != self.realm
            or nonce not in self._nonces
            or fields.get("algorithm", "MD5").upper() != "MD5"
            or fields.get("qop") != "auth"
            or not _NC.fullmatch(nc)
            or not cnonce
            or fields.get("opaque", self.opaque) != self.opaque
            # The digest covers the request target exactly as sent.
            or uri not in (request.raw_path, request.path_qs)
        ):
            return False
        ha1 = _md5_hex(f"{username}:{self.realm}:{password}")
        ha2 = _md5_hex(f"{request.method}:{uri}")
        expected = _md5_hex(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
        return hmac.compare_digest(expected, fields.get("response", "").lower())
