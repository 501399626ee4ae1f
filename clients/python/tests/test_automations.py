import unittest

from bellwether import (
    Api,
    ArtifactEvent,
    BellwetherApiError,
    DoNothing,
    RunEvent,
    SendNotification,
    SendWebhook,
    project_scope,
    registry_scope,
)

from .server import TEAM, shared_server

PROJECT = "py-automations"


class BuilderTest(unittest.TestCase):
    def test_builds_thresholds_with_comparison_operators(self):
        self.assertEqual(
            (RunEvent.metric("loss").avg(5) > 2).to_json(),
            {
                "type": "RUN_METRIC_THRESHOLD",
                "metric": {"name": "loss", "window": 5, "agg": "AVERAGE", "cmp": "$gt", "threshold": 2},
            },
        )
        self.assertEqual((RunEvent.metric("acc").max(3) <= 0.5).to_json()["metric"]["cmp"], "$lte")
        self.assertEqual(
            (RunEvent.metric("loss") < 1).to_json()["metric"],
            {"name": "loss", "agg": None, "cmp": "$lt", "threshold": 1},
        )

    def test_builds_changes_and_zscores_with_directions(self):
        self.assertEqual(
            RunEvent.metric("loss").changes_by(frac=0.1).to_json()["metric"],
            {"name": "loss", "agg": "AVERAGE", "change_type": "RELATIVE", "direction": "ANY", "amount": 0.1},
        )
        change = RunEvent.metric("loss").min(10).changes_by(diff=0.5, direction="decrease", prior_window=20)
        self.assertEqual(
            change.to_json()["metric"],
            {
                "name": "loss",
                "agg": "MIN",
                "current_window": 10,
                "prior_window": 20,
                "change_type": "ABSOLUTE",
                "direction": "DECREASE",
                "amount": 0.5,
            },
        )
        with self.assertRaises(ValueError):
            RunEvent.metric("loss").changes_by(frac=0.1, diff=1)
        self.assertEqual(
            (RunEvent.metric("loss").zscore(30) > 2).to_json()["metric"],
            {"name": "loss", "window": 30, "threshold": 2, "direction": "INCREASE"},
        )
        self.assertEqual((RunEvent.metric("loss").zscore(30) < -3).to_json()["metric"]["direction"], "DECREASE")
        self.assertEqual((RunEvent.metric("loss").zscore(30).abs() > 2).to_json()["metric"]["direction"], "ANY")

    def test_builds_state_and_artifact_events_and_actions(self):
        self.assertEqual(RunEvent.state.in_(["failed"]).to_json(), {"type": "RUN_STATE", "states": ["failed"]})
        self.assertEqual(
            ArtifactEvent.alias.matches_regex("^prod").to_json(), {"type": "ADD_ARTIFACT_ALIAS", "alias_regex": "^prod"}
        )
        self.assertEqual(
            ArtifactEvent.created(collection_type="model").to_json(),
            {"type": "CREATE_ARTIFACT", "collection_type": "model"},
        )
        self.assertEqual(
            SendWebhook.from_integration({"id": "whk_1"}, payload={"run": "${run_name}"}).to_json(),
            {"type": "GENERIC_WEBHOOK", "webhook_id": "whk_1", "payload": {"run": "${run_name}"}},
        )
        self.assertEqual(
            SendNotification.from_integration("slk_1", title="Loss", text="${metric_value}", level="warn").to_json(),
            {
                "type": "NOTIFICATION",
                "slack_integration_id": "slk_1",
                "title": "Loss",
                "message": "${metric_value}",
                "severity": "WARN",
            },
        )
        draft = RunEvent.state.in_(["failed"]).where({"tags": {"$contains": "nightly"}}).cooldown(0) >> DoNothing()
        self.assertEqual(
            draft.to_json("x", project_scope("ml", "cifar"))["event"],
            {"type": "RUN_STATE", "states": ["failed"], "run_filter": {"tags": {"$contains": "nightly"}}, "cooldown_seconds": 0},
        )


class AutomationApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = shared_server()
        cls.api = Api(base_url=cls.server.url, api_key=cls.server.api_key, team=TEAM)
        try:
            cls.api.create_project(PROJECT)
        except BellwetherApiError as error:
            if error.status != 409:
                raise

    @classmethod
    def tearDownClass(cls):
        cls.api.close()

    def test_creates_lists_updates_and_deletes_automations(self):
        scope = "%s/%s" % (TEAM, PROJECT)
        events = {
            "py threshold": RunEvent.metric("loss").avg(5) > 2,
            "py change": RunEvent.metric("loss").changes_by(frac=0.1),
            "py zscore": RunEvent.metric("loss").zscore(30) > 2,
            "py state": RunEvent.state.in_(["failed"]),
            "py alias": ArtifactEvent.alias.matches_regex("^prod"),
        }
        for name, event in events.items():
            created = self.api.create_automation(event >> DoNothing(), name=name, scope=scope, description="py")
            self.assertEqual(created.name, name)
            for key, value in event.to_json().items():
                if key != "metric":
                    self.assertEqual(created.event[key], value)
            self.assertLessEqual(set(event.to_json().get("metric", {}).items()) - {("agg", None)}, set(created.event.get("metric", {}).items()))
        names = [a.name for a in self.api.automations()]
        for name in events:
            self.assertIn(name, names)

        [threshold] = self.api.automations(name="py threshold")
        threshold.enabled = False
        threshold.description = "edited"
        updated = self.api.update_automation(threshold)
        self.assertFalse(updated.enabled)
        self.assertEqual(updated.description, "edited")
        updated = self.api.update_automation(updated.id, event=RunEvent.metric("loss").avg(5) > 3)
        self.assertEqual(updated.event["metric"]["threshold"], 3)

        self.api.delete_automation(updated)
        self.assertEqual(self.api.automations(name="py threshold"), [])

    def test_refuses_a_duplicate_name_and_a_scope_the_event_cannot_use(self):
        scope = "%s/%s" % (TEAM, PROJECT)
        self.api.create_automation(RunEvent.state.in_(["finished"]) >> DoNothing(), name="py dup", scope=scope)
        with self.assertRaises(BellwetherApiError) as dup:
            self.api.create_automation(RunEvent.state.in_(["finished"]) >> DoNothing(), name="py dup", scope=scope)
        self.assertEqual(dup.exception.status, 409)
        with self.assertRaises(BellwetherApiError) as bad:
            self.api.create_automation(
                RunEvent.state.in_(["failed"]) >> DoNothing(), name="py bad", scope=registry_scope("model"), team=TEAM
            )
        self.assertIn(bad.exception.status, (404, 422))


if __name__ == "__main__":
    unittest.main()
