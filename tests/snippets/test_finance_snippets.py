"""The finance page's snippets: runway.py refuses bad inputs by name, and the checks of runway.py
and seat_margin.py fail when the arithmetic they check is broken."""

import subprocess
import sys

import pytest

from tests.support.snippets import ROOT

SNIPPET = ROOT / "snippets" / "startup" / "runway.py"
SEAT = ROOT / "snippets" / "startup" / "seat_margin.py"


def run(path, *args, cwd):
    return subprocess.run(
        [sys.executable, str(path), *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cash", "0"], "--cash must be positive (USD in the bank), got 0"),
        (["--fixed", "-1"], "--fixed must be 0 or more (USD per month), got -1"),
        (["--customer-growth", "-1"], "--customer-growth must be above -1"),
        (["--cost-decline", "1"], "--cost-decline must be below 1"),
        (["--threshold", "1"], "--threshold must be between 0 and 1, exclusive, got 1"),
        (["--months", "601"], "--months must be between 1 and 600, got 601"),
        (["--price", "inf"], "argument --price: not a finite number: 'inf'"),
        (["--tasks", "many"], "argument --tasks: not a number: 'many'"),
    ],
)
def test_bad_arguments_are_refused_with_the_option_named(args, message, tmp_path):
    result = run(SNIPPET, *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_amounts_beyond_floating_point_are_refused(tmp_path):
    result = run(SNIPPET, "--customer-growth", "5", "--months", "600", cwd=tmp_path)
    assert result.returncode == 1
    assert "leave floating-point range" in result.stderr


@pytest.mark.parametrize(
    ("correct", "broken"),
    [
        # Customers counted a month late: only the geometric-series check sees it.
        ("customers = a.customers * (1 + g) ** t", "customers = a.customers * (1 + g) ** (t - 1)"),
        # Fixed costs forgotten in the burn: both checks see it.
        ("burn = a.fixed + cogs - revenue", "burn = cogs - revenue"),
        # Costs per customer other than inference forgotten.
        ("(tasks * task_cost + a.other_cost)", "(tasks * task_cost)"),
        # The cost per task falls one month too early.
        ("a.task_cost * (1 - d) ** t", "a.task_cost * (1 - d) ** (t + 1)"),
    ],
)
def test_checks_fail_when_the_loop_is_wrong(correct, broken, tmp_path):
    source = SNIPPET.read_text(encoding="utf-8")
    assert source.count(correct) == 1, f"{correct!r} is no longer in the snippet"
    mutant = tmp_path / "runway.py"
    mutant.write_text(source.replace(correct, broken), encoding="utf-8")
    result = run(mutant, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "check failed: the month-by-month loop and the closed forms disagree" in result.stderr


def test_the_unchanged_snippet_passes_its_checks(tmp_path):
    result = run(SNIPPET, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("checks passed: the loop agrees with both closed forms\n")


@pytest.mark.parametrize(
    ("correct", "broken"),
    [
        ("MEDIAN * math.exp(SPREAD**2 / 2)", "MEDIAN * math.exp(SPREAD**2)"),  # the mean
        ("1 - PHI(Z(p) - SPREAD)", "1 - PHI(Z(p))"),  # the top users' share of the tasks
        ("k * PHI(d1 - SPREAD)", "k * PHI(d1)"),  # the tasks beyond the allowance
    ],
)
def test_seat_margin_check_fails_when_a_closed_form_is_wrong(correct, broken, tmp_path):
    source = SEAT.read_text(encoding="utf-8")
    assert source.count(correct) == 1, f"{correct!r} is no longer in the snippet"
    mutant = tmp_path / "seat_margin.py"
    mutant.write_text(source.replace(correct, broken), encoding="utf-8")
    result = run(mutant, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "check failed: closed form and integration disagree on" in result.stderr
