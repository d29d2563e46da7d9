"""Run snippets as a reader would, and compare what they print with their .out file.

Which files are snippets and how each is launched is the site's fact (sitebuild/snippets.py).
"""

import difflib
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

# Re-exported (`x as x`) for the tests that import them from here
from sitebuild.snippets import ROOT as ROOT
from sitebuild.snippets import SNIPPETS as SNIPPETS
from sitebuild.snippets import all_snippets as all_snippets
from sitebuild.snippets import display as display
from sitebuild.snippets import launch_command as launch_command

NETGUARD = Path(__file__).resolve().parent / "netguard"

# Generous: a snippet is meant to take seconds on a laptop CPU. The benchmark reports real times.
TIME_BUDGET_S = 120
DEVICE_LINE = re.compile(r"^device: (cpu|cuda|gpu|mps|xpu)( \(.+\))?$", re.MULTILINE)
BACKEND_LINE = re.compile(r"^backend: (gloo|nccl|xccl)$", re.MULTILINE)
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
# this tolerance (stated on the practice page): 1% of the value, and at least 0.01 for decimals
# (accuracies near 1, small losses). It is measured: scripts/check_robustness.py runs every
# training example under rounding-sized perturbations, and the largest change it saw was about
# a third of this (one test image of 360). The text around the numbers must match exactly.
# Elsewhere every character must match.
TOLERANCES = {"practice": Tolerance(relative=0.01, decimal=0.01)}

# Figures are compared by what they show, not by their pixels (which depend on the machine's
# font rendering and antialiasing): every figure a snippet saves under the test runner carries
# its plotted data (netguard/figure_data.py), and the committed figure carries the data it was
# drawn from. Words (titles, labels, legends, colours) must match exactly, numbers within the
# snippet's tolerance; an image's values (a confusion matrix, an attention map) may move by the
# tolerance's share of their total, so that a test image changing class moves two cells by one.
FIGURE_DATA_KEY = "Plot data"


@dataclass
class Run:
    snippet: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def expected_output_path(snippet: Path) -> Path:
    return snippet.with_suffix(".out")


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
    env["SNIPPET_FIGURE_DATA"] = "1"  # saved figures carry their plotted data (figure_data.py)
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
            f"{name} has no expected output: create {display(expected_file)} with "
            f"{update_command(run.snippet)}"
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
                + f"\nIf the new output is right, regenerate it: {update_command(run.snippet)}"
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
        raise AssertionError(
            f"{name} printed something other than its page shows:\n{diff}"
            f"If the new output is right, regenerate it: {update_command(run.snippet)}"
        )


def update_command(snippet: Path) -> str:
    """The command that regenerates a snippet's .out file and figure (scripts/update_outputs.py)."""
    return f"python scripts/update_outputs.py {display(snippet)}"


def figure_path(snippet: Path) -> Path:
    return snippet.with_suffix(".png")


def figure_data(png: Path) -> dict | None:
    """The plotted data a PNG carries (written by netguard/figure_data.py), or None."""
    import json

    from PIL import Image

    with Image.open(png) as image:
        text = getattr(image, "text", {}).get(FIGURE_DATA_KEY)
    return None if text is None else json.loads(text)


def figure_differences(
    shown, drawn, tolerance: Tolerance | None, where: str = "figure"
) -> list[str]:
    """Where `drawn` (a figure's data) differs from `shown` beyond the tolerance, for a person."""
    if isinstance(shown, dict) and isinstance(drawn, dict):
        if shown.keys() != drawn.keys():
            return [f"{where}: has {sorted(drawn)}, the committed figure {sorted(shown)}"]
        return [d for key in shown for d in figure_differences(
            shown[key], drawn[key], tolerance, f"{where} {key}")]  # fmt: skip
    if isinstance(shown, list) and isinstance(drawn, list):
        if where.endswith("texts"):
            return _text_differences(shown, drawn, tolerance, where)
        if len(shown) != len(drawn):
            return [f"{where}: {len(drawn)} items, the committed figure has {len(shown)}"]
        if where.endswith("images"):
            return [d for i, (a, b) in enumerate(zip(shown, drawn, strict=True))
                    for d in _image_differences(a, b, tolerance, f"{where} {i + 1}")]  # fmt: skip
        return [d for i, (a, b) in enumerate(zip(shown, drawn, strict=True))
                for d in figure_differences(a, b, tolerance, f"{where} {i + 1}")]  # fmt: skip
    if isinstance(shown, (int, float)) and isinstance(drawn, (int, float)):
        if shown == drawn:
            return []
        if tolerance is None or abs(drawn - shown) > max(
            tolerance.relative * abs(shown), tolerance.decimal
        ):
            return [f"{where}: {drawn:g}, the committed figure shows {shown:g}"]
        return []
    if isinstance(shown, str) and isinstance(drawn, str) and tolerance is not None:
        if NUMBER.sub("#", shown) == NUMBER.sub("#", drawn) and all(
            tolerance.allows(a, b)
            for a, b in zip(NUMBER.findall(shown), NUMBER.findall(drawn), strict=True)
        ):
            return []
    return [] if shown == drawn else [f"{where}: {drawn!r}, the committed figure shows {shown!r}"]


