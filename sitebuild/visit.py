"""A reader's visit to the built site in headless Chromium, as the browser tests and
scripts/benchmark.py record it: the requests, bytes, console errors and blocked hosts of a page
load (`visit`), and the calculator page's first use (`measure_first_use`).

Everything here takes a Playwright browser, context or page from its caller; the checks the
tests make on a visited page live with the tests (tests/support/browser.py).
"""

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.languages import DEFAULT, prefix
from sitebuild.serve import compress
from sitebuild.vendor_assets import PYODIDE_RUNTIME

# The viewports a visit is made with
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Material renders a diagram it draws in the browser into a closed shadow root; open it so the
# tests can look inside. (The build draws every diagram, into open shadow roots; a page whose
# diagrams Material drew would be a fault the checks must still see into.)
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, {...init, mode: "open"});
};
"""


@dataclass
class Visit:
    """What happened while a page loaded."""

    url: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    bytes_by_url: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return urlsplit(self.url).path

    def network_problems(self) -> list[str]:
        return (
            [f"{self.name}: console error: {e}" for e in self.console_errors]
            + [f"{self.name}: request failed: {r}" for r in self.failed]
            + [f"{self.name}: request to another host: {r}" for r in self.third_party]
        )


# Content-Security-Policy violations (sitebuild/csp.py), recorded as the page reports them. Init
# scripts come in through the DevTools protocol, which the policy does not govern.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`
  );
});
"""


