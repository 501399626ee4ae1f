"""A toy training loop that logs a run with the Python client. Its loss falls, then diverges past 2,
which fires the "loss above 2" automation of examples/automations.yaml.

    export BELLWETHER_URL=http://localhost:8080 BELLWETHER_API_KEY=bw_...
    PYTHONPATH=clients/python python3 examples/train.py

It logs into the team `default` (the one a fresh start creates; set BELLWETHER_TEAM for another)
and creates the project `cifar` when it does not exist yet.
"""

import math
import os

import bellwether
from bellwether import Api, BellwetherApiError

team = os.environ.get("BELLWETHER_TEAM", "default")
project = "cifar"

try:  # the project must exist; 409 means it already does
    Api(team=team).create_project(project)
except BellwetherApiError as error:
    if error.status != 409:
        raise

run = bellwether.init(team=team, project=project, name="resnet-py-example", config={"lr": 0.1}, tags=["example"])
print("logging run", run.run_id)
for step in range(300):
    loss = 0.3 + 1.5 * math.exp(-step / 40) if step < 200 else 0.3 + 0.03 * (step - 200)
    run.log({"loss": loss, "acc": min(0.95, step / 250)})
result = run.finish()
print("run %s %s: %d rows stored" % (run.run_id, result["state"], result["sent_rows"]))
