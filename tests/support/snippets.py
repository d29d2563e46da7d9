"""Find snippets, run them as a reader would, and compare what they print with their .out file."""

import difflib
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"
NETGUARD = Path(__file__).resolve().parent / "netguard"

# Generous: a snippet is meant to take seconds on a laptop CPU. The benchmark reports real times.
TIME_BUDGET_S = 120
DEVICE_LINE = re.compile(r"^device: (cpu|cuda|gpu|mps)$", re.MULTILINE)


@dataclass
class Run:
    snippet: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def all_snippets(root: Path = SNIPPETS) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def expected_output_path(snippet: Path) -> Path:
    return snippet.with_suffix(".out")


def run_snippet(snippet: Path, *args: str, timeout: float = TIME_BUDGET_S, cwd: Path = ROOT) -> Run:
    """Run `python <snippet> [args]` in a fresh interpreter, offline, within `timeout` seconds."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(NETGUARD)  # sitecustomize.py there blocks the network
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONSTARTUP", None)
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [
                sys.executable,
                str(snippet.relative_to(cwd) if snippet.is_relative_to(cwd) else snippet),
                *args,
            ],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(
            f"{display(snippet)} did not finish within its time budget of {timeout:.0f} s"
        ) from exc
    return Run(snippet, done.returncode, done.stdout, done.stderr, time.perf_counter() - start)


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def normalize(text: str) -> str:
    """Make output comparable across machines: the device a snippet picked may differ."""
    return DEVICE_LINE.sub("device: <device>", text)


def check_run(run: Run) -> None:
    """Raise AssertionError with a clear message if the run failed or printed unexpected output."""
    name = display(run.snippet)
    if run.returncode != 0:
        tail = "\n".join(run.stderr.strip().splitlines()[-15:])
        raise AssertionError(f"{name} exited with status {run.returncode}:\n{tail}")
    expected_file = expected_output_path(run.snippet)
    if not expected_file.exists():
        raise AssertionError(
            f"{name} has no expected output: create {display(expected_file)} "
            f"(python {name} > {display(expected_file)})"
        )
    expected = normalize(expected_file.read_text(encoding="utf-8"))
    actual = normalize(run.stdout)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{display(expected_file)} (shown on the page)",
                tofile=f"{name} (printed now)",
            )
        )
        raise AssertionError(f"{name} printed something other than its page shows:\n{diff}")
