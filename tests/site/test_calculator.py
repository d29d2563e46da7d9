"""The calculator page: its words, the build-time example, and startup_math running in Pyodide.

The browser tests load the page once per language (a module-scoped page: Pyodide takes a few
seconds to start) and compare what it shows with `python -m startup_math plan ... --json`.
"""

import json
import os
import random
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from io import BytesIO

import pytest
from mkdocs.utils.meta import get_data

from sitebuild import calculator as H
from sitebuild.languages import LANGUAGES
from sitebuild.vendor_assets import PYODIDE_RUNTIME
from startup_math.commands import COMMANDS, run_command
from startup_math.hardware import gpu_names
from startup_math.params import PRESETS
from tests.support import browser as B
from tests.support import calculator as C
from tests.support.pages import DOCS, ROOT

FIELDS = COMMANDS["plan"].fields
SPECS = {spec.name: spec for spec in FIELDS}
CUSTOM_ONLY = [spec.name for spec in FIELDS if H.is_custom_only(spec)]
SEED = 20261202
N_CASES = 120
MOE = ("mixtral-8x7b", "qwen3-30b-a3b", "deepseek-v3")
CLI_ERROR = re.compile(r"^python -m startup_math plan: error: --(?P<flag>[\w-]+): (?P<message>.*)$")


def words(lang: str) -> dict:
    text = (DOCS / lang / "startup" / "calculator.md").read_text(encoding="utf-8")
    _, meta = get_data(text)
    return H.load_words(meta, f"docs/{lang}/startup/calculator.md")


def example_rows():
    return run_command("plan", H.defaults())


# -- the page's words ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_labels_exactly_the_fields_and_the_results(lang):
    found = words(lang)
    assert list(found["fields"]) == [spec.name for spec in FIELDS]
    assert set(found["results"]) == {row.key for row in example_rows()}
    assert all(label.strip() for label in found["results"].values())
    assert all(label.strip() and hint.strip() for label, hint in found["fields"].values())
    assert set(found["text"]) == set(H.TEXT_KEYS)


def test_both_languages_have_the_same_words_and_translate_them():
    zh, en = words("zh"), words("en")
    for section in ("groups", "fields", "results", "text", "charts"):
        assert list(zh[section]) == list(en[section]), section
    assert list(zh["charts"]) == list(H.CHART_KEYS)
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for key, label in zh["results"].items():
        assert cjk.search(label), f"zh result label for {key} is not Chinese: {label!r}"
    for name, (label, hint) in zh["fields"].items():
        assert cjk.search(label) and cjk.search(hint), f"zh label for {name}: {label!r}"
    for key, label in en["results"].items():
        assert not cjk.search(label), f"en result label for {key}: {label!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_states_the_example_and_the_command_line_runs_it(lang):
    text = (DOCS / lang / "startup" / "calculator.md").read_text(encoding="utf-8")
    # the example's API prices and their date are written in the prose
    assert "0.15" in text and "1.00" in text
    assert ("截至 2026 年 12 月" if lang == "zh" else "as of December 2026") in text
    commands = re.findall(r"```bash\n(python -m startup_math plan [^\n]*)\n```", text)
    assert len(commands) == 1
    args = commands[0].split()[4:]
    given = dict(zip(args[::2], args[1::2], strict=True))
    assert given == {SPECS[name].flag: value for name, value in H.EXAMPLE.items()}
    done = cli(given | {"--json": None})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {row.key: row.value for row in example_rows()}


def test_a_page_that_misses_a_label_fails_the_build_with_what_to_add():
    from sitebuild.build import BuildError

    text = (DOCS / "en" / "startup" / "calculator.md").read_text(encoding="utf-8")
    _, meta = get_data(text)
    meta["calculator"]["fields"] = [f for f in meta["calculator"]["fields"] if "price" not in f]
    with pytest.raises(BuildError, match=r"calculator\.md has no fields entry for price"):
        H.load_words(meta, "calculator.md")
    meta["calculator"]["fields"].append({"price": "Price"})
    with pytest.raises(BuildError, match=r"field price needs \[label, hint\]"):
        H.load_words(meta, "calculator.md")