def new_context(browser, origin: str, viewport=DESKTOP, **kwargs):
    """A browser context that lets only `origin` through (other hosts are recorded and aborted)."""
    context = browser.new_context(viewport=viewport, **kwargs)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.add_init_script(RECORD_CSP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    return context


def visit(context, url: str, origin: str):
    """Open `url`, wait until formulas and diagrams have rendered, and return (page, Visit)."""
    record = Visit(url)
    page = context.new_page()

    def route(route):
        if route.request.url.startswith(origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            record.third_party.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and record.console_errors.append(m.text))
    page.on("pageerror", lambda e: record.console_errors.append(str(e)))
    page.on("request", lambda r: record.requests.append(r.url))

    def finished(request):
        sizes = request.sizes()
        record.bytes_by_url[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", finished)

    def response(resp):
        if resp.status >= 400:
            record.failed.append(f"{resp.url} ({resp.status})")

    page.on("response", response)
    page.on(
        "requestfailed",
        lambda r: r.url.startswith(origin) and record.failed.append(f"{r.url} ({r.failure})"),
    )
    page.goto(url, wait_until="load")
    wait_for_rendering(page)
    return page, record


def wait_until(page, script: str, arg=None, timeout_ms: int = 30000) -> None:
    """Poll ``page.evaluate(script, arg)`` until it is truthy (TimeoutError after timeout_ms).

    Playwright's wait_for_function evaluates its predicate as a string inside the page, which
    the site's Content-Security-Policy refuses (no 'unsafe-eval'); page.evaluate goes through
    the DevTools protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{timeout_ms} ms passed waiting for: {' '.join(script.split())[:120]}"
            )
        page.wait_for_timeout(50)


def wait_for_rendering(page, timeout_ms: int = 3000) -> None:
    """Wait for the formulas' fonts, the diagrams (up to `timeout_ms`) and a quiet network."""
    # Formulas arrive typeset (sitebuild/math.py): only their fonts are still loading
    if page.locator(".arithmatex").count():
        page.evaluate("() => document.fonts.ready.then(() => true)")
    if page.locator("pre.mermaid, div.mermaid").count():
        # Diagrams arrive drawn (sitebuild/diagrams.py) in a shadow root declared in the HTML, so a
        # short wait is enough; one still missing then is the tests' to report (mermaid_problems)
        try:
            wait_until(
                page,
                """() => [...document.querySelectorAll('.mermaid')]
                        .every(el => el.shadowRoot && el.shadowRoot.querySelector('svg'))""",
                timeout_ms=timeout_ms,
            )
        except Exception:  # noqa: BLE001 (the tests' checks report what is missing)
            pass
    page.wait_for_load_state("networkidle")


# The calculator page: its first use, from the click on Calculate to the first result shown

CALCULATOR = "startup/calculator/"  # the page's path under a language's root
FORM = "#calculator-form"
BUTTON = "#calculator-form button[type=submit]"


def page_url(origin: str, lang: str) -> str:
    """The calculator page of the language on the server at `origin`."""
    return f"{origin}/{prefix(lang)}{CALCULATOR}"


def runs(page) -> int:
    """How many calculations the page has finished."""
    return int(page.evaluate(f"document.querySelector('{FORM}').dataset.runs || '0'"))


def wait_for_result(page, before: int, timeout_ms: int = 60000) -> None:
    """Wait until a calculation started after `before` runs has finished."""
    wait_until(
        page,
        f"""(before) => {{
            const form = document.querySelector('{FORM}');
            return Number(form.dataset.runs || 0) > before && form.dataset.state !== 'busy';
        }}""",
        before,
        timeout_ms,
    )


@dataclass
class FirstUse:
    """From the first click on Calculate to the first result shown."""

    seconds: float
    load_ms: int
    before: list[str]  # requests made before the click
    after: dict[str, int] = field(default_factory=dict)  # file name -> bytes transferred
    content_types: dict[str, str] = field(default_factory=dict)


def runtime_urls(page) -> list[str]:
    """The files a first calculation downloads (Pyodide's runtime, the startup_math package,
    the chart scripts), as absolute URLs read from the page."""
    return page.evaluate(
        f"""(names) => {{
            const form = document.querySelector('{FORM}');
            const at = (url) => new URL(url, document.baseURI).href;
            return [
                ...names.map((name) => at(form.dataset.pyodide + name)),
                at(form.dataset.package),
                ...form.dataset.charts.split(' ').map(at),
            ];
        }}""",
        list(PYODIDE_RUNTIME),
    )


def warm_the_server(urls: list[str]) -> None:
    """Ask the server (sitebuild/serve.py) for each file once, gzip accepted, outside the
    browser: it then holds the compressed bytes, as a host's cache does, and the measurement
    that follows counts what the reader's browser does, not the server compressing 10 MB in
    Python."""
    import urllib.request

    for url in urls:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()


def first_use(page, visit: Visit) -> FirstUse:
    """Click Calculate on a freshly loaded calculator page and measure until the result shows
    (the server warmed first, see ``warm_the_server``; the browser's cache is still empty)."""
    warm_the_server(runtime_urls(page))
    before = list(visit.requests)
    seen = set(visit.bytes_by_url)
    types: dict[str, str] = {}
    page.on("response", lambda r: types.__setitem__(r.url, r.headers.get("content-type", "")))
    start = time.perf_counter()
    page.click(BUTTON)
    wait_for_result(page, 0)
    seconds = time.perf_counter() - start
    page.wait_for_load_state("networkidle")
    after = {
        urlsplit(url).path.rsplit("/", 1)[-1]: size
        for url, size in visit.bytes_by_url.items()
        if url not in seen
    }
    load_ms = int(page.evaluate(f"document.querySelector('{FORM}').dataset.loadMs"))
    names = {urlsplit(url).path.rsplit("/", 1)[-1]: kind for url, kind in types.items()}
    return FirstUse(seconds, load_ms, before, after, names)


def gzip_size(path: Path) -> int:
    """Bytes of the file gzip-compressed as the server does it (sitebuild/serve.py)."""
    return len(compress(path.read_bytes()))


def measure_first_use(browser, origin: str, lang: str = DEFAULT) -> FirstUse:
    """The calculator's first use in a fresh context of `browser`, served from `origin`."""
    context = new_context(browser, origin)
    try:
        page, record = visit(context, page_url(origin, lang), origin)
        return first_use(page, record)
    finally:
        context.close()
