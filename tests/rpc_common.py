# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.tests import HttpCase


class RpcCase(HttpCase):
    """JSON-RPC ``call_kw`` as a logged-in user (issue 18: the attempts are made over HTTP,
    as a client would, not through the ORM). Test users' passwords are their logins."""

    def _call(self, login, model, method, *args, **kwargs):
        """``(result, error message)`` of ``model.method(*args, **kwargs)`` called by ``login``."""
        self.authenticate(login, login)
        payload = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        response = self.url_open(
            "/web/dataset/call_kw", json.dumps({"id": 0, "jsonrpc": "2.0", "method": "call", "params": payload}),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        # The request ran in its own (test) cursor: read what it left, not the cache.
        self.env.invalidate_all()
        if "error" in body:
            return None, body["error"]["data"]["message"]
        return body.get("result"), None

    def _ok(self, login, model, method, *args, **kwargs):
        result, error = self._call(login, model, method, *args, **kwargs)
        self.assertIsNone(error, f"{login}: {model}.{method} was refused: {error}")
        return result

    def _refused(self, pattern, login, model, method, *args, **kwargs):
        """Assert the call is refused with a message matching ``pattern``; return the message."""
        result, error = self._call(login, model, method, *args, **kwargs)
        self.assertIsNotNone(error, f"{login}: {model}.{method} went through and returned {result!r}")
        self.assertRegex(error, pattern)
        return error
