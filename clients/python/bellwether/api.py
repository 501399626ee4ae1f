"""``bellwether.Api()``: teams, projects, runs, artifacts and automations through the REST API."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from . import artifacts
from .automations import AutomationDraft, project_scope, team_scope
from .http_client import HttpClient, seg

JSON = Dict[str, Any]
DEFINITION_FIELDS = ("name", "description", "enabled", "scope", "event", "action")


class Automation(dict):
    """An automation as the server returns it; keys also read as attributes (``a.name``)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as error:
            raise AttributeError(key) from error

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value


def _scope_of(scope: Union[str, JSON, None], team: Optional[str]) -> JSON:
    """``"ml/cifar"`` is a project, ``"ml"`` a team; a dict is taken as the wire scope."""
    if isinstance(scope, dict):
        return scope
    if isinstance(scope, str):
        parts = scope.split("/")
        return project_scope(parts[0], parts[1]) if len(parts) == 2 else team_scope(parts[0])
    if team:
        return team_scope(team)
    raise ValueError("create_automation needs scope= (e.g. 'ml/cifar' or project_scope('ml', 'cifar'))")


class Api:
    """The public API. Server and key come from the arguments or BELLWETHER_URL / BELLWETHER_API_KEY."""

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, team: Optional[str] = None) -> None:
        self.client = HttpClient(base_url, api_key)
        self.team = team

    def _team(self, team: Optional[str]) -> str:
        team = team or self.team
        if not team:
            raise ValueError("no team: pass team= here or to Api(team=...)")
        return team

    def close(self) -> None:
        """Closes the client's connections."""
        self.client.close()

    def viewer(self) -> JSON:
        """The signed-in user."""
        return self.client.request("GET", "/viewer")

    def teams(self) -> List[JSON]:
        """The teams you can see."""
        return self.client.request("GET", "/teams")["teams"]

    def projects(self, team: Optional[str] = None) -> List[JSON]:
        """A team's projects."""
        return self.client.request("GET", "/teams/%s/projects" % seg(self._team(team)))["projects"]

    def create_project(self, name: str, team: Optional[str] = None, description: str = "") -> JSON:
        """Creates a project."""
        body = {"name": name, "description": description}
        return self.client.request("POST", "/teams/%s/projects" % seg(self._team(team)), body)

    def runs(self, project: str, team: Optional[str] = None) -> List[JSON]:
        """A project's runs, newest first."""
        path = "/teams/%s/projects/%s/runs" % (seg(self._team(team)), seg(project))
        return self.client.request("GET", path)["runs"]

    def run(self, project: str, run_id: str, team: Optional[str] = None) -> JSON:
        """One run with its summary."""
        path = "/teams/%s/projects/%s/runs/%s" % (seg(self._team(team)), seg(project), seg(run_id))
        return self.client.request("GET", path)

    def history(self, project: str, run_id: str, keys: List[str], team: Optional[str] = None, samples: int = 1000) -> JSON:
        """Downsampled metric series by key (``total``, ``steps``, ``min``, ``max``, ``last``)."""
        path = "/teams/%s/projects/%s/runs/%s/history?keys=%s&samples=%d" % (
            seg(self._team(team)), seg(project), seg(run_id), seg(",".join(keys)), samples,
        )
        return self.client.request("GET", path)["series"]

    def create_artifact_version(self, project: str, collection: str, type: str, team: Optional[str] = None, **kwargs: Any) -> JSON:
        """Creates an artifact version (the collection on first use); see artifacts.create_artifact_version."""
        return artifacts.create_artifact_version(self.client, self._team(team), project, collection, type, **kwargs)

    def add_alias(self, project: str, collection: str, version: str, alias: str, team: Optional[str] = None) -> Any:
        """Points an alias at a version."""
        return artifacts.add_alias(self.client, self._team(team), project, collection, version, alias)

    def link_artifact(self, artifact: str, registry: str, collection: str) -> JSON:
        """Links ``team/project/collection:vN`` into a registry collection."""
        return artifacts.link_artifact(self.client, registry, collection, artifact)

    def automations(self, team: Optional[str] = None, name: Optional[str] = None) -> List[Automation]:
        """A team's automations (optionally the one named ``name``)."""
        found = self.client.request("GET", "/teams/%s/automations" % seg(self._team(team)))["automations"]
        return [Automation(a) for a in found if name is None or a["name"] == name]

    def automation(self, automation_id: str) -> Automation:
        """One automation by id."""
        return Automation(self.client.request("GET", "/automations/%s" % seg(automation_id)))

    def create_automation(
        self,
        draft: AutomationDraft,
        name: str,
        scope: Union[str, JSON, None] = None,
        description: str = "",
        enabled: bool = True,
        team: Optional[str] = None,
    ) -> Automation:
        """Creates ``event >> action`` under ``name`` in ``scope`` (``"ml/cifar"``, or a scope dict)."""
        wire_scope = _scope_of(scope, team or self.team)
        team = team or wire_scope.get("team") or self.team
        body = draft.to_json(name, wire_scope, description, enabled)
        return Automation(self.client.request("POST", "/teams/%s/automations" % seg(self._team(team)), body))

    def update_automation(self, automation: Union[Automation, str], **changes: Any) -> Automation:
        """Saves an edited automation (its definition fields), or applies ``changes`` to an id.
        ``event=`` may be an Event and ``action=`` an Action."""
        if isinstance(automation, str):
            automation_id, body = automation, {}
        else:
            automation_id = automation["id"]
            body = {k: automation[k] for k in DEFINITION_FIELDS if k in automation}
        for key, value in changes.items():
            body[key] = value.to_json() if hasattr(value, "to_json") else value
        return Automation(self.client.request("PATCH", "/automations/%s" % seg(automation_id), body))

    def delete_automation(self, automation: Union[Automation, str]) -> None:
        """Deletes an automation (its history stays)."""
        automation_id = automation if isinstance(automation, str) else automation["id"]
        self.client.request("DELETE", "/automations/%s" % seg(automation_id))

    def executions(self, automation: Union[Automation, str], limit: int = 50) -> List[JSON]:
        """An automation's executions, newest first."""
        automation_id = automation if isinstance(automation, str) else automation["id"]
        path = "/automations/%s/executions?limit=%d" % (seg(automation_id), limit)
        return self.client.request("GET", path)["executions"]
