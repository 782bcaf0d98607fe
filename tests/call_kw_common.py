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
    """JSON-RPC as the web client sends it (``/web/dataset/call_kw``), as a logged-in user.

    Like ``HttpCase.make_jsonrpc_request``, but a refusal keeps the message the user reads
    (``make_jsonrpc_request`` only keeps the exception's name)."""

    def call_kw(self, model, method, args=(), kwargs=None):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs or {},
        }}
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}", data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"]["data"]
            raise RpcRefused(data["name"], data["message"])
        return body["result"]

    def login(self, user):
        """Log in as ``user`` (test users' password is their login)."""
        self.authenticate(user.login, user.login)
