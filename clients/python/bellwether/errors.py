"""The one error type of the client: a non-2xx answer with its problem+json body."""

from __future__ import annotations

from typing import Any, Dict, List


class BellwetherApiError(Exception):
    """The server answered with an error status; ``problem`` is its RFC 9457 body."""

    def __init__(self, status: int, problem: Dict[str, Any]) -> None:
        self.status = status
        self.problem = problem
        self.code = str(problem.get("code") or "http_%d" % status)
        super().__init__(problem.get("detail") or problem.get("title") or "HTTP %d" % status)

    @property
    def errors(self) -> List[Dict[str, str]]:
        """Field errors of a 422 (``[{"path", "message"}]``), empty otherwise."""
        return list(self.problem.get("errors") or [])


class BellwetherNetworkError(Exception):
    """The server could not be reached (refused, reset, timed out)."""
