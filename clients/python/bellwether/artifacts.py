"""Artifact helpers: new versions (creating the collection on first use), aliases, registry links."""

from __future__ import annotations

import hashlib
from typing import Any, Dict, List, Optional

from .errors import BellwetherApiError
from .http_client import HttpClient, seg


def manifest_digest(manifest: List[Dict[str, Any]]) -> str:
    """sha256 over the sorted (path, digest) pairs: the same files give the same digest."""
    h = hashlib.sha256()
    for entry in sorted(manifest, key=lambda e: e["path"]):
        h.update(("%s\0%s\n" % (entry["path"], entry["digest"])).encode("utf-8"))
    return h.hexdigest()


def create_artifact_version(
    client: HttpClient,
    team: str,
    project: str,
    collection: str,
    type: str,
    digest: Optional[str] = None,
    metadata: Optional[Dict[str, Any]] = None,
    manifest: Optional[List[Dict[str, Any]]] = None,
    aliases: Optional[List[str]] = None,
    tags: Optional[List[str]] = None,
    description: Optional[str] = None,
    run_id: Optional[str] = None,
) -> Dict[str, Any]:
    """Creates a version of ``team/project/collection``; it gets the alias ``latest``."""
    base = "/teams/%s/projects/%s/artifacts" % (seg(team), seg(project))
    try:
        client.request("POST", base, {"name": collection, "type": type})
    except BellwetherApiError as error:
        if error.status != 409:  # 409: the collection exists, the usual case after the first version
            raise
    manifest = manifest or []
    body: Dict[str, Any] = {
        "digest": digest or manifest_digest(manifest),
        "metadata": metadata or {},
        "manifest": manifest,
        "aliases": aliases or [],
        "tags": tags or [],
    }
    if description is not None:
        body["description"] = description
    if run_id is not None:
        body["run_id"] = run_id
    return client.request("POST", "%s/%s/versions" % (base, seg(collection)), body)


def add_alias(client: HttpClient, team: str, project: str, collection: str, version: str, alias: str) -> Any:
    """Points ``alias`` at ``version`` (``v3`` or another alias)."""
    path = "/teams/%s/projects/%s/artifacts/%s/versions/%s/aliases/%s" % (
        seg(team), seg(project), seg(collection), seg(version), seg(alias),
    )
    return client.request("PUT", path)


def link_artifact(client: HttpClient, registry: str, collection: str, artifact: str) -> Dict[str, Any]:
    """Links ``team/project/collection:v3`` (or ``:alias``) into a registry collection."""
    path = "/registries/%s/collections/%s/links" % (seg(registry), seg(collection))
    return client.request("POST", path, {"artifact": artifact})
