"""Count each benchmarked page's database queries on the Nottingham fixtures and on the large city, side by side.

    .venv/bin/python bench/queries.py [--fixtures civicportal_bench_fixtures] [--large civicportal_bench]

The fixtures database is made (migrated, the Nottingham content loaded) when it does not exist. Each database
is read in a process of its own, with the production settings and the page cache off; the target is the same
count on both. A page's count is taken on its second request, so that what a first request sets up once
(the site's configuration, the session engine) is not counted.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PAGES

COUNT = """
import json, os, sys
sys.path.insert(0, os.environ["ROOT"])
import django
django.setup()
from django.db import connection
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for name, path in json.loads(os.environ["PAGES"]).items():
    client.get(path)
    seen = []
    with connection.execute_wrapper(lambda execute, sql, *rest: (seen.append(sql), execute(sql, *rest))[1]):
        status = client.get(path).status_code
    counts[name] = len(seen) if status == 200 else f"answers {status}"
print(json.dumps(counts))
"""


def environment(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "ROOT": str(ROOT),
        "PAGES": json.dumps(PAGES),
        "DJANGO_SETTINGS_MODULE": "civicportal.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "CACHE_URL": "locmemcache://",
        "PAGE_CACHE_SECONDS": "0",
        "SECRET_KEY": "bench-query-counts-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(ROOT / ".serve-bench" / "static-queries"),
    }


def make_fixtures_database(name: str) -> None:
    listed = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-lqtA"], capture_output=True, text=True, check=True
    ).stdout
    if name in (line.split("|", 1)[0] for line in listed.splitlines()):
        return
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    dev = {**environment(name), "DJANGO_SETTINGS_MODULE": "civicportal.settings.dev", "DEBUG": "true"}
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], env=dev, cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "load_demo_content", "-v", "0"], env=dev, cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default="civicportal_bench_fixtures")
    parser.add_argument("--large", default="civicportal_bench")
    args = parser.parse_args()
    make_fixtures_database(args.fixtures)
    python = str(ROOT / ".venv" / "bin" / "python")
    # The production settings name static files by their fingerprints, which collectstatic writes down.
    collect = [python, "manage.py", "collectstatic", "--no-input", "-v", "0"]
    subprocess.run(collect, env=environment(args.large), cwd=ROOT, check=True)
    counts = {}
    for label, database in (("fixtures", args.fixtures), ("large city", args.large)):
        run = subprocess.run([python, "-c", COUNT], env=environment(database), cwd=ROOT, capture_output=True, text=True)
        if run.returncode:
            raise SystemExit(f"Counting the queries on {database} failed:\n{run.stderr[-3000:]}")
        output = run.stdout
        counts[label] = json.loads(output.strip().splitlines()[-1])
    print(f"{'':<18}{'fixtures':>10}{'large city':>12}")
    for name in PAGES:
        same = "" if counts["fixtures"][name] == counts["large city"][name] else "  differs"
        print(f"{name:<18}{counts['fixtures'][name]!s:>10}{counts['large city'][name]!s:>12}{same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
