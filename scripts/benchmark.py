"""Measure the build, the preview server, the snippets, the tests and the page weight.

Usage: python scripts/benchmark.py [--skip-tests] [--skip-lighthouse] [--lighthouse-runs N]
                                  [--json FILE]

Prints one table. Run it from the repository root after `make setup` (and `make browser`
for the page-weight and Lighthouse rows). Nothing here asserts: the numbers are for people
to compare against the targets in the README.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild.browser import LAUNCH_ARGS, chromium, launch  # noqa: E402
from sitebuild.languages import CONFIGS, DEFAULT, LANGUAGES, NAMES, site_dir  # noqa: E402
from sitebuild.languages import prefix as language_prefix  # noqa: E402
from sitebuild.serve import StaticServer  # noqa: E402
from sitebuild.snippets import all_snippets, display, launch_command  # noqa: E402
from sitebuild.visit import gzip_size, measure_first_use, new_context, visit  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
PAGES = {
    "home": "",
    "plain": "about/contributing/",
    "practice": "practice/xor/",
    "math": None,
    "diagram": None,
    "notebook": "math/gradient_check/",
    "calculator": "startup/calculator/",
}
rows: list[tuple[str, str, str]] = []


def row(what: str, value: str, note: str = "") -> None:
    rows.append((what, value, note))
    print(f"  {what:<46} {value:>14}  {note}", flush=True)


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def bench_build(site: Path) -> None:
    total = 0.0
    for lang in LANGUAGES:
        config = CONFIGS[lang].relative_to(ROOT).as_posix()
        seconds = timed(
            [
                str(BIN / "mkdocs"),
                "build",
                "--strict",
                "-f",
                config,
                "-d",
                str(site_dir(site, lang)),
            ]
        )
        total += seconds
        row(
            f"strict build, {NAMES[lang]}",
            f"{seconds:.1f} s",
            "" if total > seconds else "notebook outputs cached",
        )
    row("strict build, both languages", f"{total:.1f} s", "target < 20 s")


def bench_pdf(site: Path) -> None:
    """Both PDFs (scripts/build_pdf.py): time to print, size and sheets."""
    from pypdf import PdfReader

    seconds = timed([str(BIN / "python"), "scripts/build_pdf.py", "--site", str(site), "--fresh"])
    from scripts.build_pdf import pdf_path

    for lang in LANGUAGES:
        path = pdf_path(site, lang)
        sheets = len(PdfReader(path).pages)
        row(f"PDF, {lang}", f"{path.stat().st_size / 1e6:.1f} MB", f"{sheets} pages")
    row("PDF, both languages: time to print", f"{seconds:.0f} s", "run by make build; not cached")


def bench_diagrams() -> None:
    """Drawing every Mermaid diagram of both languages in one browser, as a build with an empty
    .cache/diagrams/ does (a build with them cached starts no browser)."""
    import re

    from sitebuild import diagrams

    sources = set()
    for page in sorted((ROOT / "docs").rglob("*.md")):
        sources.update(re.findall(r"^```mermaid\n(.*?)^```", page.read_text(), re.S | re.M))
    options, css = diagrams.material_setup()
    start = time.perf_counter()
    drawn = diagrams.draw(sorted(sources), options, css)
    elapsed = time.perf_counter() - start
    failed = sum(svg.startswith("error: ") for svg in drawn.values())
    size = sum(len(svg.encode()) for svg in drawn.values()) / len(drawn)
    row(
        "diagrams: draw all, empty cache",
        f"{elapsed:.1f} s",
        f"{len(drawn)} diagrams, {size / 1024:.0f} KB of SVG each on average"
        + (f", {failed} FAILED" if failed else ""),
    )


def bench_serve(options: list[str], label: str, note: str) -> None:
    """Seconds from saving a one-line edit to the edited page being served."""
    page = ROOT / "docs" / DEFAULT / "about" / "contributing.md"
    original = page.read_text(encoding="utf-8")
    port = 8900
    command = [str(BIN / "mkdocs"), "serve", *options, "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}/about/contributing/"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(2)  # let the watcher settle after the first build
        marker = f"benchmark-edit-{time.time_ns()}"
        page.write_text(original + f"\n{marker}\n", encoding="utf-8")
        start = time.perf_counter()
        while time.perf_counter() - start < 120:
            try:
                if marker in urllib.request.urlopen(url, timeout=2).read().decode():
                    break
            except OSError:
                pass
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
    finally:
        page.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    row(f"{label}: edit to page served", f"{elapsed:.1f} s", note)


def bench_snippets() -> None:
    total = 0.0
    for snippet in all_snippets():
        start = time.perf_counter()
        launcher = launch_command(snippet)  # torchrun for the distributed examples
        program = (
            [PYTHON]
            if launcher is None
            else [str(Path(PYTHON).parent / launcher[0]), *launcher[1:]]
        )
        with tempfile.TemporaryDirectory() as tmp:  # figures a snippet saves land here
            proc = subprocess.Popen(
                [*program, str(snippet)],
                cwd=tmp,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        total += elapsed
        ok = "" if os.waitstatus_to_exitcode(status) == 0 else "FAILED"
        row(
            f"snippet {display(snippet)}",
            f"{elapsed:.1f} s",
            f"peak RSS {usage.ru_maxrss / 1024:.0f} MB {ok}",
        )
    row("all snippets", f"{total:.1f} s", f"{len(all_snippets())} snippets, CPU")


def bench_tests() -> None:
    # The README's test command (make test), after set-up
    elapsed = timed(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto", "--maxprocesses=4"]
    )
    row("whole test command (pytest)", f"{elapsed / 60:.1f} min", "target < 10 min")


def chinese_pages(site: Path) -> list[tuple[str, str]]:
    """(path, HTML) of every page of the Chinese site (the English one is under en/)."""
    return [
        (html.parent.relative_to(site).as_posix() + "/", html.read_text(encoding="utf-8"))
        for html in sorted(site.rglob("index.html"))
        if html.relative_to(site).parts[0] not in LANGUAGES[1:] and html.parent != site
    ]


def diagram_only_page(site: Path) -> str:
    for path, text in chinese_pages(site):
        if 'class="mermaid"' in text and 'class="arithmatex"' not in text:
            return path
    raise SystemExit("benchmark: no page has a diagram and no formula")


def most_formulas_page(site: Path) -> str:
    """The math page that Lighthouse measures: the one with the most formulas."""
    count, path = max(
        (text.count('class="arithmatex"'), path) for path, text in chinese_pages(site)
    )
    row("formulas on the page with the most", f"{count}", f"/{path}")
    return path


def bench_pages(site: Path, lighthouse_runs: int) -> None:
    from playwright.sync_api import sync_playwright

    PAGES["diagram"] = diagram_only_page(site)
    PAGES["math"] = most_formulas_page(site)
    with StaticServer(site) as server, sync_playwright() as p:
        browser = launch(p)
        for kind, path in PAGES.items():
            context = new_context(browser, server.origin)
            _, record = visit(context, f"{server.origin}/{path}", server.origin)
            context.close()
            size = sum(record.bytes_by_url.values())
            row(
                f"first load, {kind} page (/{path})",
                f"{len(record.requests)} req",
                f"{size / 1024:.0f} KB transferred (gzip)",
            )
        bench_calculator(browser, server.origin, site)
        browser.close()
        # Every kind of page the issue tracker names, in both languages. One Lighthouse run
        # varies by several points on a small machine; its authors recommend the median of
        # several runs (Lighthouse docs/variability.md).
        for kind in ("home", "math", "diagram", "practice", "notebook", "calculator"):
            for prefix in map(language_prefix, LANGUAGES) if lighthouse_runs else ():
                runs = [
                    run_lighthouse(f"{server.origin}/{prefix}{PAGES[kind]}")
                    for _ in range(lighthouse_runs)
                ]
                perf = sorted(r["performance"] for r in runs)
                row(
                    f"Lighthouse mobile, {kind} page ({prefix or DEFAULT + '/'})",
                    f"perf {statistics.median(perf):.0f}",
                    f"runs {'/'.join(f'{s:.0f}' for s in perf)}; accessibility "
                    f"{min(r['accessibility'] for r in runs):.0f}; target 95 / 100",
                )


def bench_calculator(browser, origin: str, site: Path) -> None:
    """The calculator page's first use: from the first click on Calculate to the first result
    shown, and what that click downloads (Pyodide and the startup_math zip)."""
    first = measure_first_use(browser, origin)
    total = sum(first.after.values())
    row(
        "calculator: first use, click to result",
        f"{first.seconds:.1f} s",
        f"{len(first.after)} files, {total / 1e6:.2f} MB transferred",
    )
    files = {p.name: p for p in (site / "assets").rglob("*") if p.is_file()}
    gzipped = 0
    for name, size in sorted(first.after.items(), key=lambda item: -item[1]):
        packed = gzip_size(files[name]) if name in files else size
        gzipped += min(packed, size)
        row(f"calculator: {name}", f"{size / 1024:.0f} KB", f"gzip -6: {packed / 1024:.0f} KB")
    row("calculator: first use, gzipped", f"{gzipped / 1e6:.2f} MB", "if the host gzips every file")


def run_lighthouse(url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *LAUNCH_ARGS])
        subprocess.run(
            [
                str(ROOT / "node_modules" / ".bin" / "lighthouse"),
                url,
                f"--chrome-path={chromium()}",
                f"--chrome-flags={flags}",
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=300,
        )
        report = json.loads(out.read_text(encoding="utf-8"))
    return {name: category["score"] * 100 for name, category in report["categories"].items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--skip-tests", action="store_true", help="do not time the whole test command"
    )
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run Lighthouse")
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; the median is reported (default 3)",
    )
    parser.add_argument("--json", type=Path, help="also write the table to this JSON file")
    args = parser.parse_args()
    print(f"  {'measure':<46} {'value':>14}  note")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        bench_build(site)
        bench_pdf(site)
        bench_diagrams()
        bench_serve(["--dirty", "--no-strict"], "make serve (mkdocs serve --dirty)", "target < 3 s")
        bench_serve([], "mkdocs serve, every page rebuilt", "for comparison: not README's command")
        bench_pages(site, 0 if args.skip_lighthouse else max(1, args.lighthouse_runs))
    bench_snippets()
    if not args.skip_tests:
        bench_tests()
    if args.json:
        args.json.write_text(
            json.dumps(
                [dict(zip(("measure", "value", "note"), r, strict=True)) for r in rows], indent=2
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
