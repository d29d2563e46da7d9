"""The calculator page in a browser: fill the form, calculate, read what the page shows.

Shared by tests/site/test_calculator.py and scripts/benchmark.py.
"""

import gzip
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild.languages import prefix
from sitebuild.vendor_assets import PYODIDE_RUNTIME
from tests.support import browser as B

PATH = "startup/calculator/"
FORM = "#calculator-form"
BUTTON = "#calculator-form button[type=submit]"
# What the first use downloads, and nothing before it
RUNTIME = PYODIDE_RUNTIME
CHART_SCRIPTS = ("d3.min.js", "plot.umd.min.js", "calculator-charts.js")  # loaded with it


def page_url(origin: str, lang: str) -> str:
    return f"{origin}/{prefix(lang)}{PATH}"


def charts_html(page) -> str:
    """The markup of the charts as the page holds it now."""
    return page.evaluate("document.getElementById('calculator-charts').innerHTML")


def runs(page) -> int:
    return int(page.evaluate(f"document.querySelector('{FORM}').dataset.runs || '0'"))


def wait_for_result(page, before: int, timeout_ms: int = 60000) -> None:
    """Wait until a calculation started after `before` runs has finished."""
    B.wait_until(
        page,
        f"""(before) => {{
            const form = document.querySelector('{FORM}');
            return Number(form.dataset.runs || 0) > before && form.dataset.state !== 'busy';
        }}""",
        before,
        timeout_ms,
    )


def set_values(page, values: dict[str, str | None]) -> None:
    """Put raw values into the form's controls without firing events ("true"/"false" for boxes)."""
    page.evaluate(
        f"""(values) => {{
            const form = document.querySelector('{FORM}');
            for (const [name, value] of Object.entries(values)) {{
                const control = form.elements.namedItem(name);
                if (control.type === 'checkbox') control.checked = value === 'true';
                else control.value = value ?? '';
                if (control.value !== (value ?? '') && control.type !== 'checkbox')
                    throw new Error(`${{name}} cannot hold ${{value}}`);
            }}
        }}""",
        values,
    )


def calculate_with(page, values: dict[str, str | None]) -> None:
    """Fill the form and calculate: the reader's "change" on the preset select, once."""
    before = runs(page)
    set_values(page, values)
    page.evaluate(
        f"""() => document.querySelector('{FORM}').elements.namedItem('preset')
                .dispatchEvent(new Event('change', {{bubbles: true}}))"""
    )
    wait_for_result(page, before)


@dataclass
class Shown:
    """What the page shows after a calculation."""

    state: str
    rows: list[dict[str, str]]
    errors: dict[str, str]
    invalid: list[str]
    status: str
    caption: str


def shown(page) -> Shown:
    data = page.evaluate(
        f"""() => {{
            const form = document.querySelector('{FORM}');
            const table = document.getElementById('calculator-results');
            const rows = [...table.tBodies[0].rows].map(tr => ({{
                key: tr.dataset.key, value: tr.dataset.value,
                label: tr.querySelector('th').textContent, text: tr.querySelector('td').textContent,
            }}));
            const errors = {{}};
            for (const control of form.querySelectorAll('[data-kind]')) {{
                const text = document.getElementById(control.id + '-error').textContent;
                if (text) errors[control.name] = text;
            }}
            const invalid = [...form.querySelectorAll('[aria-invalid="true"]')].map(c => c.name);
            return {{
                state: form.dataset.state, rows, errors, invalid,
                status: form.querySelector('.calculator__status').textContent,
                caption: table.caption.textContent,
            }};
        }}"""
    )
    return Shown(**data)


@dataclass
class FirstUse:
    """From the first click on Calculate to the first result shown."""

    seconds: float
    load_ms: int
    before: list[str]  # requests made before the click
    after: dict[str, int] = field(default_factory=dict)  # file name -> bytes transferred
    content_types: dict[str, str] = field(default_factory=dict)


def runtime_urls(page) -> list[str]:
    """The files a first calculation downloads, as absolute URLs read from the page."""
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
        list(RUNTIME),
    )


def warm_the_server(urls: list[str]) -> None:
    """Ask the test server for each file once, gzip accepted, outside the browser: it then
    holds the compressed bytes, as a host's cache does, and the measurement that follows
    counts what the reader's browser does, not the server compressing 10 MB in Python."""
    import urllib.request

    for url in urls:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()


def first_use(page, visit) -> FirstUse:
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
    """Bytes of the file gzip-compressed as the test server does it (level 6)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def measure_first_use(browser, origin: str, lang: str = "zh") -> FirstUse:
    context = B.new_context(browser, origin)
    try:
        page, visit = B.visit(context, page_url(origin, lang), origin)
        return first_use(page, visit)
    finally:
        context.close()
