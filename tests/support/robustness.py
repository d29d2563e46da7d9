"""Run a training example under rounding-sized changes and see which printed numbers move.

A reader's machine differs from ours in ways that change floating-point rounding, never the
maths: the number of CPU threads, the instruction set PyTorch's and oneDNN's kernels are
compiled for, whether TensorFlow uses oneDNN, a GPU. Each perturbation below is one such change,
made through the environment, so the example's code is untouched. The weight jitter (see
netguard/weight_jitter.py) stands for all of them at once: it moves every initial weight by a
relative 1e-6, a little more than float32 rounding does in one step.

An example holds if every number it prints stays within its page's tolerance under each of them.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.snippets import (
    NUMBER,
    ROOT,
    Run,
    Tolerance,
    display,
    expected_output_path,
    launch_command,
    normalize,
    number_mismatches,
    run_snippet,
)

JITTER_LINE = re.compile(r"weight jitter \S+: nudged (\d+) tensors, (\d+) values\n?")
JITTER = "1e-6"


@dataclass(frozen=True)
class Perturbation:
    name: str
    env: dict[str, str] = field(default_factory=dict)
    frameworks: frozenset[str] = frozenset({"torch", "tensorflow"})

    def describe(self) -> str:
        return f"{self.name} ({' '.join(f'{k}={v}' for k, v in sorted(self.env.items()))})"


def _threads(n: int) -> dict[str, str]:
    n = str(n)
    return {
        "OMP_NUM_THREADS": n,
        "MKL_NUM_THREADS": n,
        "TF_NUM_INTRAOP_THREADS": n,
        "TF_NUM_INTEROP_THREADS": n,
    }


TORCH = frozenset({"torch"})
TF = frozenset({"tensorflow"})
# PyTorch picks its own vectorised kernels (ATen), oneDNN's (convolutions, LSTMs) and MKL's
# (matrix products) by instruction set; each has a variable that caps it. A reader's CPU is one
# of these three; "avx512" is what this project's machines pick by themselves.
_ISA = {
    "default": {"ATEN_CPU_CAPABILITY": "default", "ONEDNN_MAX_CPU_ISA": "SSE41",
                "MKL_CBWR": "COMPATIBLE"},
    "avx2": {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "MKL_CBWR": "AVX2"},
    "avx512": {"ATEN_CPU_CAPABILITY": "avx512", "ONEDNN_MAX_CPU_ISA": "AVX512_CORE",
               "MKL_CBWR": "AVX512"},
}  # fmt: skip

PERTURBATIONS = {
    p.name: p
    for p in [
        Perturbation("one thread", _threads(1)),
        Perturbation("eight threads", _threads(8)),
        *(Perturbation(f"PyTorch kernels {isa}", env, TORCH) for isa, env in _ISA.items()),
        Perturbation("TensorFlow with oneDNN", {"TF_ENABLE_ONEDNN_OPTS": "1"}, TF),
        Perturbation("TensorFlow without oneDNN", {"TF_ENABLE_ONEDNN_OPTS": "0"}, TF),
        Perturbation(
            "TensorFlow with oneDNN on AVX2",
            {"TF_ENABLE_ONEDNN_OPTS": "1", "ONEDNN_MAX_CPU_ISA": "AVX2"},
            TF,
        ),
        Perturbation(f"initial weights x (1 +- {JITTER})", {"SNIPPET_WEIGHT_JITTER": JITTER}),
    ]
}
# What the test command runs on every training example (one extra run each, to keep the suite
# fast): the jitter, on another thread count and another kernel set than the plain run. The
# script scripts/check_robustness.py runs every perturbation above, one at a time.
COMBINED = {
    "torch": Perturbation(
        f"initial weights x (1 +- {JITTER}), one thread, PyTorch kernels avx2",
        {"SNIPPET_WEIGHT_JITTER": JITTER, **_threads(1), **_ISA["avx2"]},
    ),
    "tensorflow": Perturbation(
        f"initial weights x (1 +- {JITTER}), one thread, TensorFlow with oneDNN",
        {"SNIPPET_WEIGHT_JITTER": JITTER, **_threads(1), "TF_ENABLE_ONEDNN_OPTS": "1"},
    ),
}


def framework(snippet: Path) -> str:
    source = snippet.read_text(encoding="utf-8")
    return "tensorflow" if "import tensorflow" in source else "torch"


def training_examples() -> list[Path]:
    """Every example that trains a model: the practice chapter's snippets."""
    return sorted((ROOT / "snippets" / "practice").glob("*.py"))


