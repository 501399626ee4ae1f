"""Automation builders mirroring wandb.automations: ``RunEvent.metric("loss").avg(5) > 2``,
``event >> SendWebhook.from_integration(hook, payload={...})``. They produce the SPEC §8 wire JSON."""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Union

JSON = Dict[str, Any]


class Event:
    """An event condition (the automation's ``event`` part). Immutable: modifiers return copies."""

    def __init__(self, json: JSON) -> None:
        self._json = json

    def where(self, run_filter: JSON) -> "Event":
        """Only runs matching a MongoDB-style filter, e.g. ``{"display_name": {"$regex": "^resnet"}}``."""
        return Event(dict(self._json, run_filter=run_filter))

    def cooldown(self, seconds: int) -> "Event":
        """Per-run cooldown in seconds (default 86400; 0 for none)."""
        return Event(dict(self._json, cooldown_seconds=seconds))

    def rate_limit(self, per_minute: int) -> "Event":
        """Firings per minute before the rest are recorded as skipped (default 60)."""
        return Event(dict(self._json, rate_limit_per_minute=per_minute))

    def to_json(self) -> JSON:
        """The event as on the wire."""
        return copy.deepcopy(self._json)

    def __rshift__(self, action: "Action") -> "AutomationDraft":
        if not isinstance(action, Action):
            return NotImplemented
        return AutomationDraft(self, action)

    def __repr__(self) -> str:
        return "Event(%r)" % (self._json,)


_DIRECTIONS = {"increase": "INCREASE", "decrease": "DECREASE", "any": "ANY"}


class _Comparable:
    """A metric value (latest, or a window aggregate) that comparisons turn into threshold events."""

    def __init__(self, name: str, window: Optional[int], agg: Optional[str]) -> None:
        self._name = name
        self._window = window
        self._agg = agg

    def _threshold(self, cmp: str, value: float) -> Event:
        metric: JSON = {"name": self._name, "agg": self._agg, "cmp": cmp, "threshold": value}
        if self._agg is not None:
            metric["window"] = self._window
        return Event({"type": "RUN_METRIC_THRESHOLD", "metric": metric})

    def __gt__(self, value: float) -> Event:  # type: ignore[override]
        return self._threshold("$gt", value)

    def __ge__(self, value: float) -> Event:  # type: ignore[override]
        return self._threshold("$gte", value)

    def __lt__(self, value: float) -> Event:  # type: ignore[override]
        return self._threshold("$lt", value)

    def __le__(self, value: float) -> Event:  # type: ignore[override]
        return self._threshold("$lte", value)

    def eq(self, value: float) -> Event:
        """Fires when the value turns equal to ``value``."""
        return self._threshold("$eq", value)

    def ne(self, value: float) -> Event:
        """Fires when the value turns different from ``value``."""
        return self._threshold("$ne", value)

    gt = __gt__
    gte = __ge__
    lt = __lt__
    lte = __le__

    def changes_by(
        self,
        frac: Optional[float] = None,
        diff: Optional[float] = None,
        direction: str = "any",
        prior_window: Optional[int] = None,
    ) -> Event:
        """Fires when the (aggregated) newest values move by ``frac`` (relative) or ``diff``
        (absolute) against the values before them; ``direction`` is increase, decrease or any."""
        if (frac is None) == (diff is None):
            raise ValueError("changes_by takes exactly one of frac= or diff=")
        metric: JSON = {
            "name": self._name,
            "agg": self._agg or "AVERAGE",
            "change_type": "RELATIVE" if frac is not None else "ABSOLUTE",
            "direction": _DIRECTIONS[direction.lower()],
            "amount": frac if frac is not None else diff,
        }
        if self._agg is not None and self._window is not None:
            metric["current_window"] = self._window
        if prior_window is not None:
            metric["prior_window"] = prior_window
        return Event({"type": "RUN_METRIC_CHANGE", "metric": metric})

    def increases_by(self, frac: Optional[float] = None, diff: Optional[float] = None, **kw: Any) -> Event:
        """``changes_by`` going up only."""
        return self.changes_by(frac=frac, diff=diff, direction="increase", **kw)

    def decreases_by(self, frac: Optional[float] = None, diff: Optional[float] = None, **kw: Any) -> Event:
        """``changes_by`` going down only."""
        return self.changes_by(frac=frac, diff=diff, direction="decrease", **kw)


