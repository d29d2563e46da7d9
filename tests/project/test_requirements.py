"""Requirements by job: each job's file installs what that job imports, at the lock's versions.

`make serve` and the Pages deploy install requirements/site.txt only, so a hook that starts
importing torch would break them on a fresh machine while every test here still passed (the
test environment has everything). These tests walk the installed distributions' dependency
metadata from each job file and check every third-party import against it.
"""

import ast
import re
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements"
LOCAL = {"startup_math", "hooks", "sitebuild", "scripts", "tests"}


def names(path: Path) -> list[str]:
    """The requirement names a job file lists, following its -r includes (not -c)."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-c"):
            continue
        if line.startswith("-r"):
            found += names(path.parent / line.split(maxsplit=1)[1])
        else:
            found.append(Requirement(line).name)
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def lock() -> dict[str, str]:
    pins = {}
    for line in (REQUIREMENTS / "lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonical(name)] = version
    return pins


@cache
def closure(job: str) -> frozenset[str]:
    """Distributions a job file installs: its names and their dependencies, recursively."""
    todo, seen = [canonical(n) for n in names(REQUIREMENTS / job)], set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.requires(name) or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonical(req.name))
    return frozenset(seen)


def third_party_imports(files) -> dict[str, set[str]]:
    """Top-level modules imported by `files` that are neither standard library nor ours."""
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, set()).add(path.relative_to(ROOT).as_posix())
    return found


def missing(files, job: str) -> list[str]:
    providers = metadata.packages_distributions()
    problems = []
    for module, users in sorted(third_party_imports(files).items()):
        dists = {canonical(d) for d in providers.get(module, [])}
        if not dists & closure(job):
            problems.append(
                f"{module} (imported by {', '.join(sorted(users))}) is not installed by "
                f"requirements/{job}; add {' or '.join(sorted(dists)) or module} there"
            )
    return problems


@pytest.mark.parametrize("job", ["site.txt", "examples.txt", "test.txt"])
def test_every_requirement_of_a_job_is_pinned_in_the_lock(job):
    pins = lock()
    assert [n for n in names(REQUIREMENTS / job) if canonical(n) not in pins] == []
    for name in closure(job):
        assert name in pins, f"{name}, which requirements/{job} installs, is not in lock.txt"
        # the lock pins torch==2.13.0; the CPU build installs as 2.13.0+cpu
        installed = Version(metadata.version(name)).public
        assert installed == pins[name], f"{name} {installed} installed, lock: {pins[name]}"


def test_the_build_imports_only_what_the_site_requirements_install():
    build = [
        *sorted((ROOT / "hooks").glob("*.py")),
        *sorted((ROOT / "sitebuild").glob("*.py")),
        ROOT / "scripts" / "build_pdf.py",
    ]
    assert missing(build, "site.txt") == []


def test_snippets_import_only_what_the_examples_requirements_install():
    assert missing(sorted((ROOT / "snippets").rglob("*.py")), "examples.txt") == []


def test_a_missing_requirement_is_named_with_its_importer(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    hook = tmp_path / "hook.py"
    hook.write_text("import torch\nimport json\nfrom mkdocs.config import load_config\n")
    assert missing([hook], "site.txt") == [
        "torch (imported by hook.py) is not installed by requirements/site.txt; add torch there"
    ]
