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
DEVICE_LINE = re.compile(r"^device: (cpu|cuda|gpu|mps|xpu)( \(.+\))?$", re.MULTILINE)
BACKEND_LINE = re.compile(r"^backend: (gloo|nccl|xccl)$", re.MULTILINE)
# A snippet that needs a launcher says so in its docstring, with the command a reader types
# (the page shows the same command; tests/docs/test_run_commands.py checks that).
LAUNCH_LINE = re.compile(r"^\s+(torchrun (?:--\S+ )+)(snippets/\S+\.py)$", re.MULTILINE)
# torchrun's notice, on stderr, that it set OMP_NUM_THREADS=1 for each process it started.
LAUNCHER_NOTICE = re.compile(
    r"^W\d{4} [\d:.]+ \d+ \S*torch/distributed/run\.py:\d+\] "
    r"(?:\**|Setting OMP_NUM_THREADS environment variable .*)\s*$\n?",
    re.MULTILINE,
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Tolerance:
    """How far a printed number may drift: a share of its value, and decimals at least `decimal`."""

    relative: float
    decimal: float

    def allows(self, shown: str, printed: str) -> bool:
        allowed = self.relative * abs(float(shown))
        if "." in shown:
            allowed = max(allowed, self.decimal)
        return abs(float(printed) - float(shown)) <= allowed


# Training runs differ in their last digits between machines (thread counts, CPU or GPU kernels,
# library builds). The output of snippets in these folders is compared number by number within
# this tolerance (stated on the practice page): 2% of the value, and at least 0.02 for decimals
# (accuracies near 1, small losses). The text around the numbers must match exactly.
# Elsewhere every character must match.
TOLERANCES = {"practice": Tolerance(relative=0.02, decimal=0.02)}

# Figures are compared pixel by pixel (root-mean-square difference on a 0-255 scale), so that a
# training curve that moved by a hair on another machine still matches, and a changed plot does not.
FIGURE_RMS_TOLERANCE = 3.0
# When a training run printed numbers that drifted within their tolerance (another CPU model),
# its curves drifted as well, and a log axis may rescale: measured between two x86 machines, up
# to 12.1 for the TensorFlow examples. The figure must then still be the same plot, within this
# looser bound; it catches a changed layout or a missing panel, not a changed curve (the PyTorch
# and TensorFlow versions of the same plot differ by 13.6 to 31).
DRIFTED_FIGURE_RMS_TOLERANCE = 15.0


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


def launch_command(snippet: Path) -> list[str] | None:
    """The launcher its docstring asks for (`torchrun --standalone ...`), without the path."""
    found = LAUNCH_LINE.findall(snippet.read_text(encoding="utf-8"))
    if not found:
        return None
    (launcher, path), *_ = found
    if path != f"snippets/{snippet.relative_to(SNIPPETS).as_posix()}":
        raise AssertionError(f"{display(snippet)}: its docstring launches {path}, not itself")
    return launcher.split()


def strip_launcher_notices(stderr: str) -> str:
    return LAUNCHER_NOTICE.sub("", stderr)


def run_snippet(snippet: Path, *args: str, timeout: float = TIME_BUDGET_S, cwd: Path = ROOT) -> Run:
    """Run `python <snippet> [args]` in a fresh interpreter, offline, within `timeout` seconds.

    A snippet whose docstring names a launcher (`torchrun --standalone --nproc_per_node=2
    snippets/...`) is started with it, as its page tells the reader to.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(NETGUARD)  # sitecustomize.py there blocks the network
    env["PYTHONIOENCODING"] = "utf-8"
    if _uses_pytorch_only(snippet):
        # PyTorch picks its CPU kernels by instruction set (its own vectorized ops, and oneDNN's
        # for convolutions and LSTMs), and the AVX-512 kernels round differently from the AVX2
        # ones: enough to move a training curve by a few pixels. The committed outputs and
        # figures come from the AVX2 kernels, so the tests use those on any x86 CPU. (TensorFlow
        # bundles its own oneDNN, which reads the same variable; its examples rely on the
        # tolerance instead.)
        env.setdefault("ATEN_CPU_CAPABILITY", "avx2")
        env.setdefault("DNNL_MAX_CPU_ISA", "AVX2")
    env.pop("PYTHONSTARTUP", None)
    launcher = launch_command(snippet)
    if launcher is None:
        program = [sys.executable]
    else:
        # The launcher installed next to this Python (the virtual environment's torchrun).
        program = [str(Path(sys.executable).parent / launcher[0]), *launcher[1:]]
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [
                *program,
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


def _uses_pytorch_only(snippet: Path) -> bool:
    source = snippet.read_text(encoding="utf-8")
    return "import torch" in source and "import tensorflow" not in source


def display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def normalize(text: str) -> str:
    """Make output comparable across machines: the device a snippet picked may differ."""
    return BACKEND_LINE.sub("backend: <backend>", DEVICE_LINE.sub("device: <device>", text))


def tolerance_for(snippet: Path) -> Tolerance | None:
    return TOLERANCES.get(snippet.parent.name)  # snippets/<chapter>/<name>.py


def number_mismatches(expected: str, actual: str, tolerance: Tolerance) -> list[str] | None:
    """Compare line by line; None if the text differs, else the numbers outside the tolerance."""
    expected_lines, actual_lines = expected.splitlines(), actual.splitlines()
    if len(expected_lines) != len(actual_lines):
        return None
    problems = []
    for number, (want, got) in enumerate(zip(expected_lines, actual_lines, strict=True), 1):
        if NUMBER.sub("#", want) != NUMBER.sub("#", got):
            return None
        for a, b in zip(NUMBER.findall(want), NUMBER.findall(got), strict=True):
            if not tolerance.allows(a, b):
                problems.append(f"line {number}: {b} is too far from {a}: {got!r}")
    return problems


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
    tolerance = tolerance_for(run.snippet)
    if actual != expected and tolerance is not None:
        problems = number_mismatches(expected, actual, tolerance)
        if problems == []:
            return
        if problems:
            raise AssertionError(
                f"{name} printed numbers outside the tolerance (±{tolerance.relative:.0%}, "
                f"decimals at least ±{tolerance.decimal}) of what its page shows:\n"
                + "\n".join(problems)
            )
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


def printed_exactly(run: Run) -> bool:
    """Whether the run printed its .out file character for character (device line aside)."""
    expected = expected_output_path(run.snippet).read_text(encoding="utf-8")
    return normalize(run.stdout) == normalize(expected)


def figure_path(snippet: Path) -> Path:
    return snippet.with_suffix(".png")


def check_figures(snippet: Path, workdir: Path, drifted: bool = False) -> None:
    """The figures a run saved in `workdir` must match the committed ones next to the snippet.

    `drifted`: the run's numbers differed from its .out file within their tolerance, so the
    looser DRIFTED_FIGURE_RMS_TOLERANCE applies.
    """
    from matplotlib.testing.compare import compare_images

    name = display(snippet)
    committed = figure_path(snippet)
    produced = sorted(workdir.glob("*.png"))
    expected_names = [committed.name] if committed.exists() else []
    if [p.name for p in produced] != expected_names:
        raise AssertionError(
            f"{name} saved figures {[p.name for p in produced]}, but the repository has "
            f"{[display(committed)] if committed.exists() else 'none'}: a snippet saves at most "
            "one figure, named after itself, and commits it next to itself"
        )
    if not produced:
        return
    tolerance = DRIFTED_FIGURE_RMS_TOLERANCE if drifted else FIGURE_RMS_TOLERANCE
    problem = compare_images(str(committed), str(produced[0]), tol=tolerance)
    if problem is not None:
        raise AssertionError(
            f"{name} draws a figure that no longer matches the committed {display(committed)} "
            f"(RMS difference over {tolerance}). If the new figure is right, "
            f"regenerate it: python {name} --figure {display(committed)}\n{problem}"
        )
