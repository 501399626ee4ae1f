"""A small JSON-over-HTTP client on the standard library (http.client), one keep-alive
connection per thread, with retries for server errors and network failures."""

from __future__ import annotations

import http.client
import json
import os
import random
import threading
import time
from typing import Any, Callable, Dict, Optional
from urllib.parse import quote, urlsplit

from .errors import BellwetherApiError, BellwetherNetworkError

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def seg(value: str) -> str:
    """Encodes one path segment."""
    return quote(str(value), safe="")


def backoff_delay(attempt: int, base: float = 0.2, cap: float = 10.0, rand: Callable[[], float] = random.random) -> float:
    """Seconds to wait after failed attempt ``attempt`` (1-based): capped exponential, half jitter."""
    ceiling = min(cap, base * (2 ** (attempt - 1)))
    return ceiling / 2 + ceiling / 2 * rand()


class HttpClient:
    """Calls the REST API under ``/api/v1`` and returns parsed JSON, raising BellwetherApiError."""

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, timeout: float = 30.0) -> None:
        base_url = base_url or os.environ.get("BELLWETHER_URL")
        if not base_url:
            raise ValueError("No server: pass base_url or set BELLWETHER_URL.")
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key if api_key is not None else os.environ.get("BELLWETHER_API_KEY")
        self.timeout = timeout
        parts = urlsplit(self.base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or "localhost"
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._local = threading.local()
        self._all: list = []
        self._all_lock = threading.Lock()

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
            conn = cls(self._host, self._port, timeout=self.timeout)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def _drop_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def close(self) -> None:
        """Closes every connection this client opened (they reopen on the next request)."""
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()

    def request(self, method: str, path: str, body: Any = None) -> Any:
        """One request (no retries); ``path`` is under /api/v1."""
        headers = {"accept": "application/json"}
        if self.api_key:
            headers["authorization"] = "Bearer " + self.api_key
        data = None
        if body is not None:
            data = json.dumps(body, allow_nan=False, separators=(",", ":")).encode("utf-8")
            headers["content-type"] = "application/json"
        url = self._prefix + "/api/v1" + path
        try:
            conn = self._connection()
            conn.request(method, url, body=data, headers=headers)
            res = conn.getresponse()
            raw = res.read()
            if res.getheader("connection", "").lower() == "close":
                self._drop_connection()
        except (OSError, http.client.HTTPException) as error:
            self._drop_connection()
            raise BellwetherNetworkError("cannot reach %s: %s" % (self.base_url, error)) from error
        text = raw.decode("utf-8") if raw else ""
        try:
            parsed = json.loads(text) if text else None
        except ValueError:
            parsed = text
        if res.status >= 400:
            problem = parsed if isinstance(parsed, dict) else {"status": res.status, "detail": text or None}
            raise BellwetherApiError(res.status, problem)
        return parsed

    def request_with_retry(
        self,
        method: str,
        path: str,
        body: Any = None,
        max_attempts: int = 10,
        sleep: Callable[[float], None] = time.sleep,
    ) -> Any:
        """Like ``request``, retrying 5xx/429/408 and network errors with backoff."""
        attempt = 1
        while True:
            try:
                return self.request(method, path, body)
            except BellwetherApiError as error:
                if error.status not in RETRYABLE_STATUSES or attempt >= max_attempts:
                    raise
            except BellwetherNetworkError:
                if attempt >= max_attempts:
                    raise
            sleep(backoff_delay(attempt))
            attempt += 1
