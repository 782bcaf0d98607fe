# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase


class RpcRefused(Exception):
    """The error the web client shows: ``name`` is the exception class, ``message`` its text."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class CallKwCase(HttpCase):
    """JSON-RPC as the web client sends it (``/web/dataset/call_kw``), as a logged-in user
    (issue 18: the attempts are made over HTTP, as a client would, not through the ORM).

    Like ``HttpCase.make_jsonrpc_request``, but a refusal keeps the message the user reads
    (``make_jsonrpc_request`` only keeps the exception's name)."""

    def json_rpc(self, route, model, method, args=(), kwargs=None, http_errors=True):
        """``(result, error)`` of ``model.method(*args, **kwargs)`` posted to ``route`` as the web
        client posts it (``/web/dataset/call_kw``, ``/web/dataset/call_button``) by the
        logged-in user; ``error`` is the error's data (``name``, ``message``: the message the
        user reads) or None. With ``http_errors=False`` an answer other than 200 comes back as an
        error instead of failing the test."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs or {},
        }}
        # The request runs in its own (test) cursor with its own cache: it reads what the
        # test wrote, and the test reads what it left, not the cache.
        self.env.flush_all()
        response = self.url_open(
            f"{route}/{model}/{method}", data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        if not http_errors and response.status_code != 200:
            return None, {"name": f"HTTP {response.status_code}", "message": response.text[:500]}
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            error = body["error"]
            return None, error.get("data") or {"name": "server error", "message": error.get("message")}
        return body.get("result"), None

    def call_kw(self, model, method, args=(), kwargs=None):
        """The result of ``model.method(*args, **kwargs)`` called by the logged-in user;
        a refusal raises ``RpcRefused``."""
        result, error = self.json_rpc("/web/dataset/call_kw", model, method, args, kwargs)
        if error:
            raise RpcRefused(error["name"], error["message"])
        return result

    def login(self, user):
        """Log in as ``user`` (test users' password is their login)."""
        self.authenticate(user.login, user.login)

    def assertRefused(self, pattern, model, method, args=(), kwargs=None, exception=None):
        """Assert ``call_kw(model, method, args, kwargs)`` is refused with a message matching
        ``pattern`` (a regular expression) and, if given, the exception class ``exception``
        (e.g. ``"AccessError"``); return the message the user reads."""
        try:
            result = self.call_kw(model, method, args, kwargs)
        except RpcRefused as refused:
            caught = refused
        else:
            self.fail(f"{model}.{method} went through and returned {result!r}")
        if exception:
            self.assertEqual(caught.name, f"odoo.exceptions.{exception}", caught.message)
        self.assertRegex(caught.message, pattern)
        return caught.message