def perturbations_for(snippet: Path) -> list[Perturbation]:
    kind = framework(snippet)
    chosen = [p for p in PERTURBATIONS.values() if kind in p.frameworks]
    if launch_command(snippet) is not None:
        # torchrun gives each process one thread unless told: "one thread" is the plain run
        chosen = [p for p in chosen if p.name != "one thread"]
    return chosen


def run_perturbed(snippet: Path, perturbation: Perturbation, cwd: Path) -> Run:
    """Run the example with the perturbation's variables set; check that a jitter took effect."""
    saved = {k: os.environ.get(k) for k in perturbation.env}
    os.environ.update(perturbation.env)
    try:
        run = run_snippet(snippet, cwd=cwd)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if "SNIPPET_WEIGHT_JITTER" in perturbation.env and run.returncode == 0:
        nudged = JITTER_LINE.findall(run.stderr)
        # (torchrun's own process reports too, with nothing nudged; its workers report theirs)
        if not any(int(tensors) for tensors, _ in nudged):
            raise AssertionError(
                f"{display(snippet)}: the weight jitter found no optimizer to act on, so the run "
                "under it proves nothing (does the example build its optimizer differently?)"
            )
    return run


# TensorFlow announces oneDNN when the perturbation turns it on (TF_ENABLE_ONEDNN_OPTS=1), through
# absl's early log: the perturbation's words, not the example's.
ONEDNN_NOTICE = re.compile(
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR\n"
    r"I\d{4} [\d:.]+ +\d+ port\.cc:\d+\] oneDNN custom operations are on\.[^\n]*\n?"
)


def strip_jitter_report(stderr: str) -> str:
    """Stderr without what the perturbation itself writes: the jitter's report and
    TensorFlow's notice that oneDNN is on."""
    return ONEDNN_NOTICE.sub("", JITTER_LINE.sub("", stderr)).strip()


def numbers_by_line(text: str) -> list[tuple[str, list[str]]]:
    """Each line as (its text with numbers replaced by #, its numbers)."""
    return [(NUMBER.sub("#", line), NUMBER.findall(line)) for line in text.splitlines()]


def moved_lines(expected: str, actual: str, tolerance: Tolerance | None) -> list[str]:
    """Lines of `actual` that differ from `expected` beyond the tolerance, for a person."""
    want, got = normalize(expected), normalize(actual)
    if tolerance is not None and (far := number_mismatches(want, got, tolerance)) is not None:
        return far  # same words on every line: the numbers outside the tolerance, if any
    want_lines, got_lines = want.splitlines(), got.splitlines()
    problems = []
    if len(want_lines) != len(got_lines):
        problems.append(f"printed {len(got_lines)} lines instead of {len(want_lines)}")
    for number, (a, b) in enumerate(zip(want_lines, got_lines, strict=False), 1):
        if a != b and (tolerance is None or NUMBER.sub("#", a) != NUMBER.sub("#", b)):
            problems.append(f"line {number}: {b!r}, the page shows {a!r}")
    return problems


def largest_changes(baseline: str, runs: dict[str, str]) -> list[dict]:
    """For each printed number of `baseline`, its largest change over `runs` and where it happened.

    A line whose text changed (a different word, or a different number of lines) is reported
    with change None: it did not hold at all.
    """
    base = numbers_by_line(normalize(baseline))
    rows = []
    for index, (text, numbers) in enumerate(base):
        for position, value in enumerate(numbers):
            worst, where = 0.0, ""
            for name, output in runs.items():
                lines = numbers_by_line(normalize(output))
                if index >= len(lines) or lines[index][0] != text:
                    worst, where = None, name
                    break
                change = abs(float(lines[index][1][position]) - float(value))
                if change > worst:
                    worst, where = change, name
            if worst != 0.0:
                rows.append({"line": index + 1, "text": text, "number": position + 1,
                             "value": value, "change": worst, "where": where})  # fmt: skip
    return rows


def page_output(snippet: Path) -> str:
    return expected_output_path(snippet).read_text(encoding="utf-8")
