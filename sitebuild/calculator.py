"""The calculator page: a form for a `startup_math` command, run in the reader's browser.

A page opts in with a `calculator:` block in its front matter, which holds the page's own
words for the `plan` command (group headings, a label and a hint for each field, a label for
each result, status messages), and a `<div data-calculator></div>` where the calculator goes.
At build time this stage

- builds the form from the command's fields (`startup_math.commands.COMMANDS`), labelled in
  the page's language, each input with a place for its error message;
- runs the worked example (`EXAMPLE`, the other fields at their defaults) with
  `run_command` and writes its rows into the page, so that the page reads without JavaScript;
- zips the package's .py files (fixed timestamps, sorted entries, so the bytes are the same
  on every build) and adds the zip to the site, under a name that carries its hash;
- adds the calculator's script and stylesheet to that page only.

In the browser, assets/javascripts/calculator.js loads Pyodide (served from
assets/vendor/pyodide/, see vendor_assets.py) and the zip on first use, and calls the same
`run_command` on what the reader typed: the formulas exist once, in Python.
"""

import hashlib
import html
import io
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
PACKAGE = SRC / "startup_math"
if str(SRC) not in sys.path:  # the startup_math package
    sys.path.insert(0, str(SRC))

from sitebuild.browser import NoChromium, in_chromium  # noqa: E402
from sitebuild.build import (  # noqa: E402
    BuildError,
    PageRef,
    Site,
    SiteFile,
    add_to_body,
    add_to_head,
    relative_url,
)
from sitebuild.cache import under_cache  # noqa: E402
from startup_math.commands import COMMANDS, Command, Field, run_charts, run_command  # noqa: E402

COMMAND = "plan"
# The worked example the page opens with; every other field keeps its default. Llama 3 8B
# was trained on about 15T tokens; the API prices are Cloudflare Workers AI's for Llama 3 8B
# Instruct (USD 0.282 and 0.827 per million tokens, rounded), as the page says; 50 ms per
# output token is 20 tokens per second for each reader.
EXAMPLE = {
    "preset": "qwen3.5-35b-a3b",
    "gpu": "H100-SXM",
    "price": "3",
    "tokens": "36e12",
    "weight_dtype": "fp8",
    "api_input_price": "0.15",
    "api_output_price": "1.00",
    "requests_per_day": "100000",
    "tpot_ms": "50",
}
CUSTOM = "custom"  # the preset choice that stands for "my own architecture"
PLACEHOLDER = re.compile(r'<div data-calculator(?:="[^"]*")?>\s*</div>')
PYODIDE = "assets/vendor/pyodide/"
SCRIPT = "assets/javascripts/calculator.js"
CHART_SCRIPT = "assets/javascripts/calculator-charts.js"
# Observable Plot and d3, as vendor_assets.py adds them to the site
CHART_LIBRARIES = ("assets/vendor/d3/dist/d3.min.js", "assets/vendor/plot/dist/plot.umd.min.js")
CHART_SOURCES = (
    ROOT / "node_modules" / "d3" / "dist" / "d3.min.js",
    ROOT / "node_modules" / "@observablehq" / "plot" / "dist" / "plot.umd.min.js",
    ROOT / "overrides" / CHART_SCRIPT,
)
CHARTS = under_cache("charts")  # drawn charts, by a hash of what they depend on
CHART_KEYS = (
    "cost_title",
    "cost_x",
    "cost_y",
    "self",
    "api",
    "break_even",
    "speed_title",
    "speed_x",
    "speed_y",
    "per_replica",
    "per_sequence",
    "memory_full",
    "compute_bound",
)
STYLESHEET = "assets/stylesheets/calculator.css"
TEXT_KEYS = (
    "custom",
    "calculate",
    "loading",
    "starting",
    "package",
    "calculating",
    "done",
    "input_error",
    "failed",
    "noscript",
    "caption_example",
    "caption_result",
    "result",
    "value",
    "charts_failed",
)


def package_zip() -> bytes:
    """The package's .py files as a zip whose bytes depend only on their contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(PACKAGE.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            info = zipfile.ZipInfo(
                path.relative_to(SRC).as_posix(), date_time=(1980, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever the build runs
            info.external_attr = 0o100644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def package_path(data: bytes) -> str:
    return f"assets/calculator/startup_math-{hashlib.sha256(data).hexdigest()[:12]}.zip"


def command() -> Command:
    return COMMANDS[COMMAND]


def is_custom_only(spec: Field) -> bool:
    """Fields that describe a custom architecture: shown only when the preset is "custom"."""
    return spec.group == "architecture" or spec.name == "arch"


def form_value(spec: Field) -> str | None:
    """What the field holds when the page opens: the example's value, else its default."""
    if spec.name in EXAMPLE:
        return EXAMPLE[spec.name]
    if spec.default is None or spec.kind == "flag" or is_custom_only(spec):
        return None
    return str(spec.default)


def defaults() -> dict[str, str | None]:
    """The raw inputs of the page's form as it opens (the worked example)."""
    return {spec.name: form_value(spec) for spec in command().fields}


