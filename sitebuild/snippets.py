"""Which files are snippets, and how a reader launches each one: for the tests that run them,
scripts/benchmark.py and scripts/benchmark_examples.py.

A snippet is a .py file under snippets/ (the notebooks' source too, sitebuild/notebooks.py);
most run as `python snippets/<chapter>/<name>.py`, those whose docstring names a launcher with it.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS = ROOT / "snippets"

# A snippet that needs a launcher says so in its docstring, with the command a reader types
# (the page shows the same command; tests/docs/test_run_commands.py checks that).
LAUNCH_LINE = re.compile(r"^\s+(torchrun (?:--\S+ )+)(snippets/\S+\.py)$", re.MULTILINE)


def all_snippets(root: Path = SNIPPETS) -> list[Path]:
    """Every snippet under `root`, sorted."""
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def display(path: Path) -> str:
    """The path as a reader writes it: relative to the repository root when it is inside."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def launch_command(snippet: Path) -> list[str] | None:
    """The launcher its docstring asks for (`torchrun --standalone ...`), without the path;
    None: `python` runs it. AssertionError when the docstring launches another file."""
    found = LAUNCH_LINE.findall(snippet.read_text(encoding="utf-8"))
    if not found:
        return None
    (launcher, path), *_ = found
    if path != f"snippets/{snippet.relative_to(SNIPPETS).as_posix()}":
        raise AssertionError(f"{display(snippet)}: its docstring launches {path}, not itself")
    return launcher.split()
