"""The run logger: ``bellwether.init(...)`` returns a Run whose ``log`` buffers rows that a
background thread sends in batches, in log order, retrying server and network errors."""

from __future__ import annotations

import atexit
import math
import random
import string
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional

from .errors import BellwetherApiError, BellwetherNetworkError
from .http_client import HttpClient, seg


def _encode(values: Dict[str, Any]) -> Dict[str, Any]:
    """NaN and ±Infinity have no JSON form; the API takes them as strings."""
    out = None
    for key, value in values.items():
        if isinstance(value, float) and not math.isfinite(value):
            if out is None:
                out = dict(values)
            out[key] = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return values if out is None else out


class Run:
    """A run being logged. Every row carries an explicit step, so a batch sent twice (an answer
    lost after the write) overwrites the same steps: each point is stored exactly once."""

    def __init__(
        self,
        client: HttpClient,
        team: str,
        project: str,
        run_id: str,
        last_step: int,
        batch_size: int = 5000,
        flush_interval: float = 1.0,
        max_attempts: int = 10,
        sleep: Callable[[float], None] = time.sleep,
        owns_client: bool = False,
    ) -> None:
        self.client = client
        self._owns_client = owns_client
        self.team = team
        self.project = project
        self.run_id = run_id
        self.batch_size = batch_size
        self.flush_interval = flush_interval
        self.max_attempts = max_attempts
        self.failed_batches: List[Dict[str, Any]] = []
        self.sent_rows = 0
        self.state: Optional[str] = None
        self._sleep = sleep
        self._path = "/teams/%s/projects/%s/runs/%s" % (seg(team), seg(project), seg(run_id))
        self._next_step = last_step + 1
        self._buffer: List[Dict[str, Any]] = []
        self._in_flight = 0
        self._closing = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._loop, name="bellwether-run-%s" % run_id, daemon=True)
        self._thread.start()
        self._previous_excepthook: Optional[Callable[..., Any]] = None
        atexit.register(self._at_exit)

    @property
    def step(self) -> int:
        """The step the next ``log`` without a step gets."""
        return self._next_step

    @property
    def pending(self) -> int:
        """Rows logged but not yet stored."""
        with self._cond:
            return len(self._buffer) + self._in_flight

    def log(self, values: Dict[str, Any], step: Optional[int] = None) -> None:
        """Logs values at the next step (or at ``step``, which may repeat one to add keys). Returns at once."""
        if self.state is not None:
            raise RuntimeError("run %r is finished; start another with bellwether.init()" % self.run_id)
        if step is None:
            step = self._next_step
        elif not isinstance(step, int) or isinstance(step, bool) or step < 0:
            raise ValueError("step must be an integer >= 0, got %r" % (step,))
        if step >= self._next_step:
            self._next_step = step + 1
        row = {"step": step, "timestamp": int(time.time() * 1000), "values": _encode(values)}
        with self._cond:
            self._buffer.append(row)
            if len(self._buffer) >= self.batch_size:
                self._cond.notify_all()

    def flush(self) -> None:
        """Blocks until everything logged so far is stored (or refused for good)."""
        with self._cond:
            self._cond.notify_all()
            while self._buffer or self._in_flight:
                self._cond.wait(0.5)
                self._cond.notify_all()

    def finish(self, exit_code: int = 0) -> Dict[str, Any]:
        """Flushes, then marks the run finished (exit code 0) or failed. Calling it again does nothing."""
        if self.state is not None:
            return self._result()
        self.flush()
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join(timeout=60)
        state = "finished" if exit_code == 0 else "failed"
        self.client.request_with_retry("PATCH", self._path, {"state": state}, self.max_attempts, self._sleep)
        self.state = state
        if self._previous_excepthook is not None:
            sys.excepthook = self._previous_excepthook
            self._previous_excepthook = None
        atexit.unregister(self._at_exit)
        if self._owns_client:
            self.client.close()
        return self._result()

    def log_artifact(self, collection: str, type: str, **kwargs: Any) -> Dict[str, Any]:
        """Creates an artifact version produced by this run (see ``Api.create_artifact_version``)."""
        from .artifacts import create_artifact_version

        return create_artifact_version(
            self.client, self.team, self.project, collection, type, run_id=self.run_id, **kwargs
        )

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.finish(exit_code=0 if exc_type is None else 1)

    def capture_exceptions(self) -> None:
        """Marks the run failed when the program dies of an uncaught exception."""
        previous = sys.excepthook

        def hook(exc_type: Any, exc: Any, tb: Any) -> None:
            try:
                self.finish(exit_code=1)
            finally:
                previous(exc_type, exc, tb)

        self._previous_excepthook = previous
        sys.excepthook = hook

    def _result(self) -> Dict[str, Any]:
        return {"state": self.state, "sent_rows": self.sent_rows, "failed_batches": list(self.failed_batches)}

    def _at_exit(self) -> None:
        if self.state is None:
            try:
                self.finish(exit_code=0)
            except Exception:  # noqa: BLE001 - nothing left to report to at interpreter exit
                pass

    def _loop(self) -> None:
        while True:
            with self._cond:
                if not self._buffer and not self._closing:
                    self._cond.wait(self.flush_interval)
                if not self._buffer:
                    if self._closing:
                        return
                    continue
                rows = self._buffer[: self.batch_size]
                del self._buffer[: self.batch_size]
                self._in_flight = len(rows)
            try:
                self.client.request_with_retry(
                    "POST", self._path + "/history", {"rows": rows}, self.max_attempts, self._sleep
                )
                self.sent_rows += len(rows)
            except (BellwetherApiError, BellwetherNetworkError) as error:
                self.failed_batches.append({"rows": len(rows), "first_step": rows[0]["step"], "error": error})
            finally:
                with self._cond:
                    self._in_flight = 0
                    self._cond.notify_all()


def _random_id() -> str:
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(8))


def init(
    team: str,
    project: str,
    run_id: Optional[str] = None,
    name: Optional[str] = None,
    config: Optional[Dict[str, Any]] = None,
    tags: Optional[List[str]] = None,
    base_url: Optional[str] = None,
    api_key: Optional[str] = None,
    batch_size: int = 5000,
    flush_interval: float = 1.0,
    capture_exceptions: bool = True,
    client: Optional[HttpClient] = None,
) -> Run:
    """Starts (or resumes) a run in state ``running``; resuming continues after its last step.
    The server comes from ``base_url``/``api_key`` or BELLWETHER_URL/BELLWETHER_API_KEY."""
    owns_client = client is None
    client = client or HttpClient(base_url, api_key)
    run_id = run_id or _random_id()
    body: Dict[str, Any] = {"state": "running"}
    if name is not None:
        body["display_name"] = name
    if config is not None:
        body["config"] = config
    if tags is not None:
        body["tags"] = tags
    path = "/teams/%s/projects/%s/runs/%s" % (seg(team), seg(project), seg(run_id))
    try:
        created = client.request_with_retry("PUT", path, body)
    except Exception:
        if owns_client:
            client.close()
        raise
    run = Run(
        client, team, project, run_id, int(created["last_step"]), batch_size, flush_interval, owns_client=owns_client
    )
    if capture_exceptions:
        run.capture_exceptions()
    return run
