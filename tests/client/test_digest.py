"""Specification of the Digest authentication helper (RFC 2617 / RFC 7616 / RFC 2069)."""

from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace

import pytest

from custom_components.ipcam_cgi.client import digest
from custom_components.ipcam_cgi.client.digest import DigestState, parse_challenge, supports

USER = "admin"
PASSWORD = "Circle Of Life"
REALM = "testrealm@host.com"
NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
OPAQUE = "5ccc069c403ebaf9f0171e9517f40e41"
URI = "/dir/index.html"


def _fields(header: str) -> dict[str, str]:
    """The name=value pairs of an Authorization header, quotes removed."""
    assert header.startswith("Digest ")
    return {
        match.group(1): match.group(2) if match.group(2) is not None else match.group(3)
        for match in re.finditer(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header[len("Digest ") :])
    }


def _h(name: str, data: str) -> str:
    return hashlib.new(name, data.encode()).hexdigest()


def _state(**challenge: str) -> DigestState:
    return DigestState(username=USER, password=PASSWORD, challenge=challenge)


# --- parse_challenge ----------------------------------------------------------------------


def test_parse_challenge_reads_quoted_parameters() -> None:
    header = f'Digest realm="{REALM}", qop="auth,auth-int", nonce="{NONCE}", opaque="{OPAQUE}"'
    assert parse_challenge(header) == {
        "realm": REALM,
        "qop": "auth,auth-int",
        "nonce": NONCE,
        "opaque": OPAQUE,
    }


def test_parse_challenge_reads_unquoted_parameters() -> None:
    header = f'Digest realm="cam", nonce={NONCE}, algorithm=MD5-sess, qop=auth, stale=TRUE'
    assert parse_challenge(header) == {
        "realm": "cam",
        "nonce": NONCE,
        "algorithm": "MD5-sess",
        "qop": "auth",
        "stale": "TRUE",
    }


def test_parse_challenge_lowercases_scheme_and_parameter_names() -> None:
    challenge = parse_challenge(f'DIGEST Realm="cam", NONCE="{NONCE}"')
    assert challenge == {"realm": "cam", "nonce": NONCE}


def test_parse_challenge_unescapes_quotes_in_values() -> None:
    challenge = parse_challenge(f'Digest realm="the \\"cam\\"", nonce="{NONCE}"')
    assert challenge is not None
    assert challenge["realm"] == 'the "cam"'


def test_parse_challenge_keeps_commas_inside_quoted_values() -> None:
    challenge = parse_challenge(f'Digest realm="a, b", nonce="{NONCE}"')
    assert challenge is not None
    assert challenge["realm"] == "a, b"


@pytest.mark.parametrize(
    "header", ['Basic realm="cam"', "Bearer", "", "Digestrealm=x", 'Negotiate realm="x"']
)
def test_parse_challenge_gives_none_for_other_schemes(header: str) -> None:
    assert parse_challenge(header) is None


def test_parse_challenge_gives_none_without_a_nonce() -> None:
    assert parse_challenge('Digest realm="cam", qop="auth"') is None


def test_parse_challenge_gives_none_without_a_realm() -> None:
    assert parse_challenge(f'Digest nonce="{NONCE}", qop="auth"') is None


# --- supports -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "challenge",
    [
        {"realm": "r", "nonce": "n"},
        {"realm": "r", "nonce": "n", "qop": "auth"},
        {"realm": "r", "nonce": "n", "qop": "auth-int, auth"},
        {"realm": "r", "nonce": "n", "algorithm": "md5"},
        {"realm": "r", "nonce": "n", "algorithm": "MD5-sess"},
        {"realm": "r", "nonce": "n", "algorithm": "SHA-256"},
        {"realm": "r", "nonce": "n", "algorithm": "SHA-256-sess"},
    ],
)
def test_supports_accepts_md5_and_sha256_with_qop_auth_or_none(challenge: dict[str, str]) -> None:
    assert supports(challenge)


@pytest.mark.parametrize(
    "challenge",
    [
        {"realm": "r", "nonce": "n", "qop": "auth-int"},
        {"realm": "r", "nonce": "n", "algorithm": "SHA-1"},
        {"realm": "r", "nonce": "n", "algorithm": "token68"},
    ],
)
def test_supports_rejects_unknown_algorithms_and_auth_int_only(challenge: dict[str, str]) -> None:
    assert not supports(challenge)


# --- authorization ------------------------------------------------------------------------


