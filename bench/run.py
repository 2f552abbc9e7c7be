"""Load the production-like stack with wrk and print each page's rate beside the static baselines of the same run.

    .venv/bin/python bench/run.py [--seconds 10] [--connections 16] [--database civicportal_bench] [--cache both]

It starts deploy/serve on ports of its own (nginx on 127.0.0.1:8090, app servers on 8091 and 8092) against
the large city (bench/large_city.py), saves the home page's HTML as a static file, and runs wrk for each
page: through nginx and straight to one app server. The two baselines are that static file, sent by the same
nginx and by the same gunicorn (through WhiteNoise). Every rate is printed with its share of the baseline it
is compared with, so the figures of one run can be compared with each other whatever the machine is doing.

`--cache off` runs the stack with the page cache off (PAGE_CACHE_SECONDS=0: every page rendered for every
request, and nothing for nginx to keep), `--cache on` with it on and each page warmed by one request first,
`--cache both` (the default) one after the other, the baselines measured again in each.
"""

import argparse
import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("percentiles.lua")
NGINX = "127.0.0.1:8090"
APP = "127.0.0.1:8091"

PAGES = {
    "home page": "/",
    "accountability": "/alliance/accountability/",
    "campaign": "/alliance/campaigns/living-wage/",
    "ward": "/neighbourhoods/wards/bulwell/",
    "indicator": "/initiatives/indicators/key-stage-2-results/",
    "news list": "/alliance/news/",
    "news feed": "/alliance/news/feed/",
    "search": "/search/?q=living+wage",
}
BASELINE = "/static/bench/home.html"


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # TimeoutError: a page still slow to render
            time.sleep(0.5)
    raise SystemExit(f"The stack did not answer at {url} within {seconds:.0f} seconds.")


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, *, seconds: int, connections: int) -> dict[str, float]:
    """Run wrk against the URL and return requests per second and latency percentiles in milliseconds."""
    output = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    figures = dict(re.findall(r"^BENCH (\w+) ([\d.]+)$", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(figures["rps"]),
        "p50": float(figures["p50"]) / 1000,
        "p95": float(figures["p95"]) / 1000,
        "p99": float(figures["p99"]) / 1000,
        "errors": int(errors.group(1)) if errors else 0,
    }


def page_weight(host: str, path: str) -> tuple[int, int]:
    """Return a page's own weight, compressed as gzip sends it: (the HTML alone, the HTML with the stylesheets,
    scripts and fonts it loads). Images are left out, as the target says; a resource shared by pages counts
    in each page's weight, as a first visit pays it."""

    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()

    html = fetch(f"http://{host}{path}")
    assets = set(re.findall(rb'<link[^>]+rel="(?:stylesheet|preload)"[^>]*href="([^"]+)"', html))
    assets |= set(re.findall(rb'<link[^>]+href="([^"]+)"[^>]*rel="(?:stylesheet|preload)"', html))
    assets |= set(re.findall(rb'<script[^>]+src="([^"]+)"', html))
    own = len(gzip.compress(html, 6))
    total = own
    for asset in sorted(assets):
        body = fetch(f"http://{host}{asset.decode()}")
        total += len(body) if asset.endswith((b".woff2", b".woff")) else len(gzip.compress(body, 6))
        if asset.endswith(b".css"):  # fonts the stylesheet loads
            for font in sorted(set(re.findall(rb'url\(["\']?([^"\')]+\.woff2?)', body))):
                url = urllib.request.urljoin(f"http://{host}{asset.decode()}", font.decode())
                total += len(fetch(url))
    return own, total


def print_weights(host: str) -> None:
    print("\n== each page's own weight, gzip-compressed (images aside; target 150 kB) ==")
    print(f"{'':<18}{'HTML kB':>9}{'with CSS, JS, fonts kB':>24}")
    for name, path in PAGES.items():
        own, total = page_weight(host, path)
        print(f"{name:<18}{own / 1024:>9.1f}{total / 1024:>24.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database", default="civicportal_bench")
    parser.add_argument("--cache", choices=["on", "off", "both"], default="both")
    parser.add_argument(
        "--pages",
        nargs="+",
        choices=PAGES,
        default=list(PAGES),
        metavar="PAGE",
        help=f"the pages to measure (default every one: {', '.join(PAGES)})",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")

    run_dir = ROOT / ".serve-bench"
    static_root = run_dir / "static"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/3"),
        "RUN_DIR": str(run_dir),
        "STATIC_ROOT": str(static_root),
        "LISTEN": NGINX,
        "APP_PORTS": f"{APP.rsplit(':', 1)[1]} 8092",
        "LOG_LEVEL": "WARNING",
    }
    # The baseline file must be in STATIC_ROOT before the app servers start: WhiteNoise indexes it then.
    (static_root / "bench").mkdir(parents=True, exist_ok=True)
    (static_root / "bench" / "home.html").write_text("")
    # nginx's cache outlives the stack: a page an earlier run kept would answer before the app servers are up.
    shutil.rmtree(run_dir / "cache", ignore_errors=True)
    stack = subprocess.Popen([str(ROOT / "deploy" / "serve")], env=env, cwd=ROOT, start_new_session=True)
    try:
        wait_until_up(f"http://{NGINX}/")
        html = urllib.request.urlopen(f"http://{NGINX}/", timeout=30).read()
        (static_root / "bench" / "home.html").write_bytes(html)
        print_weights(NGINX)
        subprocess.run([str(ROOT / "deploy" / "serve"), "stop"], env=env, cwd=ROOT, check=True)
        stack.wait(timeout=60)
        for cache in ["off", "on"] if args.cache == "both" else [args.cache]:
            seconds = "0" if cache == "off" else os.environ.get("PAGE_CACHE_SECONDS", "300")
            stack_env = {**env, "PAGE_CACHE_SECONDS": seconds}
            # nginx's cache outlives the stack; what an earlier run kept would be served (stale, while updating).
            shutil.rmtree(run_dir / "cache", ignore_errors=True)
            stack = subprocess.Popen([str(ROOT / "deploy" / "serve")], env=stack_env, cwd=ROOT, start_new_session=True)
            wait_until_up(f"http://{NGINX}{BASELINE}")
            print(f"\n== page cache {cache} (PAGE_CACHE_SECONDS={seconds}) ==")
            report(args, warm=cache == "on")
            subprocess.run([str(ROOT / "deploy" / "serve"), "stop"], env=env, cwd=ROOT, check=True)
            stack.wait(timeout=60)
        return 0
    finally:
        subprocess.run([str(ROOT / "deploy" / "serve"), "stop"], env=env, cwd=ROOT, check=False)
        if stack.poll() is None:
            os.killpg(stack.pid, signal.SIGTERM)


def report(args, *, warm: bool) -> None:
    measure = {"seconds": args.seconds, "connections": args.connections}
    baseline_nginx = wrk(f"http://{NGINX}{BASELINE}", **measure)
    baseline_app = wrk(f"http://{APP}{BASELINE}", **measure)
    print(f"{args.connections} connections, {args.seconds} s a page; baselines: the home page's HTML as a file")
    print(f"{'':<18}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'% of base':>11}")
    line = "{:<18}{:>9.0f}{:>9.1f}{:>9.1f}{:>9.1f}{:>11}"
    print(line.format("static, nginx", *[baseline_nginx[k] for k in ("rps", "p50", "p95", "p99")], ""))
    print(line.format("static, gunicorn", *[baseline_app[k] for k in ("rps", "p50", "p95", "p99")], ""))
    for where, host, base in (("through nginx", NGINX, baseline_nginx), ("straight to gunicorn", APP, baseline_app)):
        print(f"\n{where} (share of the static file sent the same way)")
        for name, path in PAGES.items():
            if name not in args.pages:
                continue
            status = status_of(f"http://{host}{path}")
            if warm:  # the first request kept the page; a second is served from the cache
                status = status_of(f"http://{host}{path}")
            if status != 200:
                print(f"{name:<18}  answers {status}: not measured")
                continue
            result = wrk(f"http://{host}{path}", **measure)
            share = f"{100 * result['rps'] / base['rps']:.1f} %"
            print(line.format(name, *[result[k] for k in ("rps", "p50", "p95", "p99")], share), end="")
            print(f"  ({result['errors']} errors)" if result["errors"] else "")


if __name__ == "__main__":
    sys.exit(main())
