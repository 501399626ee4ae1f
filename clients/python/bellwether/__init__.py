"""Bellwether's Python client: log runs and manage automations, standard library only.

    import bellwether
    run = bellwether.init(team="ml", project="cifar")
    run.log({"loss": 0.5})
    run.finish()

    from bellwether import Api, DoNothing, RunEvent
    event = RunEvent.metric("loss").avg(5) > 2
    Api().create_automation(event >> DoNothing(), name="loss above 2", scope="ml/cifar")
"""

from .api import Api, Automation
from .artifacts import manifest_digest
from .automations import (
    Action,
    ArtifactEvent,
    AutomationDraft,
    DoNothing,
    Event,
    RunEvent,
    SendNotification,
    SendWebhook,
    artifact_collection_scope,
    project_scope,
    registry_collection_scope,
    registry_scope,
    team_scope,
)
from .errors import BellwetherApiError, BellwetherNetworkError
from .http_client import HttpClient
from .run import Run, init

__version__ = "0.1.0"

__all__ = [
    "Action",
    "Api",
    "ArtifactEvent",
    "Automation",
    "AutomationDraft",
    "BellwetherApiError",
    "BellwetherNetworkError",
    "DoNothing",
    "Event",
    "HttpClient",
    "Run",
    "RunEvent",
    "SendNotification",
    "SendWebhook",
    "artifact_collection_scope",
    "init",
    "manifest_digest",
    "project_scope",
    "registry_collection_scope",
    "registry_scope",
    "team_scope",
]
