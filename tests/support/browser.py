"""Headless Chromium against the built site, and the checks the browser tests make on a page.

Each check returns messages that name the page and the problem, so the same code serves the
real pages and the fault tests.
"""

import functools
import gzip
import http.server
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "test-results" / "screenshots"

# Material renders a diagram it draws in the browser into a closed shadow root; open it so the
# tests can look inside. (The build draws every diagram, into open shadow roots; a page whose
# diagrams Material drew would be a fault the checks must still see into.)
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, {...init, mode: "open"});
};
"""


# What GitHub Pages compresses. WebAssembly too: a reader's capture of a .wasm served gzipped
# by GitHub Pages, https://github.com/maxence-charriere/go-app/issues/866 (August 2023).
# scripts/benchmark.py prints the calculator's bytes with and without it.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".ipynb", ".wasm"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed where the browser accepts it (as GitHub Pages does)."""

    cache: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().do_GET()  # the redirect to the slashed URL
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().do_GET()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class StaticServer:
    """Serve a folder on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


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


def csp_problems(page, name: str) -> list[str]:
    """What the page's Content-Security-Policy blocked since it loaded."""
    found = page.evaluate("window.__cspViolations || []")
    return [f"{name}: Content-Security-Policy: {v}" for v in found]


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
    # Formulas arrive typeset (sitebuild/math.py): only their fonts are still loading
    if page.locator(".arithmatex").count():
        page.evaluate("() => document.fonts.ready.then(() => true)")
    if page.locator("pre.mermaid, div.mermaid").count():
        # Diagrams arrive drawn (sitebuild/diagrams.py) in a shadow root declared in the HTML, so a
        # short wait is enough; one still missing then is reported by mermaid_problems
        try:
            wait_until(
                page,
                """() => [...document.querySelectorAll('.mermaid')]
                        .every(el => el.shadowRoot && el.shadowRoot.querySelector('svg'))""",
                timeout_ms=timeout_ms,
            )
        except Exception:  # noqa: BLE001 (the checks below report what is missing)
            pass
    page.wait_for_load_state("networkidle")


def math_problems(page, name: str) -> list[str]:
    """Every formula typeset (at build time, by MathJax), with no error node and no raw TeX left."""
    return page.evaluate(
        """(name) => {
        const out = [];
        const tex_of = el => el.querySelector('annotation[encoding="application/x-tex"]')
                             ?.textContent || el.textContent;
        document.querySelectorAll('.arithmatex').forEach(el => {
          if (!el.querySelector('mjx-container'))
            out.push(`${name}: formula not typeset: ${el.textContent.trim().slice(0, 80)}`);
          else if (!el.querySelector('mjx-container > mjx-math mjx-c'))
            out.push(`${name}: formula has no glyphs: ${tex_of(el).slice(0, 80)}`);
        });
        document.querySelectorAll('mjx-merror').forEach(el => {
          const tex = tex_of(el.closest('mjx-container') || el);
          const error = el.getAttribute('data-mjx-error');
          out.push(`${name}: MathJax error "${error}" in ${tex.slice(0, 80)}`);
        });
        const content = document.querySelector('.md-content') || document.body;
        const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
          const node = walker.currentNode;
          const skip = 'pre, code, script, style, mjx-container, .jupyter-wrapper';
          if (node.parentElement.closest(skip)) continue;
          const text = node.textContent;
          if (text.includes('$$') || text.includes('\\\\(') || text.includes('\\\\['))
            out.push(`${name}: raw TeX left in the page: ${text.trim().slice(0, 80)}`);
        }
        return out;
    }""",
        name,
    )