def _text_differences(shown, drawn, tolerance: Tolerance | None, where: str) -> list[str]:
    """Texts placed on axes, as [x, y, text]. Words must stand where they stood; numbers (the
    counts written in a confusion matrix's cells) are compared like an image: all together, a
    cell without a number counting as 0, so one test image changing class is two cells by one."""
    words, numbers = [{}, {}], [{}, {}]
    for side, texts in enumerate((shown, drawn)):
        for x, y, text in texts:
            kind = numbers if NUMBER.fullmatch(text) else words
            kind[side][(x, y)] = float(text) if kind is numbers else text
    problems = [
        f"{where}: {words[1].get(at)!r} at {at}, the committed figure shows {words[0].get(at)!r}"
        for at in sorted(words[0].keys() | words[1].keys())
        if words[0].get(at) != words[1].get(at)
    ]
    cells = numbers[0].keys() | numbers[1].keys()
    a = [numbers[0].get(at, 0.0) for at in sorted(cells)]
    b = [numbers[1].get(at, 0.0) for at in sorted(cells)]
    problems += _image_differences(a, b, tolerance, f"{where} (numbers)")
    return problems


def _image_differences(shown, drawn, tolerance: Tolerance | None, where: str) -> list[str]:
    import numpy as np

    a, b = np.asarray(shown, dtype=float), np.asarray(drawn, dtype=float)
    if a.shape != b.shape:
        return [f"{where}: shape {b.shape}, the committed figure has {a.shape}"]
    moved, total = float(np.abs(a - b).sum()), float(np.abs(a).sum())
    allowed = 0.0 if tolerance is None else tolerance.relative * total
    if moved > allowed:
        return [
            f"{where}: values moved by {moved:.4g} in all, more than {allowed:.4g} "
            f"({tolerance.relative if tolerance else 0:.0%} of their total {total:.4g})"
        ]
    return []


def check_figures(snippet: Path, workdir: Path) -> None:
    """The figure a run saved in `workdir` must show what the committed one shows."""
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
    shown = figure_data(committed)
    if shown is None:
        raise AssertionError(
            f"{display(committed)} carries no plotted data to compare with: it was not written "
            f"by the test runner. Regenerate it: {update_command(snippet)}"
        )
    drawn = figure_data(produced[0])
    if drawn is None:
        raise AssertionError(
            f"{name} saved a figure without its plotted data (not run by the runner?)"
        )
    differences = figure_differences(shown, drawn, tolerance_for(snippet))
    if differences:
        raise AssertionError(
            f"{name} draws a figure that no longer shows what the committed {display(committed)} "
            f"shows. If the new figure is right, regenerate it: {update_command(snippet)}\n"
            + "\n".join(differences[:20])
        )


TRIES_THE_HUB = {"snippets/practice/bert_finetune_torch.py"}
"""Snippets that ask the Hugging Face Hub first and fall back to a model built in code."""


def check_stderr(snippet: Path, stderr: str) -> None:
    """What a snippet may write to stderr: the network guard's notice only where it tries the
    Hub, and nothing at all from a practice example (launcher notices aside)."""
    name = display(snippet)
    if name in TRIES_THE_HUB:
        # It asks the Hugging Face Hub for the real model first; cut off, it must say so and
        # fall back to a model built in code (its output, checked elsewhere, shows that).
        assert "network access blocked" in stderr, f"{name} did not try the Hub"
        return
    assert "network access blocked" not in stderr, f"{name} tried the network:\n{stderr[-2000:]}"
    if snippet.parent.name == "practice":
        # The examples keep framework start-up noise (TensorFlow's C++ log) out of the way.
        # torchrun's notice that it set OMP_NUM_THREADS=1 is the launcher's, not the example's.
        rest = strip_launcher_notices(stderr)
        assert rest == "", f"{name} wrote to stderr:\n{rest[-2000:]}"