class ZScore:
    """The z-score of the latest value against the ``window`` values before it."""

    def __init__(self, name: str, window: int, absolute: bool = False) -> None:
        self._name = name
        self._window = window
        self._absolute = absolute

    def _event(self, threshold: float, direction: str) -> Event:
        metric = {"name": self._name, "window": self._window, "threshold": threshold, "direction": direction}
        return Event({"type": "RUN_METRIC_ZSCORE", "metric": metric})

    def abs(self) -> "ZScore":
        """|z|: compare either way (``.zscore(30).abs() > 2``)."""
        return ZScore(self._name, self._window, True)

    def __gt__(self, threshold: float) -> Event:
        return self._event(threshold, "ANY" if self._absolute else "INCREASE")

    __ge__ = __gt__

    def __lt__(self, threshold: float) -> Event:
        if self._absolute:
            raise ValueError("|z| < t is not an event; use .abs() > t")
        return self._event(abs(threshold), "DECREASE")

    __le__ = __lt__


class MetricRef(_Comparable):
    """A metric by name: compare its latest value, or aggregate a window first."""

    def __init__(self, name: str) -> None:
        super().__init__(name, None, None)

    def avg(self, window: int = 5) -> _Comparable:
        """The average of the last ``window`` values."""
        return _Comparable(self._name, window, "AVERAGE")

    mean = avg

    def min(self, window: int = 5) -> _Comparable:
        """The minimum of the last ``window`` values."""
        return _Comparable(self._name, window, "MIN")

    def max(self, window: int = 5) -> _Comparable:
        """The maximum of the last ``window`` values."""
        return _Comparable(self._name, window, "MAX")

    def zscore(self, window: int = 30) -> ZScore:
        """The z-score of the latest value against the ``window`` values before it."""
        return ZScore(self._name, window)


class _RunState:
    def in_(self, states: List[str]) -> Event:
        """Fires when a run enters one of ``states`` (running, finished, failed)."""
        return Event({"type": "RUN_STATE", "states": list(states)})


class RunEvent:
    """Run events: ``RunEvent.metric("loss").avg(5) > 2``, ``RunEvent.state.in_(["failed"])``."""

    state = _RunState()

    @staticmethod
    def metric(name: str) -> MetricRef:
        """A condition on a logged metric."""
        return MetricRef(name)


def _artifact_event(kind: str, collection: Optional[str], collection_type: Optional[str], **extra: Any) -> Event:
    json: JSON = {"type": kind}
    json.update({k: v for k, v in extra.items() if v is not None})
    if collection is not None:
        json["collection"] = collection
    if collection_type is not None:
        json["collection_type"] = collection_type
    return Event(json)


class _Alias:
    def matches_regex(self, pattern: str, collection: Optional[str] = None, collection_type: Optional[str] = None) -> Event:
        """An alias matching the RE2 pattern is added to (or moved onto) a version."""
        return _artifact_event("ADD_ARTIFACT_ALIAS", collection, collection_type, alias_regex=pattern)


class _Tag:
    def matches_regex(self, pattern: str, collection: Optional[str] = None, collection_type: Optional[str] = None) -> Event:
        """A tag matching the RE2 pattern is added to a version."""
        return _artifact_event("ADD_ARTIFACT_TAG", collection, collection_type, tag_regex=pattern)

    def removed(self, pattern: str, collection: Optional[str] = None, collection_type: Optional[str] = None) -> Event:
        """A tag matching the RE2 pattern is removed from a version."""
        return _artifact_event("REMOVE_ARTIFACT_TAG", collection, collection_type, tag_regex=pattern)