def load_words(meta: dict[str, Any], where: str) -> dict[str, Any]:
    """A page's `calculator:` front matter as dicts, checked against the command.

    Each section (groups, fields, results, text, charts) is a YAML list of one-key mappings, so that
    every line of a Chinese page's front matter starts with "- " (a list item, not prose).
    """
    block = meta.get("calculator")
    if not isinstance(block, dict):
        raise BuildError(f"calculator: {where}: `calculator:` must be a mapping")

    def mapping(name: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for item in block.get(name) or []:
            if not isinstance(item, dict):
                raise BuildError(f"calculator: {where}: {name}: {item!r} is not a `- key: value`")
            merged.update(item)
        return merged

    words = {name: mapping(name) for name in ("groups", "fields", "results", "text", "charts")}
    fields = command().fields
    wanted = {
        "groups": {spec.group for spec in fields if not is_custom_only(spec)} | {"architecture"},
        "fields": {spec.name for spec in fields},
        "text": set(TEXT_KEYS),
        "charts": set(CHART_KEYS),
    }
    for name, keys in wanted.items():
        missing = sorted(keys - set(words[name]))
        if missing:
            raise BuildError(f"calculator: {where} has no {name} entry for {', '.join(missing)}")
    for name, entry in words["fields"].items():
        if not (isinstance(entry, list) and len(entry) == 2):
            raise BuildError(
                f"calculator: {where}: field {name} needs [label, hint], got {entry!r}"
            )
    return words


def _attrs(**attrs: Any) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is True else f'{name}="{html.escape(str(value))}"')
    return " ".join(parts)


def render_field(spec: Field, words: dict[str, Any]) -> str:
    label, hint = words["fields"][spec.name]
    ident = f"calc-{spec.name.replace('_', '-')}"
    value = form_value(spec)
    described = f"{ident}-hint {ident}-error"
    common = {
        "id": ident,
        "name": spec.name,
        "data_kind": spec.kind,
        "data_custom": "true" if is_custom_only(spec) else None,
        "aria_required": "true" if spec.required else None,
        "aria_describedby": described,
    }
    if spec.kind == "choice":
        chosen = value if value is not None else spec.default
        if chosen is None and is_custom_only(spec):
            chosen = spec.choices[0]  # what a custom architecture starts from
        options = ['<option value=""></option>'] if chosen is None else []
        for choice in spec.choices:
            selected = choice == chosen
            options.append(
                f"<option {_attrs(value=choice, selected=selected)}>{html.escape(choice)}</option>"
            )
        if spec.name == "preset":
            options.append(
                f'<option value="{CUSTOM}">{html.escape(words["text"]["custom"])}</option>'
            )
        control = f"<select {_attrs(**common)}>{''.join(options)}</select>"
    elif spec.kind == "flag":
        control = f"<input {_attrs(type='checkbox', checked=bool(spec.default), **common)}>"
    else:
        control = (
            "<input "
            + _attrs(
                type="text",
                inputmode="numeric" if spec.kind == "integer" else None,
                autocomplete="off",
                spellcheck="false",
                value=value if value is not None else "",
                **common,
            )
            + ">"
        )
    kind = " calculator__field--flag" if spec.kind == "flag" else ""
    return (
        f'<div class="calculator__field{kind}" data-field="{spec.name}">'
        f'<label for="{ident}">{html.escape(label)}</label>{control}'
        f'<p class="calculator__hint" id="{ident}-hint">{html.escape(hint)}</p>'
        f'<p class="calculator__error" id="{ident}-error"></p>'
        "</div>"
    )


def draw_charts(data: dict[str, Any], words: dict[str, str]) -> list[str]:
    """The charts as HTML <figure>s, drawn by calculator-charts.js in headless Chromium.

    The browser draws later charts with the same script, so the page's first charts are
    what the reader's first calculation with the same inputs draws. Kept in .cache/charts/
    under a hash of the data, the words and the three scripts.
    """
    missing = [str(path.relative_to(ROOT)) for path in CHART_SOURCES if not path.exists()]
    if missing:
        raise BuildError(f"calculator: {', '.join(missing)} is missing. Run `npm ci`.")
    key = hashlib.sha256(json.dumps([data, words], sort_keys=True).encode())
    for path in CHART_SOURCES:
        key.update(hashlib.sha256(path.read_bytes()).digest())
    cached = CHARTS.load(key.hexdigest()[:24])
    if isinstance(cached, list):
        return cached

    def task(page) -> list[str]:
        page.set_content("<!doctype html><html><body></body></html>")
        for path in CHART_SOURCES:
            page.add_script_tag(path=str(path))
        return page.evaluate(
            "([data, words]) => calculatorCharts.draw(Plot, data, words).map(f => f.outerHTML)",
            [data, words],
        )

    try:
        figures = in_chromium(task, "calculator")
    except NoChromium as error:
        raise BuildError(str(error)) from None
    CHARTS.save(key.hexdigest()[:24], figures)
    return figures


def render_rows(rows, labels: dict[str, str]) -> str:
    return "".join(
        f"<tr {_attrs(data_key=row.key, data_value=json.dumps(row.value))}>"
        f'<th scope="row">{html.escape(labels.get(row.key, row.label))}</th>'
        f"<td>{html.escape(row.text)}</td></tr>"
        for row in rows
    )


