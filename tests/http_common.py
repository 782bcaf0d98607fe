# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json


class JsonRpcMixin:
    """For ``HttpCase`` tests (issue 18): calls as a real client makes them, over the web
    server with the session of ``self.authenticate(login, password)``."""

    def call_kw(self, model, method, *args, **kwargs):
        """``/web/dataset/call_kw`` as the web client (and any JSON-RPC client) calls it.
        Returns ``(result, error)``: ``error`` is the error's data (``name``, ``message``) or
        None; unlike ``make_jsonrpc_request`` the message the user reads is kept."""
        payload = {
            "id": 0, "jsonrpc": "2.0", "method": "call",
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }
        response = self.url_open(
            "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        body = response.json()
        error = body.get("error")
        return body.get("result"), (error or {}).get("data") if error else None

    def assertRpcRefused(self, error, exception, text):
        """The call was refused with ``exception`` (class name) and a message containing ``text``."""
        self.assertTrue(error, f"the call went through; expected {exception}: {text}")
        self.assertEqual(error["name"], f"odoo.exceptions.{exception}", error.get("message"))
        self.assertIn(text, error["message"])
