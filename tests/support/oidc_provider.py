"""A minimal OpenID Connect provider on 127.0.0.1, so a browser test signs in through the real ``st.login``.

It signs in one fixed person: the authorisation endpoint sends the browser straight back with a code,
the token endpoint answers that code with an RS256-signed ID token (with the nonce the app sent), and
the key set, the discovery document and the sign-out endpoint are served as a real provider serves them.
Nothing here is used outside tests (the ``signed_in_app`` fixture of tests/browser/conftest.py).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "couloirs-test"
CLIENT_SECRET = secrets.token_hex(16)


class Provider:
    """The provider's state: its address, key, the person it signs in, and the codes it handed out."""

    def __init__(self, person: dict) -> None:
        self.person = person
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, str] = {}  # code -> nonce
        self.url = ""

    def metadata(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "end_session_endpoint": f"{self.url}/logout", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def id_token(self, nonce: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "iat": now, "exp": now + 3600, "email_verified": True,
                  **self.person}
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet test output
            pass

        def _json(self, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self._json(provider.metadata())
            elif url.path == "/jwks":
                self._json({"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/authorize":
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query.get("nonce", "")
                back = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
                self._redirect(f"{query['redirect_uri']}?{back}")
            elif url.path == "/logout":
                self._redirect(query.get("post_logout_redirect_uri", "/"))
            else:
                self.send_error(404)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if self.path != "/token" or form.get("code") not in provider.codes:
                self.send_error(400)
                return
            nonce = provider.codes.pop(form["code"])
            self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 3600,
                        "id_token": provider.id_token(nonce)})

    return Handler


@contextmanager
def running_provider(person: dict) -> Iterator[Provider]:
    """A provider signing in ``person`` (claims: ``sub``, ``email``, ``name``) on a free loopback port."""
    provider = Provider(person)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
