"""The checks every HTTP request passes before it reaches a route (plain ASGI middleware).

* a bearer token, when the server has one (required for any address other than loopback),
  compared in constant time, on every request including ``/health`` and ``/openapi.json``;
* without a token, the ``Host`` header must name the loopback interface, so a web page cannot
  reach the server through DNS rebinding;
* a request body of at most ``max_body`` bytes (read before the route runs), JSON only;
* ``HEAD`` is answered as ``GET`` would be, without the body (monitors, ``curl -I``).

A refusal is a JSON body ``{"error", "status"}`` like every other error of the API.

``check_token`` is what ``qa serve`` asks of a token before it starts: anything but loopback needs
one of at least ``MIN_TOKEN`` characters, and no token may hold spaces or control characters (a
bearer token cannot carry them: such a server could never be reached).
"""

from __future__ import annotations

import hmac
import ipaddress
import json

MAX_BODY = 64 * 1024
MIN_TOKEN = 16  # characters, for a server reachable from other machines
MAKE_TOKEN = 'python -c "import secrets;print(secrets.token_urlsafe(24))"'


class TokenError(ValueError):
    """A token (or its absence) that ``qa serve`` refuses; ``str(err)`` says why, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.hint = hint


def check_token(host: str, token: str | None) -> None:
    """Raise TokenError unless ``token`` may guard a server on ``host`` (see the module doc)."""
    make = f"make one with: {MAKE_TOKEN}"
    if token is not None and (token == "" or any(ch.isspace() or not ch.isprintable() for ch in token)):
        raise TokenError("the token is empty or holds spaces or control characters (a bearer token cannot)",
                         hint=make)
    if is_loopback(host):
        return
    if not token:
        raise TokenError(f"serving on {host} (not this machine only) needs a token",
                         hint=f"pass --token-file FILE (or QA_SERVE_TOKEN), or bind 127.0.0.1; {make}")
    if len(token) < MIN_TOKEN:
        chars = f"{len(token)} character" + "s" * (len(token) != 1)
        raise TokenError(f"a token of {chars} is too easy to guess for serving on {host} (at least {MIN_TOKEN})",
                         hint=make)


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(value: str) -> str:
    """``Host`` header without its port (``[::1]:8000`` -> ``::1``)."""
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


async def send_error(send, status: int, message: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps({"error": message, "status": status}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


def _without_body(send):
    """``send`` for a HEAD request answered as GET: the headers as they are (Content-Length too), an
    empty body (FastAPI's routes are GET only: HEAD was 405 everywhere)."""
    async def head(message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return head


class Guard:
    """``body_paths``: the routes that take a body; a POST anywhere else goes to the app unread (its
    answer is 405, not "send the request body as JSON")."""

    def __init__(self, app, token: str | None = None, max_body: int = MAX_BODY, body_paths=("/ask",)):
        self.app = app
        self.token = token.encode("utf-8") if token else None
        self.max_body = max_body
        self.body_paths = frozenset(body_paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v for k, v in scope.get("headers", [])}
        if self.token is not None:
            given = headers.get("authorization", b"")
            scheme, _, credential = given.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(credential.strip(), self.token):
                return await send_error(send, 401, "missing or wrong token (send: Authorization: Bearer TOKEN)",
                                        [(b"www-authenticate", b'Bearer realm="qa"')])
        elif not is_loopback(_host_name(headers.get("host", b"").decode("latin-1"))):
            return await send_error(send, 400, "the Host header must name this machine (localhost or 127.0.0.1)")
        if scope["method"] == "HEAD":  # wherever GET is answered: its status and headers, no body (RFC 9110)
            return await self.app({**scope, "method": "GET"}, receive, _without_body(send))
        if scope["method"] not in ("POST", "PUT", "PATCH") or scope.get("path") not in self.body_paths:
            return await self.app(scope, receive, send)
        declared = headers.get("content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.max_body
            except ValueError:
                return await send_error(send, 400, "bad Content-Length header")
            if too_big:
                return await send_error(send, 413, f"request body larger than {self.max_body:,} bytes")
        ctype = headers.get("content-type", b"").split(b";")[0].strip().lower()
        if ctype != b"application/json":
            return await send_error(send, 415, "send the request body as JSON (Content-Type: application/json)")
        body = bytearray()
        while True:  # chunked bodies too: never hold more than the limit
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                return await send_error(send, 413, f"request body larger than {self.max_body:,} bytes")
            if not message.get("more_body"):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)
