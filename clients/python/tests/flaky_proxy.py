"""A local HTTP proxy that answers every third request with 503: odd failures reach the server
and lose the answer, even ones never arrive. Retries must store each point exactly once."""

from __future__ import annotations

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class FlakyProxy:
    """Forwards to ``target``; ``url`` is where clients connect; ``failures`` counts the 503s."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        proxy = self
        self.requests = 0
        self.failures = 0
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy._lock:
                    proxy.requests += 1
                    fail = proxy.requests % 3 == 0
                    if fail:
                        proxy.failures += 1
                    forward = not fail or proxy.failures % 2 == 1
                status, payload, ctype = 503, b'{"detail":"try again"}', "application/problem+json"
                if forward:
                    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                    conn.request(self.command, self.path, body=body, headers=headers)
                    res = conn.getresponse()
                    data = res.read()
                    conn.close()
                    if not fail:
                        status, payload = res.status, data
                        ctype = res.getheader("content-type") or "application/json"
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
