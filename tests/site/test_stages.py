"""The build's stages (sitebuild/build.py): their order, written once, and what they depend on."""

import inspect
import re
import subprocess
import sys
import textwrap

import pytest

from sitebuild import build as B
from sitebuild.build import STAGES, Build, BuildError, PageRef, Site, Stage, check_order
from sitebuild.calculator import Calculator
from sitebuild.languages import CONFIGS
from tests.support.site import ROOT

PHASES = ("configure", "files", "markdown", "content", "finish", "page", "after_build", "abort")


def with_method(*methods: str) -> list[str]:
    return [s.name for s in STAGES if any(hasattr(s.cls(), m) for m in methods)]


def test_the_order_is_written_once_and_holds():
    check_order(STAGES)
    assert [s.name for s in STAGES][-1] == "csp"
    # MkDocs runs one hook, which runs the stages in this order; no other hook can reorder them
    listed = [
        line.strip()
        for config in CONFIGS.values()
        for line in config.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s+- hooks/", line)
    ]
    assert listed == ["- hooks/build.py"]
    assert sorted(p.name for p in (ROOT / "hooks").glob("*.py")) == ["build.py"]


def test_each_stage_does_something_in_a_phase_the_build_runs():
    for stage in STAGES:
        assert any(hasattr(stage.cls(), phase) for phase in PHASES), stage.name


def test_the_policy_comes_after_every_stage_that_edits_a_page():
    csp = next(s for s in STAGES if s.name == "csp")
    editors = set(with_method("page")) - {"csp"}
    assert editors <= set(csp.needs), "csp hashes the final HTML: list new page stages in needs"


def test_the_offline_guard_comes_after_every_stage_that_adds_markup():
    offline = next(s for s in STAGES if s.name == "offline")
    names = [s.name for s in STAGES]
    before = set(names[: names.index("offline")])
    adders = set(with_method("content", "page")) & before
    assert adders <= set(offline.needs)


@pytest.mark.parametrize(
    "order, message",
    [
        (
            ("calculator", "vendor_assets"),
            "build: stage 'calculator' runs before 'vendor_assets', which it needs first; "
            "put 'vendor_assets' earlier in sitebuild.build.STAGES",
        ),
        (("calculator",), "build: stage 'calculator' needs 'vendor_assets', which is not listed"),
        (("math", "math"), "build: stage 'math' is listed twice"),
    ],
)
def test_a_broken_order_is_refused_naming_the_stages(order, message):
    by_name = {s.name: s for s in STAGES}
    with pytest.raises(BuildError) as excinfo:
        Build(tuple(by_name[name] for name in order))
    assert str(excinfo.value) == message


def test_the_calculator_without_pyodide_says_so_instead_of_zero_megabytes(tmp_path):
    site = Site("en", tmp_path, tmp_path / "site")
    with pytest.raises(BuildError, match=r"no file under assets/vendor/pyodide/ was added before"):
        Calculator().files(site, ())


def test_the_build_runs_each_phase_in_the_written_order(tmp_path):
    calls = []

    class Recorder:
        def __init__(self, name):
            self.name = name

        def page(self, html, page):
            calls.append(self.name)
            return html + self.name

        def files(self, site, added):
            calls.append((self.name, [f.uri for f in added]))
            return [B.SiteFile(f"{self.name}.txt", content="x")]

    first = Stage("one", lambda: Recorder("one"), "first")
    second = Stage("two", lambda: Recorder("two"), "second", needs=("one",))
    build = Build((first, second))
    assert build.page("<p>", PageRef("x.md", "x/")) == "<p>onetwo"
    assert [f.uri for f in build.files(Site("en", tmp_path, tmp_path))] == ["one.txt", "two.txt"]
    assert calls == ["one", "two", ("one", []), ("two", ["one.txt"])]


def test_the_stages_run_without_mkdocs_on_any_renderers_html(tmp_path):
    """No stage imports MkDocs: with it unimportable, the page stages still finish a page."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        sys.modules["mkdocs"] = None  # any `import mkdocs...` now fails
        from sitebuild.build import Build, PageRef, Site
        build = Build()
        site = Site("en", Path("docs/en"), Path(sys.argv[1]),
                    extra={"alternate": [{"lang": "zh", "link": "../", "root": ""}]})
        build.configure(site)
        html = (
            '<html><head><meta charset="utf-8"><script>var x = 1</script></head><body>'
            '<div class="md-search" data-md-component="search" role="dialog"></div>'
            '<a href="/" hreflang="zh" class="md-select__link">中文</a>'
            '</body></html>'
        )
        print(build.page(html, PageRef("math/softmax.md", "math/softmax/")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert '<meta http-equiv="Content-Security-Policy"' in out  # csp, with the script's hash
    assert "'sha256-" in out
    assert 'role="dialog" aria-label="Search"' in out  # accessibility
    assert '<a href="../../../math/softmax/" hreflang="zh"' in out  # language links


def test_the_stage_list_is_printed_in_order():
    out = subprocess.run(
        [sys.executable, "-m", "sitebuild"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert [line.split(".", 1)[1].split(":")[0].strip() for line in out] == [s.name for s in STAGES]
    assert "(after vendor_assets)" in out[[s.name for s in STAGES].index("calculator")]
    assert inspect.getdoc(B).startswith("The build's stages")
