"""Logs N metric points through the Python client and prints one JSON line with points/s.

    PYTHONPATH=clients/python python3 clients/python/bench/log_bench.py \
        --url http://127.0.0.1:8080 --api-key KEY --team ml --project bench --points 1000000
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import bellwether  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--team", required=True)
    parser.add_argument("--project", required=True)
    parser.add_argument("--run-id", default="py-bench")
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--keys-per-row", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=10_000)
    args = parser.parse_args()

    keys = ["m%d" % k for k in range(args.keys_per_row)]
    rows = args.points // len(keys)
    started = time.perf_counter()
    run = bellwether.init(
        team=args.team,
        project=args.project,
        run_id=args.run_id,
        base_url=args.url,
        api_key=args.api_key,
        batch_size=args.batch_size,
        capture_exceptions=False,
    )
    for i in range(rows):
        run.log({k: i * 0.001 for k in keys})
        if i % 50_000 == 0 and run.pending > 200_000:
            run.flush()  # keeps memory bounded when logging outpaces the server
    result = run.finish()
    seconds = time.perf_counter() - started
    points = result["sent_rows"] * len(keys)
    print(json.dumps({"client": "python", "points": points, "seconds": seconds, "points_per_s": points / seconds}))


if __name__ == "__main__":
    main()