def test_package_zip_is_deterministic_and_holds_only_the_package():
    data = H.package_zip()
    assert data == H.package_zip()
    with zipfile.ZipFile(BytesIO(data)) as archive:
        infos = archive.infolist()
    expected = sorted(
        p.relative_to(ROOT / "src").as_posix()
        for p in (ROOT / "src" / "startup_math").rglob("*.py")
        if "__pycache__" not in p.parts
    )
    assert [i.filename for i in infos] == expected
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert H.package_path(data).startswith("assets/calculator/startup_math-")


# -- the built pages --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_built_page_has_the_form_and_the_worked_example(built_site, lang):
    from html.parser import HTMLParser

    root = built_site.lang_root(lang)
    html = (root / C.CALCULATOR / "index.html").read_text(encoding="utf-8")
    page_words = words(lang)

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.elements = []

        def handle_starttag(self, tag, attrs):
            self.elements.append((tag, dict(attrs)))

    parser = Collect()
    parser.feed(html)
    ids = {a["id"] for _, a in parser.elements if "id" in a}
    labels = {a["for"] for t, a in parser.elements if t == "label" and "for" in a}
    controls = {a["name"]: a for t, a in parser.elements if "data-kind" in a}
    assert list(controls) == [spec.name for spec in FIELDS]
    for name, attrs in controls.items():
        assert attrs["id"] in labels, f"{name} has no label"
        hint, error = attrs["aria-describedby"].split()
        assert hint in ids and error in ids and error.endswith("-error"), name
    # the worked example, computed by the build
    rows = [(a["data-key"], a["data-value"]) for t, a in parser.elements if "data-key" in a]
    assert rows == [(row.key, json.dumps(row.value)) for row in example_rows()]
    for row in example_rows():
        label = page_words["results"][row.key]
        assert f'<th scope="row">{label}</th><td>{row.text}</td>' in unescape(html)
    # the package zip the page points at is the one the hook builds
    package = re.search(r'data-package="([^"]+)"', html)[1]
    served = (root / C.CALCULATOR / package).resolve()
    assert served.read_bytes() == H.package_zip()
    for name in PYODIDE_RUNTIME:
        assert (root / "assets" / "vendor" / "pyodide" / name).is_file(), name
    # the charts, drawn by the build for the worked example, with the scripts that redraw them
    figures = re.findall(r'<figure class="calculator__chart" data-chart="(\w+)">', html)
    assert figures == ["cost", "speed"]
    charts_words = page_words["charts"]
    for key in ("cost_title", "speed_title"):
        title = charts_words[key]
        assert f'aria-label="{title}"' in html and f"<figcaption>{title}<" in html
    scripts = re.search(r'data-charts="([^"]+)"', html)[1].split()
    assert [s.rsplit("/", 1)[-1] for s in scripts] == list(C.CHART_SCRIPTS)
    for script in scripts:
        assert (root / C.CALCULATOR / script).resolve().is_file(), script


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_calculator_script_and_stylesheet_load_on_its_page_only(built_site, lang):
    for rel, path in built_site.pages(lang).items():
        html = path.read_text(encoding="utf-8")
        here = rel == f"{C.CALCULATOR}index.html"
        # What the page loads, not what its text mentions (the authoring recipe names them).
        assert bool(re.search(r'<script[^>]+src="[^"]*calculator\.js"', html)) == here, rel
        assert bool(re.search(r'<link[^>]+href="[^"]*calculator\.css"', html)) == here, rel
        assert bool(re.search(r'data-pyodide="[^"]*vendor/pyodide', html)) == here, rel


# -- generated inputs ---------------------------------------------------------------------------


def _number(rng: random.Random, low: float, high: float, log: bool = False) -> str:
    """A number as a reader might type it: plain, with thousands separators or in e-notation."""
    value = 10 ** rng.uniform(low, high) if log else rng.uniform(low, high)
    style = rng.choice(["plain", "plain", "e", "comma", "spaces"])
    if style == "e":
        return f"{value:.3g}" if value >= 1e5 else f"{value:.4g}"
    if style == "comma" and value >= 1000:
        return f"{value:,.0f}"
    if style == "spaces":
        return f" {value:.2f} "
    return f"{value:.6g}"


def _integer(rng: random.Random, choices) -> str:
    value = rng.choice(choices)
    return f"{value:,}" if value >= 1000 and rng.random() < 0.3 else str(value)


