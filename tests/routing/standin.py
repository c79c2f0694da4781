"""Local stand-ins for the online services (OSRM, Nominatim): tests never touch the internet."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    """Answers GET requests with JSON; subclasses decide what in `answer_get`."""

    def do_GET(self):
        status, payload = self.answer_get()
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer_get(self) -> tuple[int, object]:
        raise NotImplementedError

    def log_message(self, *args):
        pass


@contextmanager
def serving(handler: type[JsonHandler]) -> Iterator[str]:
    """The handler on a free local port; yields 'host:port'."""
    server = HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
