import math
import unittest

import bellwether
from bellwether import Api, BellwetherApiError

from .flaky_proxy import FlakyProxy
from .server import TEAM, shared_server

PROJECT = "py-runs"


class RunLoggingTest(unittest.TestCase):
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

    def init(self, run_id, **kwargs):
        kwargs.setdefault("base_url", self.server.url)
        return bellwether.init(
            team=TEAM, project=PROJECT, run_id=run_id, api_key=self.server.api_key, capture_exceptions=False, **kwargs
        )

    def test_stores_10000_points_exactly_once_through_a_proxy_failing_every_third_request(self):
        proxy = FlakyProxy(self.server.url)
        try:
            run = self.init("flaky", base_url=proxy.url, batch_size=400)
            run._sleep = lambda seconds: None
            for i in range(10000):
                run.log({"loss": 1.0 / (i + 1)})
            result = run.finish()
        finally:
            proxy.close()
        self.assertEqual(result["state"], "finished")
        self.assertEqual(result["failed_batches"], [])
        self.assertEqual(result["sent_rows"], 10000)
        self.assertGreater(proxy.failures, 5)
        series = self.api.history(PROJECT, "flaky", ["loss"], samples=100000)["loss"]
        self.assertEqual(series["total"], 10000)
        self.assertEqual(series["steps"][0], 0)
        self.assertEqual(series["steps"][-1], 9999)
        self.assertAlmostEqual(series["last"][-1], 1.0 / 10000)

    def test_numbers_steps_automatically_and_resumes_after_the_last_step(self):
        run = self.init("resume", name="resnet-1", config={"lr": 0.1}, tags=["py"])
        run.log({"loss": 1.0})
        run.log({"loss": 2.0})
        run.log({"acc": 0.5}, step=1)
        run.flush()
        again = self.init("resume")
        self.assertEqual(again.step, 2)
        again.log({"loss": float("nan")})
        again.finish()
        stored = self.api.run(PROJECT, "resume")
        self.assertEqual(stored["display_name"], "resnet-1")
        self.assertEqual(stored["config"], {"lr": 0.1})
        self.assertEqual(stored["summary"], {"loss": "NaN", "acc": 0.5})
        series = self.api.history(PROJECT, "resume", ["loss"])["loss"]
        self.assertEqual(series["steps"], [0, 1, 2])
        self.assertTrue(series["last"][2] == "NaN" and not math.isnan(series["last"][0]))

    def test_marks_the_run_failed_on_a_nonzero_exit_code_and_inside_a_failing_with_block(self):
        bad = self.init("bad")
        bad.finish(exit_code=3)
        self.assertEqual(self.api.run(PROJECT, "bad")["state"], "failed")
        with self.assertRaises(RuntimeError):
            bad.log({"loss": 1})
        with self.assertRaises(ZeroDivisionError):
            with self.init("crashing") as run:
                run.log({"loss": 1})
                1 / 0
        self.assertEqual(self.api.run(PROJECT, "crashing")["state"], "failed")
        with self.init("fine") as run:
            run.log({"loss": 1})
        self.assertEqual(self.api.run(PROJECT, "fine")["state"], "finished")

    def test_sends_rows_on_the_timer_without_an_explicit_flush(self):
        import time

        run = self.init("timer", flush_interval=0.05)
        run.log({"loss": 1.0})
        for _ in range(100):
            if self.api.run(PROJECT, "timer")["last_step"] == 0:
                break
            time.sleep(0.05)
        self.assertEqual(self.api.run(PROJECT, "timer")["last_step"], 0)
        run.finish()

    def test_marks_the_run_failed_when_the_script_dies_of_an_uncaught_exception(self):
        import os
        import subprocess
        import sys

        script = (
            "import bellwether\n"
            "run = bellwether.init(team=%r, project=%r, run_id='crash', base_url=%r, api_key=%r)\n"
            "run.log({'loss': 1.0})\n"
            "run.log({'loss': 2.0})\n"
            "raise RuntimeError('diverged')\n"
        ) % (TEAM, PROJECT, self.server.url, self.server.api_key)
        package_root = os.path.join(os.path.dirname(__file__), "..")
        env = dict(os.environ, PYTHONPATH=os.path.abspath(package_root))
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 1)
        self.assertIn("diverged", done.stderr)
        stored = self.api.run(PROJECT, "crash")
        self.assertEqual(stored["state"], "failed")
        self.assertEqual(stored["last_step"], 1)

    def test_reports_a_refused_batch_instead_of_retrying_it(self):
        run = self.init("refused")
        run.log({"k" * 300: 1})
        result = run.finish()
        self.assertEqual(len(result["failed_batches"]), 1)
        error = result["failed_batches"][0]["error"]
        self.assertIsInstance(error, BellwetherApiError)
        self.assertEqual(error.status, 422)

    def test_raises_the_problem_of_a_missing_project(self):
        with self.assertRaises(BellwetherApiError) as caught:
            bellwether.init(team=TEAM, project="nope", base_url=self.server.url, api_key=self.server.api_key)
        self.assertEqual(caught.exception.status, 404)
        self.assertEqual(caught.exception.code, "not_found")

    def test_creates_artifact_versions_and_aliases(self):
        run = self.init("producer")
        manifest = [{"path": "model.pt", "digest": "abc", "size": 1, "uri": "s3://b/model.pt"}]
        v0 = run.log_artifact("resnet", "model", manifest=manifest, metadata={"acc": 0.9})
        self.assertEqual(v0["version"], "v0")
        self.assertEqual(v0["digest"], bellwether.manifest_digest(manifest))
        self.assertEqual(v0["run_id"], "producer")
        v1 = self.api.create_artifact_version(PROJECT, "resnet", "model", digest="d1")
        self.assertEqual(v1["version"], "v1")
        self.api.add_alias(PROJECT, "resnet", "v0", "prod")
        run.finish()


if __name__ == "__main__":
    unittest.main()