class ArtifactEvent:
    """Artifact events: ``ArtifactEvent.alias.matches_regex("^prod")``, ``ArtifactEvent.created()``."""

    alias = _Alias()
    tag = _Tag()

    @staticmethod
    def created(collection: Optional[str] = None, collection_type: Optional[str] = None) -> Event:
        """A new version is created in a project collection."""
        return _artifact_event("CREATE_ARTIFACT", collection, collection_type)

    @staticmethod
    def linked(alias_regex: Optional[str] = None, collection: Optional[str] = None, collection_type: Optional[str] = None) -> Event:
        """A version is linked into a registry collection."""
        return _artifact_event("LINK_ARTIFACT", collection, collection_type, alias_regex=alias_regex)

    @staticmethod
    def unlinked(collection: Optional[str] = None, collection_type: Optional[str] = None) -> Event:
        """A version is unlinked from a registry collection."""
        return _artifact_event("UNLINK_ARTIFACT", collection, collection_type)


def _integration_id(integration: Union[str, JSON, Any]) -> str:
    if isinstance(integration, str):
        return integration
    if isinstance(integration, dict) and "id" in integration:
        return str(integration["id"])
    if hasattr(integration, "id"):
        return str(integration.id)
    raise TypeError("expected an integration id, or an object with an id")


class Action:
    """An automation's action (its wire JSON)."""

    def __init__(self, json: JSON) -> None:
        self._json = json

    def to_json(self) -> JSON:
        """The action as on the wire."""
        return copy.deepcopy(self._json)

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self._json)


class SendWebhook(Action):
    """POST a JSON payload template (``${run_name}`` …) to a webhook integration."""

    @classmethod
    def from_integration(cls, integration: Union[str, JSON, Any], payload: Optional[Union[JSON, str]] = None) -> "SendWebhook":
        """The webhook by id (``whk_…``) or an object with an ``id``."""
        return cls({"type": "GENERIC_WEBHOOK", "webhook_id": _integration_id(integration), "payload": payload if payload is not None else {}})


class SendNotification(Action):
    """A Slack message through a Slack integration."""

    @classmethod
    def from_integration(
        cls,
        integration: Union[str, JSON, Any],
        title: str = "Bellwether automation",
        text: str = "",
        level: str = "INFO",
        message: Optional[str] = None,
        severity: Optional[str] = None,
    ) -> "SendNotification":
        """W&B's ``title``/``text``/``level``; ``message``/``severity`` are accepted too."""
        return cls(
            {
                "type": "NOTIFICATION",
                "slack_integration_id": _integration_id(integration),
                "title": title,
                "message": message if message is not None else text,
                "severity": (severity or level).upper(),
            }
        )


class DoNothing(Action):
    """Records the execution and does nothing else (to try an automation out)."""

    def __init__(self) -> None:
        super().__init__({"type": "NO_OP"})


class AutomationDraft:
    """``event >> action``: an automation waiting for its name and scope (see ``Api.create_automation``)."""

    def __init__(self, event: Event, action: Action) -> None:
        self.event = event
        self.action = action

    def to_json(self, name: str, scope: JSON, description: str = "", enabled: bool = True) -> JSON:
        """The full automation as POST /teams/{team}/automations takes it."""
        return {
            "name": name,
            "description": description,
            "enabled": enabled,
            "scope": scope,
            "event": self.event.to_json(),
            "action": self.action.to_json(),
        }


def team_scope(team: str) -> JSON:
    """Everything in a team."""
    return {"type": "team", "team": team}


def project_scope(team: str, project: str) -> JSON:
    """One project."""
    return {"type": "project", "team": team, "project": project}


def artifact_collection_scope(team: str, project: str, collection: str) -> JSON:
    """One artifact collection of a project."""
    return {"type": "artifact_collection", "team": team, "project": project, "collection": collection}


def registry_scope(registry: str) -> JSON:
    """A registry."""
    return {"type": "registry", "registry": registry}


def registry_collection_scope(registry: str, collection: str) -> JSON:
    """One collection of a registry."""
    return {"type": "registry_collection", "registry": registry, "collection": collection}