def mermaid_problems(page, name: str) -> list[str]:
    """Every diagram drawn as an SVG with no error text, its boxes in the colours of the page's
    scheme (Material's `--md-mermaid-*` variables) and its labels selectable text."""
    return page.evaluate(
        """(name) => {
        const out = [];
        const probe = document.createElement('span');
        document.body.append(probe);
        const resolve = (host, variable) => {  // a colour variable as the browser computes it
          probe.style.color = getComputedStyle(host).getPropertyValue(variable).trim();
          return getComputedStyle(probe).color;
        };
        document.querySelectorAll('pre.mermaid, div.mermaid').forEach((el, i) => {
          const where = `${name}: diagram ${i + 1}`;
          const svg = el.shadowRoot && el.shadowRoot.querySelector('svg');
          if (!svg) { out.push(`${where} was not rendered`); return; }
          const text = svg.textContent || '';
          const failed = svg.getAttribute('aria-roledescription') === 'error';
          if (failed || /Syntax error|Parse error/i.test(text)) {
            out.push(`${where} shows an error: ${text.trim().slice(0, 80)}`);
            return;
          }
          if (svg.getBoundingClientRect().height < 20) out.push(`${where} has no height`);
          const [box, variable] = svg.querySelector('.node rect')
            ? [svg.querySelector('.node rect'), '--md-mermaid-node-bg-color']
            : [svg.querySelector('rect.actor'), '--md-mermaid-sequence-actor-bg-color'];
          const fill = box && getComputedStyle(box).fill;
          if (!box || fill !== resolve(el, variable))
            out.push(`${where}: boxes are ${fill}, not the scheme's ${variable}`);
          const label = svg.querySelector('.nodeLabel, text.actor');
          const range = document.createRange();
          range.selectNodeContents(label);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          const bare = (text) => text.replace(/\\s+/g, '');  // a <br> selects as a newline
          const selected = bare(selection.toString());
          selection.removeAllRanges();
          if (!selected || selected !== bare(label.textContent)
              || getComputedStyle(label).userSelect === 'none')
            out.push(`${where}: label "${label.textContent.trim()}" cannot be selected`);
        });
        probe.remove();
        return out;
    }""",
        name,
    )


def phone_problems(page, name: str) -> list[str]:
    """At phone width (the page is resized if it is wider), nothing scrolls sideways and the
    menu button opens the navigation drawer. Run it last: it changes the viewport."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if page.viewport_size != PHONE:
        page.set_viewport_size(PHONE)
        wait_until(page, f"() => window.innerWidth === {PHONE['width']}")
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{name} scrolls sideways by {overflow}px on a phone")
    page.locator("label.md-header__button[for='__drawer']").click()
    try:
        page.locator(".md-nav--primary .md-nav__link", has_text="API").first.wait_for(
            state="visible", timeout=5000
        )
    except PlaywrightTimeout:
        problems.append(f"{name}: the menu button did not open the navigation drawer on a phone")
    return problems


def copy_button_problems(page, name: str) -> list[str]:
    """Every code block has a copy button, and the first visible one copies its block's text."""
    blocks = page.locator(".md-content pre:has(> code)")
    count = blocks.count()
    with_button = page.locator(
        '.md-content pre:has(> code):has(button[data-md-type="copy"])'
    ).count()
    problems = []
    if with_button != count:
        problems.append(f"{name}: {count - with_button} of {count} code blocks have no copy button")
    visible = page.locator('.md-content pre:has(> code):has(button[data-md-type="copy"]):visible')
    if visible.count():
        block = visible.first
        block.scroll_into_view_if_needed()
        block.hover()
        block.locator('button[data-md-type="copy"]').click()
        expected = block.locator("> code").evaluate("e => e.textContent").strip()
        copied = ""
        for _ in range(20):  # the copy is asynchronous: give it up to 2 s
            copied = page.evaluate("() => navigator.clipboard.readText()")
            if copied.strip() == expected:
                break
            page.wait_for_timeout(100)
        if copied.strip() != expected:
            problems.append(f"{name}: the copy button copied {copied[:60]!r}, not the code block")
    return problems


def axe_problems(
    page, name: str, rules: tuple[str, ...] = (), skip: tuple[str, ...] = ()
) -> list[str]:
    """axe-core's serious and critical accessibility violations: every rule but `skip`, or
    only `rules`.

    Only violations are collected (axe's `resultTypes`): the passes' details are never read,
    and collecting them costs about a quarter of the run on a large page.
    """
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    results = Axe().run(page, options=options)
    return [
        f"{name}: {v['impact']} accessibility violation {v['id']}: {v['help']} "
        f"({len(v['nodes'])} element(s), e.g. {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
