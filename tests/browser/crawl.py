"""The quality harness: crawl the public site from the home page and check every page it finds.

Each page is checked with axe-core (WCAG 2.2 A and AA rules) at 1280 and 320 pixels wide, for
sideways scrolling at 320 pixels (of the page, and of any table or chart in it, whose every column must stay
readable and whose text must stay at least 11 pixels high: `check_fits_phone`), for one <h1> and a <main>,
for content the Content Security Policy refused, and, at the end, with the Nu Html Checker (vnu.jar) for HTML
errors. A new page is covered by being linked from a page the crawl reaches (or by adding its address to
`extra_paths`).
"""

import json
import shutil
import subprocess
import tempfile
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 320)

# Paths the crawl never follows: the admin, signing out, files, and machine-readable data.
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", "/static/", "/media/")
# At most this many addresses that differ only in their query string (filters, pages) per path.
MAX_QUERY_VARIANTS = 3


@dataclass
class CrawlReport:
    visited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    html: dict[str, str] = field(default_factory=dict)
    # Visited addresses that the server redirected elsewhere (a sign-in page, a ward found), by where they led.
    redirected: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return f"{len(self.problems)} problem(s) on {len(self.visited)} page(s):\n" + "\n".join(self.problems)


def crawl(
    page,
    *,
    start: str = "/",
    extra_paths: dict[str, int] | None = None,
    limit: int = 500,
    check: Callable[[Any, str, "CrawlReport"], None] | None = None,
    validate_html: bool = True,
) -> CrawlReport:
    """Visit every same-site page linked from `start` (and `extra_paths`, path -> expected status), checking each
    with `check` (every check of the harness unless another is given) and, if `validate_html`, the HTML at the end."""
    check = check or _check_page
    report = CrawlReport()
    expected = {start: 200, **(extra_paths or {})}
    queue = deque(expected)
    seen = set(queue)
    variants = Counter()
    csp_refusals: list[str] = []
    page.on("console", lambda msg: csp_refusals.append(msg.text) if "Content Security Policy" in msg.text else None)
    while queue and len(report.visited) < limit:
        path = queue.popleft()
        csp_refusals.clear()
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" not in str(error):
                raise
            # A file the browser saves (CSV, iCal): check that it is served, then move on.
            response = page.request.get(path)
        status = response.status if response else 0
        want = expected.get(path, 200)
        if status != want:
            report.problems.append(f"{path}: answered {status}, expected {want}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        report.visited.append(path)
        report.html[path] = response.text()
        landed = page.url[len(f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}") :]
        if landed != path:
            report.redirected[path] = landed
        check(page, path, report)
        report.problems.extend(
            f"{path}: the Content Security Policy refused something: {text}" for text in csp_refusals
        )
        for link in _links(page):
            bare = link.split("?", 1)[0]
            if link in seen or (link != bare and variants[bare] >= MAX_QUERY_VARIANTS):
                continue
            if link != bare:
                variants[bare] += 1
            seen.add(link)
            queue.append(link)
    if validate_html:
        report.problems.extend(check_html(report.html))
    return report


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    origin = f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}"
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        if not url.startswith(origin + "/"):
            continue
        path = url[len(origin) :]
        if path.startswith(SKIPPED_PREFIXES):
            continue
        found.append(path)
    return found


def _check_page(page, path: str, report: CrawlReport) -> None:
    headings = page.locator("h1").count()
    if headings != 1:
        report.problems.append(f"{path}: has {headings} <h1> elements, not one")
    if page.locator("main").count() != 1:
        report.problems.append(f"{path}: has no single <main> landmark")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for violation in run_axe(page):
            nodes = "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
            report.problems.append(f"{path} at {width}px: axe {violation['id']} ({violation['help']}) on {nodes}")
        if width == 320:
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                report.problems.append(f"{path} at 320px: scrolls sideways by {overflow}px")
            report.problems.extend(f"{path} at 320px: {problem}" for problem in check_fits_phone(page))
    page.set_viewport_size({"width": 1280, "height": 900})


def check_fits_phone_at_320(page, path: str, report: CrawlReport) -> None:
    """Check a crawled page only for how its tables and charts fit a 320 pixel screen (a quicker crawl than the
    whole harness, for `crawl(page, check=check_fits_phone_at_320)`)."""
    page.set_viewport_size({"width": 320, "height": 900})
    report.problems.extend(f"{path} at 320px: {problem}" for problem in check_fits_phone(page))
    page.set_viewport_size({"width": 1280, "height": 900})


# The smallest chart text, in CSS pixels as drawn, that is still readable on a phone.
MIN_CHART_TEXT_PX = 11


def check_fits_phone(page) -> list[str]:
    """Return what keeps the page's tables and charts from fitting the viewport it is shown at: the page or a
    table (or the box around it) scrolling sideways, an element in a table wider than the screen or sticking
    out of its table, a cell not shown, a column whose heading is hidden with no label on its cells, and chart
    text drawn smaller than MIN_CHART_TEXT_PX."""
    return page.evaluate(FITS_PHONE_SCRIPT, MIN_CHART_TEXT_PX)


FITS_PHONE_SCRIPT = (Path(__file__).parent / "fits_phone.js").read_text()


def run_axe(page) -> list[dict]:
    """Run axe-core on the page with the WCAG 2.2 A and AA rules and return its violations."""
    # Evaluated through the DevTools protocol, so the page's Content Security Policy does not block it.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return results["violations"]


def check_journey_page(page, label: str, pages: dict[str, str], problems: list[str]) -> None:
    """Check the page a journey is on as the crawl checks pages: one h1, axe and no sideways scrolling at 1280 and
    320 pixels; keep its HTML in `pages` for `check_html`, and add what is wrong to `problems`."""
    if page.locator("h1").count() != 1:
        problems.append(f"{label}: not one h1")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        pages[f"{label}@{width}"] = page.content()
        problems += [f"{label} at {width}px: axe {violation['id']}" for violation in run_axe(page)]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{label} at {width}px scrolls sideways ({scroll_width}px)")
        if width == 320:
            problems += [f"{label} at 320px: {problem}" for problem in check_fits_phone(page)]
    page.set_viewport_size({"width": 1280, "height": 900})


def check_html(pages: dict[str, str]) -> list[str]:
    """Check pages with the Nu Html Checker and return one line per error."""
    if not pages:
        return []
    java = shutil.which("java")
    if java is None:
        return ["The Nu Html Checker needs Java: install Debian's default-jre-headless."]
    if not VNU_JAR.exists():
        return [f"The Nu Html Checker is missing at {VNU_JAR}: run `npm ci`."]
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (path, html) in enumerate(pages.items()):
            file = Path(folder) / f"page{number}.html"
            file.write_text(html, encoding="utf-8")
            files[file.name] = path
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", folder],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{files.get(Path(message.get('url', '')).name, message.get('url'))}: HTML error, "
        f"line {message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