def test_authorization_computes_the_rfc_2617_qop_auth_md5_response() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth", opaque=OPAQUE)
    fields = _fields(state.authorization("GET", URI))

    ha1 = _h("md5", f"{USER}:{REALM}:{PASSWORD}")
    ha2 = _h("md5", f"GET:{URI}")
    expected = _h("md5", f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
    assert fields["response"] == expected
    assert fields["username"] == USER
    assert fields["realm"] == REALM
    assert fields["nonce"] == NONCE
    assert fields["uri"] == URI
    assert fields["qop"] == "auth"
    assert fields["algorithm"] == "MD5"


def test_authorization_reproduces_the_rfc_2617_worked_example(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """RFC 2617 section 3.5: Mufasa with cnonce 0a4f113b gives response 6629fae4..."""
    monkeypatch.setattr(digest, "os", SimpleNamespace(urandom=lambda _: bytes.fromhex("0a4f113b")))
    state = DigestState(
        username="Mufasa",
        password=PASSWORD,
        challenge={"realm": REALM, "nonce": NONCE, "qop": "auth,auth-int", "opaque": OPAQUE},
    )
    fields = _fields(state.authorization("GET", URI))
    assert fields["cnonce"] == "0a4f113b"
    assert fields["nc"] == "00000001"
    assert fields["response"] == "6629fae49393a05397450978507c4ef1"


def test_authorization_uses_the_method_in_the_response() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth")
    fields = _fields(state.authorization("POST", URI))
    ha1 = _h("md5", f"{USER}:{REALM}:{PASSWORD}")
    ha2 = _h("md5", f"POST:{URI}")
    assert fields["response"] == _h(
        "md5", f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}"
    )


def test_authorization_counts_nonce_uses_in_hex() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth")
    counts = [_fields(state.authorization("GET", URI))["nc"] for _ in range(17)]
    assert counts[:3] == ["00000001", "00000002", "00000003"]
    assert counts[-1] == "00000011"
    assert state.nonce_count == 17


def test_authorization_uses_a_fresh_cnonce_each_time() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth")
    first = _fields(state.authorization("GET", URI))["cnonce"]
    second = _fields(state.authorization("GET", URI))["cnonce"]
    assert first != second


def test_authorization_echoes_the_opaque_value() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth", opaque=OPAQUE)
    assert _fields(state.authorization("GET", URI))["opaque"] == OPAQUE


def test_authorization_sends_no_opaque_when_the_challenge_has_none() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth")
    assert "opaque" not in _fields(state.authorization("GET", URI))


def test_authorization_without_qop_uses_the_rfc_2069_form() -> None:
    state = _state(realm=REALM, nonce=NONCE)
    fields = _fields(state.authorization("GET", URI))
    ha1 = _h("md5", f"{USER}:{REALM}:{PASSWORD}")
    ha2 = _h("md5", f"GET:{URI}")
    assert fields["response"] == _h("md5", f"{ha1}:{NONCE}:{ha2}")
    assert "qop" not in fields
    assert "nc" not in fields
    assert "cnonce" not in fields


def test_authorization_picks_auth_from_a_qop_list() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth-int, auth")
    fields = _fields(state.authorization("GET", URI))
    assert fields["qop"] == "auth"


def test_authorization_computes_md5_sess() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth", algorithm="MD5-sess")
    fields = _fields(state.authorization("GET", URI))
    ha1 = _h("md5", f"{_h('md5', f'{USER}:{REALM}:{PASSWORD}')}:{NONCE}:{fields['cnonce']}")
    ha2 = _h("md5", f"GET:{URI}")
    assert fields["algorithm"] == "MD5-sess"
    assert fields["response"] == _h(
        "md5", f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}"
    )


def test_authorization_computes_sha256() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth", algorithm="SHA-256")
    fields = _fields(state.authorization("GET", URI))
    ha1 = _h("sha256", f"{USER}:{REALM}:{PASSWORD}")
    ha2 = _h("sha256", f"GET:{URI}")
    assert fields["algorithm"] == "SHA-256"
    assert len(fields["response"]) == 64
    assert fields["response"] == _h(
        "sha256", f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}"
    )


def test_authorization_computes_sha256_sess() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth", algorithm="SHA-256-sess")
    fields = _fields(state.authorization("GET", URI))
    ha1 = _h("sha256", f"{_h('sha256', f'{USER}:{REALM}:{PASSWORD}')}:{NONCE}:{fields['cnonce']}")
    ha2 = _h("sha256", f"GET:{URI}")
    assert fields["response"] == _h(
        "sha256", f"{ha1}:{NONCE}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}"
    )


def test_authorization_never_contains_the_password() -> None:
    state = _state(realm=REALM, nonce=NONCE, qop="auth", opaque=OPAQUE)
    assert PASSWORD not in state.authorization("GET", URI)


def test_digest_state_repr_hides_the_password() -> None:
    assert PASSWORD not in repr(_state(realm=REALM, nonce=NONCE))