def render(words: dict[str, Any], page: PageRef, package: str, runtime_bytes: int) -> str:
    """The calculator's HTML: the form, the status line and the worked example's table."""
    groups: dict[str, list[str]] = {}
    for spec in command().fields:
        group = "architecture" if is_custom_only(spec) else spec.group
        groups.setdefault(group, []).append(render_field(spec, words))
    fieldsets = []
    for group, fields in groups.items():
        custom = group == "architecture"
        attrs = _attrs(
            class_="calculator__group" + (" calculator__group--custom" if custom else ""),
            data_group=group,
            hidden=custom and defaults().get("preset") != CUSTOM,
        )
        fieldsets.append(
            f"<fieldset {attrs}><legend>{html.escape(words['groups'][group])}</legend>"
            f'<div class="calculator__fields">{"".join(fields)}</div></fieldset>'
        )
    text = words["text"]
    try:
        rows = run_command(COMMAND, defaults())
    except ValueError as error:
        raise BuildError(f"calculator: the worked example fails: {error}") from None
    figures = draw_charts(run_charts(COMMAND, defaults()), words["charts"])
    unlabelled = [row.key for row in rows if row.key not in words["results"]]
    if unlabelled:
        raise BuildError(
            f"calculator: {page.source} has no results entry for {', '.join(unlabelled)}"
        )
    client = {
        "command": COMMAND,
        "custom": CUSTOM,
        "results": words["results"],
        "text": text,
        "charts": words["charts"],
        "runtime_mb": round(runtime_bytes / 1e6),
    }
    # JSON in a <script> element: "</" must not end it early
    client_json = json.dumps(client, ensure_ascii=False).replace("</", "<\\/")
    form_attrs = _attrs(
        class_="calculator",
        id="calculator-form",
        data_command=COMMAND,
        data_pyodide=relative_url(PYODIDE, page.url),
        data_package=relative_url(package, page.url),
        data_charts=" ".join(
            relative_url(path, page.url) for path in (*CHART_LIBRARIES, CHART_SCRIPT)
        ),
        novalidate=True,
    )
    return (
        f"<form {form_attrs}>"
        f"{''.join(fieldsets)}"
        '<div class="calculator__actions">'
        f'<button type="submit" class="md-button md-button--primary" hidden>'
        f"{html.escape(text['calculate'])}</button>"
        f'<progress class="calculator__progress" max="4" value="0" hidden '
        f'aria-label="{html.escape(text["loading"].format(mb=client["runtime_mb"]))}"></progress>'
        '<p class="calculator__status" role="status"></p>'
        f'<noscript><p class="calculator__noscript">{html.escape(text["noscript"])}</p></noscript>'
        "</div></form>"
        '<div class="calculator__output" tabindex="0" role="region" '
        f'aria-labelledby="calculator-caption">'
        '<table class="calculator__results" id="calculator-results" data-source="build">'
        f'<caption id="calculator-caption">{html.escape(text["caption_example"])}</caption>'
        f'<thead><tr><th scope="col">{html.escape(text["result"])}</th>'
        f'<th scope="col">{html.escape(text["value"])}</th></tr></thead>'
        f"<tbody>{render_rows(rows, words['results'])}</tbody></table></div>"
        f'<div class="calculator__charts" id="calculator-charts">{"".join(figures)}</div>'
        f'<script type="application/json" id="calculator-words">{client_json}</script>'
    )


class Calculator:
    """The stage (sitebuild/build.py): the package zip, the form, the page's assets."""

    def __init__(self):
        self.package = ""
        self.runtime_bytes = 0

    def files(self, site: Site, added: tuple[SiteFile, ...]) -> list[SiteFile]:
        data = package_zip()
        self.package = package_path(data)
        runtime = [f for f in added if f.uri.startswith(PYODIDE)]
        if not runtime:
            raise BuildError(
                f"calculator: no file under {PYODIDE} was added before this stage, so the page "
                "cannot say how much the calculator downloads; the vendor_assets stage must "
                "run first (sitebuild/build.py)"
            )
        self.runtime_bytes = sum(f.size() for f in runtime)
        return [SiteFile(self.package, content=data)]

    def content(self, html_: str, page: PageRef) -> str:
        if "calculator" not in page.meta:
            return html_
        words = load_words(page.meta, page.source)
        found = PLACEHOLDER.findall(html_)
        if len(found) != 1:
            raise BuildError(
                f"calculator: {page.source} needs exactly one <div data-calculator></div>, "
                f"found {len(found)}"
            )
        calculator = render(words, page, self.package, self.runtime_bytes)
        return PLACEHOLDER.sub(lambda _: calculator, html_)

    def page(self, html_: str, page: PageRef) -> str:
        if "calculator" not in page.meta:
            return html_
        css = relative_url(STYLESHEET, page.url)
        js = relative_url(SCRIPT, page.url)
        html_ = add_to_head(html_, f'<link rel="stylesheet" href="{css}">')
        return add_to_body(html_, f'<script type="module" src="{js}"></script>')