BAD = {
    "number": ["abc", "0", "-1", "1.5", "nan", "inf", "1e400", "12 34"],
    "integer": ["0", "-3", "2.5", "abc", "1e3"],
}


def generate_case(rng: random.Random) -> dict[str, str | None]:
    """One set of form values: a preset or a custom architecture, hardware, traffic."""
    case: dict[str, str | None] = {name: None for name in SPECS}
    if rng.random() < 0.3:
        case["preset"] = H.CUSTOM
        case["arch"] = "llama"
        n_heads = rng.choice([8, 12, 16, 32, 40, 64])
        head = rng.choice([64, 80, 128])
        case["vocab_size"] = _integer(rng, [32000, 50257, 65536, 128256, 151936])
        case["d_model"] = str(n_heads * head if rng.random() < 0.95 else n_heads * head + 1)
        case["n_layers"] = str(rng.randint(2, 48))
        case["n_heads"] = str(n_heads)
        case["n_kv_heads"] = rng.choice([None, "1", "2", "4", "8", str(n_heads), "3"])
        case["head_dim"] = rng.choice([None, None, None, "64", "128", "256"])
        case["d_ff"] = _integer(rng, [n_heads * head * 2, n_heads * head * 8 // 3, 14336, 28672])
        case["tie_embeddings"] = rng.choice(["true", "false"])
        if rng.random() < 0.08:
            case[rng.choice(["vocab_size", "d_model", "n_layers", "n_heads", "d_ff"])] = None
    else:
        # The calculator offers decoders only; MoE presets twice as likely. One draw of
        # the main stream whatever the number of presets, so adding one changes no other
        # field of the cases.
        presets = list(SPECS["preset"].choices) + list(MOE)
        case["preset"] = random.Random(rng.random()).choice(presets)
        case["arch"] = "llama"  # the custom fieldset's select keeps its value; it is ignored
    case["gpu"] = rng.choice(gpu_names())
    case["price"] = _number(rng, 0.3, 12)
    case["tokens"] = _number(rng, 9, 13.5, log=True) if rng.random() > 0.05 else None
    case["mfu"] = _number(rng, 0.15, 0.65)
    case["gpus"] = _integer(rng, [1, 8, 64, 512, 1024, 4096, 16384])
    # Mixtral 8x7B (46.7B) and everything larger gets a multi-GPU replica.
    big = case["preset"] == H.CUSTOM or PRESETS[case["preset"]].parameter_count() > 40e9
    case["gpus_per_replica"] = rng.choice(["2", "4", "8", "8"] if big else ["1", "1", "2", "4"])
    if case["preset"] == H.CUSTOM and rng.random() < 0.9:  # mostly a split of its heads
        heads = int(case["n_heads"] or 8)
        case["gpus_per_replica"] = rng.choice([str(t) for t in (1, 2, 4, 8) if heads % t == 0])
    case["batch"] = _integer(rng, [1, 4, 16, 32, 64, 128, 256, 512, 1024, 4096])
    # Mostly requests that fit the model's context window; sometimes one that does not.
    window = None if case["preset"] == H.CUSTOM else PRESETS[case["preset"]].max_context
    prompts = [100, 500, 1000, 2000, 8000, 32000]
    if window is not None and rng.random() < 0.9:
        prompts = [p for p in prompts if p <= window // 2] or [100]
    case["prompt_tokens"] = _integer(rng, prompts)
    outputs = [50, 200, 500, 1000, 4000]
    if window is not None and rng.random() < 0.9:
        outputs = [o for o in outputs if o <= window // 2] or [50]
    case["output_tokens"] = _integer(rng, outputs)
    case["weight_dtype"] = rng.choice(SPECS["weight_dtype"].choices)
    if case["weight_dtype"] == "fp4" and rng.random() < 0.8:
        case["gpu"] = rng.choice(["B200-SXM", "MI355X"])
    if case["preset"] in ("deepseek-v3", "llama-3.1-405b") and rng.random() < 0.7:
        case["gpu"] = rng.choice(["H200-SXM", "B200-SXM", "MI300X", "MI355X"])
        case["weight_dtype"] = rng.choice(["fp8", "int4"])
    case["kv_dtype"] = rng.choice(SPECS["kv_dtype"].choices)
    if rng.random() < 0.5:  # else the share of the bound published runs reached
        case["serving_mfu"] = _number(rng, 0.1, 1)
        case["mbu"] = _number(rng, 0.1, 1)
    case["utilization"] = _number(rng, 0.05, 1)
    if rng.random() < 0.3:
        case["prefill_batch"] = _integer(rng, [1, 8, 64])
    if rng.random() < 0.3:
        case["prefix_cache_hit"] = _number(rng, 0.1, 0.9)
    if rng.random() < 0.2:
        case["activation_dtype"] = rng.choice(SPECS["activation_dtype"].choices)
    if rng.random() < 0.25:
        case["tpot_ms"] = _number(rng, 5, 200)
    if rng.random() < 0.25:
        case["draft_tokens"] = _integer(rng, [1, 3, 5])
        case["acceptance_rate"] = rng.choice([None, _number(rng, 0.5, 0.95)])
        case["draft_params"] = rng.choice(["0", "1e9", "5e8"])
    case["attention"] = "data" if big and rng.random() < 0.2 else "tensor"
    api = rng.random()
    if api < 0.7:
        case["api_input_price"] = _number(rng, 0.01, 3)
        case["api_output_price"] = _number(rng, 0.02, 12)
    elif api < 0.8:
        case[rng.choice(["api_input_price", "api_output_price"])] = _number(rng, 0.01, 3)
    if rng.random() < (0.7 if api < 0.8 else 0.1):
        case["requests_per_day"] = _integer(rng, [100, 5000, 100000, 2000000, 50000000])
    if rng.random() < 0.12:  # one mistyped or out-of-range number
        name = rng.choice([s.name for s in FIELDS if s.kind in BAD and s.name not in CUSTOM_ONLY])
        case[name] = rng.choice(BAD[SPECS[name].kind])
    return case


CASES = [generate_case(random.Random(f"{SEED}-{i}")) for i in range(N_CASES)]


def form_inputs(case: dict[str, str | None]) -> dict[str, str | None]:
    """What the page passes to run_command for these form values (see calculator.js)."""
    custom = case["preset"] == H.CUSTOM
    inputs = {}
    for name, value in case.items():
        if name in CUSTOM_ONLY and not custom:
            value = None
        elif name == "preset" and custom:
            value = None
        elif SPECS[name].kind == "flag":
            value = value or "false"
        elif value is not None and value.strip() == "":
            value = None
        inputs[name] = value
    return inputs


def cli(options: dict[str, str | None]) -> subprocess.CompletedProcess:
    args = [f"{flag}={value}" if value is not None else flag for flag, value in options.items()]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, "-m", "startup_math", "plan", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def cli_options(inputs: dict[str, str | None]) -> dict[str, str | None]:
    options: dict[str, str | None] = {"--json": None}
    for name, value in inputs.items():
        if value is None:
            continue
        spec = SPECS[name]
        if spec.kind == "flag":
            options[spec.flag if value == "true" else "--no-" + spec.flag[2:]] = None
        else:
            options[spec.flag] = value
    return options


@dataclass
class Expected:
    """What the command line printed: rows (key -> JSON text) or an error on a field."""

    rows: list[tuple[str, str]] | None
    field: str | None = None
    message: str | None = None


def expected(inputs: dict[str, str | None]) -> Expected:
    done = cli(cli_options(inputs))
    if done.returncode == 0:
        printed = json.loads(done.stdout)
        return Expected([(key, json.dumps(value)) for key, value in printed.items()])
    assert done.returncode == 2, done.stderr
    match = CLI_ERROR.match(done.stderr.strip().splitlines()[-1])
    assert match, done.stderr
    return Expected(None, match["flag"].replace("-", "_"), match["message"])


@pytest.fixture(scope="module")
def cli_results():
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda case: expected(form_inputs(case)), CASES))


@pytest.mark.slow
def test_generated_inputs_cover_the_cases_that_matter(cli_results):
    valid = [c for c, e in zip(CASES, cli_results, strict=True) if e.rows is not None]
    errors = [e for e in cli_results if e.rows is None]
    assert len(valid) >= 50 and len(errors) >= 30
    assert sum(c["preset"] in MOE for c in valid) >= 8
    assert sum(c["preset"] == H.CUSTOM for c in valid) >= 12
    assert len({c["gpu"] for c in valid}) == len(gpu_names())
    assert len({c["weight_dtype"] for c in valid}) == len(SPECS["weight_dtype"].choices)
    assert sum("do not fit" in (e.message or "") for e in errors) >= 10
    assert len({e.field for e in errors}) >= 8


# -- in the browser -----------------------------------------------------------------------------


@dataclass
class Calculator:
    lang: str
    page: object
    visit: B.Visit
    first: C.FirstUse
    axe_before: list[str]
    charts_before: str


@pytest.fixture(scope="module", params=LANGUAGES)
def calc(request, browser, server):
    """The calculator page with Pyodide loaded by a first click on Calculate."""
    lang = request.param
    context = B.new_context(browser, server.origin)
    try:
        page, visit = B.visit(context, C.page_url(server.origin, lang), server.origin)
        axe_before = B.axe_problems(page, visit.name)
        charts_before = C.charts_html(page)
        first = C.first_use(page, visit)
        print(f"\n{lang}: first use {first.seconds:.2f} s, {sum(first.after.values())} bytes")
        yield Calculator(lang, page, visit, first, axe_before, charts_before)
    finally:
        context.close()


def reset(page) -> None:
    C.calculate_with(page, H.defaults() | {"arch": "llama"})


def axe(calc) -> list[str]:
    """axe-core's findings, with the mouse off the page's links and buttons (their hover
    colours fade in, and axe would measure them half-way)."""
    calc.page.mouse.move(0, 0)
    calc.page.wait_for_timeout(500)
    return B.axe_problems(calc.page, calc.visit.name)


@pytest.mark.slow
@pytest.mark.enable_socket
def test_first_use_loads_pyodide_and_the_package_from_the_site_only(calc):
    heavy = [
        r
        for r in calc.first.before
        if "vendor/" in r or r.endswith(".zip") or r.endswith(C.CHART_SCRIPTS)
    ]
    assert heavy == [], f"loaded before first use: {heavy}"
    assert set(PYODIDE_RUNTIME) | set(C.CHART_SCRIPTS) <= set(calc.first.after), calc.first.after
    assert any(n.startswith("startup_math-") and n.endswith(".zip") for n in calc.first.after)
    types = calc.first.content_types
    assert types["pyodide.mjs"].startswith(("text/javascript", "application/javascript"))
    assert types["pyodide.asm.mjs"].startswith(("text/javascript", "application/javascript"))
    assert types["pyodide.asm.wasm"] == "application/wasm"
    assert calc.visit.network_problems() == []  # no console error, failure or other host
    assert B.csp_problems(calc.page, calc.visit.name) == []  # Pyodide within the page's policy
    state = C.shown(calc.page)
    assert state.state == "done"
    assert [(r["key"], r["value"]) for r in state.rows] == [
        (row.key, json.dumps(row.value)) for row in example_rows()
    ]
    # the browser redrew the charts with the same script and data: the very same markup
    assert "<svg" in calc.charts_before
    assert C.charts_html(calc.page) == calc.charts_before


@pytest.mark.slow
@pytest.mark.enable_socket
def test_charts_follow_the_inputs(calc):
    changes = {"preset": "qwen3-30b-a3b", "requests_per_day": "3000000"}
    C.calculate_with(calc.page, H.defaults() | changes)
    redrawn = C.charts_html(calc.page)
    assert redrawn != calc.charts_before and "NaN" not in redrawn
    assert redrawn.count("<svg") == calc.charts_before.count("<svg")  # charts and swatches
    reset(calc.page)
    C.calculate_with(calc.page, H.defaults())
    assert C.charts_html(calc.page) == calc.charts_before


@pytest.mark.slow
@pytest.mark.enable_socket
def test_a_chart_library_that_fails_to_load_leaves_the_rows_and_says_so(browser, server):
    context = B.new_context(browser, server.origin)
    try:
        page, _ = B.visit(context, C.page_url(server.origin, "en"), server.origin)
        # registered last, so it runs before the visit's own route
        page.route("**/plot.umd.min.js", lambda route: route.fulfill(status=404, body=""))
        C.calculate_with(page, H.defaults() | {"requests_per_day": "5000"})
        state = C.shown(page)
        assert state.state == "done"
        rows = dict((r["key"], r["value"]) for r in state.rows)
        assert rows["requests_per_day"] == json.dumps(5000.0)
        note = page.locator("#calculator-charts .calculator__chart-failed").text_content()
        assert note.startswith("The charts could not be drawn (") and "plot.umd.min.js" in note
        assert page.locator("#calculator-charts figure").count() == 0  # no stale example
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.enable_socket
def test_generated_inputs_show_what_the_command_line_prints(calc, cli_results):
    page_words = words(calc.lang)
    problems = []
    for i, (case, want) in enumerate(zip(CASES, cli_results, strict=True)):
        C.calculate_with(calc.page, case)
        got = C.shown(calc.page)
        where = f"case {i} ({calc.lang}): {case}"
        if want.rows is not None:
            rows = [(r["key"], r["value"]) for r in got.rows]
            if got.state != "done" or rows != want.rows or got.errors:
                problems.append(f"{where}: page {got.state} {rows} {got.errors}, CLI {want.rows}")
                continue
            texts = [row.text for row in run_command("plan", form_inputs(case))]
            labels = [page_words["results"][key] for key, _ in want.rows]
            if [r["text"] for r in got.rows] != texts or [r["label"] for r in got.rows] != labels:
                problems.append(f"{where}: texts or labels differ: {got.rows}")
        elif got.state != "error" or got.errors != {want.field: want.message}:
            problems.append(
                f"{where}: page {got.state} {got.errors}, CLI {want.field}: {want.message}"
            )
        elif got.invalid != [want.field]:
            problems.append(f"{where}: marked invalid {got.invalid}, not {want.field}")
    reset(calc.page)
    assert problems == [], "\n".join(problems[:10])


BAD_INPUTS = [
    # (what the reader does, the field the message belongs to)
    ({"price": "three"}, "price"),
    ({"mfu": "1.5"}, "mfu"),
    ({"gpus": "2.5"}, "gpus"),
    ({"batch": "100000"}, "batch"),
    ({"tokens": ""}, "tokens"),
    ({"utilization": "0"}, "utilization"),
    ({"api_output_price": ""}, "api_output_price"),
    # 141 GB of bf16 weights on one 80 GB GPU
    ({"preset": "llama-3-70b", "weight_dtype": "bf16"}, "gpus_per_replica"),
    ({"preset": H.CUSTOM}, "vocab_size"),
    (
        {
            "preset": H.CUSTOM,
            "vocab_size": "32000",
            "d_model": "4096",
            "n_layers": "32",
            "n_heads": "32",
            "n_kv_heads": "3",
            "d_ff": "11008",
        },
        "n_kv_heads",
    ),
]


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.parametrize(
    ("changes", "field"),
    BAD_INPUTS,
    ids=["-".join(f"{k}={v}" for k, v in c.items())[:40] for c, _ in BAD_INPUTS],
)
def test_bad_input_shows_the_library_message_beside_its_field(calc, changes, field):
    page = calc.page
    reset(page)
    for name, value in changes.items():  # as a reader does it: select, type, press Enter
        selector = f"#calc-{name.replace('_', '-')}"
        before = C.runs(page)
        if SPECS[name].kind == "choice":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)
            page.press(selector, "Enter")
        C.wait_for_result(page, before)
    inputs = form_inputs(H.defaults() | {"arch": "llama"} | changes)
    want = expected(inputs)
    got = C.shown(page)
    assert (want.field, got.state) == (field, "error"), want
    assert got.errors == {field: want.message}
    assert got.invalid == [field]
    control = page.locator(f"#calc-{field.replace('_', '-')}")
    assert control.is_visible()
    described = control.get_attribute("aria-describedby").split()
    assert page.locator(f"#{described[1]}").text_content() == want.message
    assert "previous" in got.status or "上一次" in got.status
    # correcting it clears the message
    reset(page)
    assert C.shown(page).errors == {} and C.shown(page).invalid == []


@pytest.mark.slow
@pytest.mark.enable_socket
def test_custom_architecture_is_revealed_and_computed(calc):
    page = calc.page
    reset(page)
    assert page.locator('[data-group="architecture"]').is_hidden()
    before = C.runs(page)
    page.select_option("#calc-preset", H.CUSTOM)
    C.wait_for_result(page, before)
    assert page.locator('[data-group="architecture"]').is_visible()
    sizes = {"vocab_size": "128256", "d_model": "4096", "n_layers": "32", "n_heads": "32"}
    sizes |= {"n_kv_heads": "8", "d_ff": "14336"}
    for name, value in sizes.items():
        before = C.runs(page)
        page.fill(f"#calc-{name.replace('_', '-')}", value)
        page.press(f"#calc-{name.replace('_', '-')}", "Enter")
        C.wait_for_result(page, before)
    got = C.shown(page)
    assert got.state == "done" and got.errors == {}
    # Llama 3 8B's architecture typed in gives the preset's numbers, the other inputs unchanged
    preset = run_command("plan", H.defaults() | {"preset": "llama-3-8b"})
    assert [(r["key"], r["value"]) for r in got.rows] == [
        (row.key, json.dumps(row.value)) for row in preset
    ]
    reset(page)
    assert page.locator('[data-group="architecture"]').is_hidden()


@pytest.mark.slow
@pytest.mark.enable_socket
def test_phone_viewport_has_no_sideways_scroll_and_the_form_works(calc):
    page = calc.page
    page.set_viewport_size(B.PHONE)
    try:
        reset(page)
        before = C.runs(page)
        page.select_option("#calc-preset", H.CUSTOM)  # the widest state: every field shown
        C.wait_for_result(page, before)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"scrolls sideways by {overflow}px"
        width = B.PHONE["width"]
        for control in page.locator("#calculator-form [data-kind]").all():
            box = control.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        table = page.locator(".calculator__output")
        assert page.evaluate("e => e.scrollWidth <= e.clientWidth", table.element_handle()), (
            "the results table needs sideways scrolling on a phone"
        )
        reset(page)
        before = C.runs(page)
        page.fill("#calc-price", "2")
        page.locator(C.BUTTON).click()
        C.wait_for_result(page, before)
        got = C.shown(page)
        assert got.state == "done"
        cost = {r["key"]: r["value"] for r in got.rows}["training_cost"]
        rows = run_command("plan", H.defaults() | {"price": "2"})
        assert cost == json.dumps({row.key: row.value for row in rows}["training_cost"])
    finally:
        page.set_viewport_size(B.DESKTOP)
        reset(page)


@pytest.mark.slow
@pytest.mark.enable_socket
def test_accessible_before_and_after_a_calculation_and_with_an_error(calc):
    page = calc.page
    assert calc.axe_before == []
    reset(page)
    assert axe(calc) == []
    C.calculate_with(page, H.defaults() | {"arch": "llama", "mfu": "2"})
    assert C.shown(page).errors
    assert axe(calc) == []
    # the dark scheme, where the error text has its own colour
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    try:
        assert axe(calc) == []
    finally:
        page.evaluate("document.body.setAttribute('data-md-color-scheme', 'default')")
    reset(page)


@pytest.mark.slow
@pytest.mark.enable_socket
@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_without_javascript_shows_the_worked_example(browser, server, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(C.page_url(server.origin, lang), wait_until="load")
        rows = page.evaluate(
            """() => [...document.querySelectorAll('#calculator-results tbody tr')].map(tr =>
                [tr.dataset.key, tr.dataset.value, tr.querySelector('th').textContent,
                 tr.querySelector('td').textContent])"""
        )
        labels = words(lang)["results"]
        assert rows == [
            [row.key, json.dumps(row.value), labels[row.key], row.text] for row in example_rows()
        ]
        assert page.locator(".calculator__noscript").is_visible()
        preset = page.locator("#calculator-form select[name=preset]").input_value()
        assert preset == H.EXAMPLE["preset"]
        assert not any("vendor/pyodide" in r or r.endswith(".zip") for r in requests)
        assert all(r.startswith(server.origin) for r in requests)
    finally:
        context.close()


def test_missing_chart_scripts_stop_the_build_with_the_command_to_run(monkeypatch, tmp_path):
    from sitebuild.build import BuildError

    sources = (*H.CHART_SOURCES[:1], H.ROOT / "node_modules" / "no-such-plot" / "plot.js")
    monkeypatch.setattr(H, "CHART_SOURCES", sources)
    with pytest.raises(BuildError, match=r"node_modules/no-such-plot/plot.js is missing\. Run"):
        H.draw_charts({"cost": {}, "speed": {}}, {})
