"""Property-based tests over every command's fields (Hypothesis): whatever a reader types, a
command returns rows (and chart data, where it has charts) whose numbers are all finite and
print as strict JSON, or refuses with an InputError naming one of its own fields. Never a
traceback, never an `inf`."""

import contextlib
import io
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from startup_math.__main__ import main
from startup_math.commands import (
    COMMANDS,
    Field,
    InputError,
    run_charts,
    run_command,
    to_json,
)

EXTREMES = ["0", "-1", "1e-300", "1e308", "1e400", "nan", "inf", "-inf", "1e15", "1e16", "2.5"]


def raw_value(spec: Field) -> st.SearchStrategy:
    """Values a reader might type into a field: good ones, edge cases and nonsense."""
    if spec.kind == "choice":
        return st.one_of(st.sampled_from(spec.choices), st.just("nonsense"))
    if spec.kind == "flag":
        return st.sampled_from(["true", "false", "maybe"])
    if spec.kind == "text":
        return st.sampled_from(["all-linear", "q_proj,v_proj", "w_proj"])
    low = spec.minimum if spec.minimum is not None else 0
    high = spec.maximum if spec.maximum is not None else 1e6
    numbers = st.one_of(
        st.floats(min_value=low, max_value=high, allow_nan=False),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-10, max_value=10**6),
    )
    if spec.kind == "integer":
        numbers = st.one_of(st.integers(min_value=int(low), max_value=int(min(high, 1e7))), numbers)
    return st.one_of(numbers.map(repr), st.sampled_from(EXTREMES))


def valid_value(spec: Field) -> st.SearchStrategy:
    """A value within the field's declared type and limits, numbers spread over decades."""
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "flag":
        return st.sampled_from(["true", "false"])
    if spec.kind == "text":
        return st.sampled_from(["all-linear", "q_proj,v_proj"])
    low = spec.minimum if spec.minimum is not None else 1e-3
    high = spec.maximum if spec.maximum is not None else 1e6
    if spec.kind == "integer":
        return st.integers(min_value=int(low), max_value=int(min(high, 1e9))).map(str)
    spread = st.floats(min_value=math.log10(max(low, 1e-6)), max_value=math.log10(high))
    return st.one_of(
        st.floats(min_value=low, max_value=high, allow_nan=False),
        spread.map(lambda e: min(high, max(low, 10**e))),
    ).map(repr)


def valid_changes(name: str) -> st.SearchStrategy:
    """One to three fields of a command, each set to a value within its limits."""
    fields = [f for f in COMMANDS[name].fields if f.group != "architecture" or name == "params"]
    return st.lists(
        st.sampled_from(fields), min_size=1, max_size=3, unique_by=lambda f: f.name
    ).flatmap(lambda chosen: st.fixed_dictionaries({f.name: valid_value(f) for f in chosen}))


def inputs_for(name: str) -> st.SearchStrategy:
    """Any subset of a command's fields, each with a value from `raw_value`."""
    fields = COMMANDS[name].fields
    return st.fixed_dictionaries({}, optional={spec.name: raw_value(spec) for spec in fields}).map(
        lambda chosen: {k: v for k, v in chosen.items() if k in {f.name for f in fields}}
    )


# Inputs that make each command valid, so that random changes explore near-valid ground too.
BASE = {
    "params": {"preset": "llama-3-8b"},
    "train": {"preset": "deepseek-v3", "tokens": "1e12", "gpu": "H100-SXM"},
    "memory": {"preset": "llama-2-7b", "seq_len": "4096"},
    "chinchilla": {"compute": "1e23"},
    "decode": {"preset": "mixtral-8x7b", "gpu": "H200-SXM", "gpus": "2", "seq_len": "1000"},
    "gpus": {},
    "finetune": {"preset": "llama-2-7b"},
    "parallel": {"preset": "llama-3-70b", "tensor_parallel": "8", "zero_stage": "3"},
    "serve": {"preset": "qwen3-30b-a3b", "gpu": "H100-SXM", "price": "2"},
    "plan": {"preset": "llama-3-8b", "gpu": "H100-SXM", "price": "2", "tokens": "1e12"},
}


def test_every_command_has_a_base_case():
    assert set(BASE) == set(COMMANDS)
    for name, inputs in BASE.items():
        assert all(math.isfinite(v) for v in numbers(run_command(name, inputs))), name


def numbers(rows):
    for row in rows:
        values = row.value.values() if isinstance(row.value, dict) else [row.value]
        for value in values:
            if isinstance(value, float | int) and not isinstance(value, bool):
                yield value


def outcome(name: str, inputs: dict) -> str:
    """'ok' with finite, strict-JSON rows, or 'refused' with an InputError on a known field."""
    try:
        rows = run_command(name, inputs)
    except InputError as error:
        assert error.field in {f.name for f in COMMANDS[name].fields}, (error.field, str(error))
        assert str(error), "an empty message"
        return "refused"
    assert all(math.isfinite(v) for v in numbers(rows)), rows
    json.loads(to_json(rows))
    if COMMANDS[name].charts is not None:
        # the same inputs draw: strict JSON, a point for every series
        charts = run_charts(name, inputs)
        json.loads(json.dumps(charts, allow_nan=False))
        assert {p["series"] for p in charts["speed"]["points"]} == {"replica", "sequence"}
        assert charts["cost"]["points"], inputs
    return "ok"


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@SETTINGS
@given(data=st.data())
def test_any_input_gives_finite_rows_or_names_a_field(name, data):
    changes = data.draw(inputs_for(name))
    outcome(name, {**BASE[name], **changes})
    outcome(name, changes)


@pytest.mark.parametrize("name", sorted(COMMANDS))
@SETTINGS
@given(data=st.data())
def test_values_within_the_limits_give_finite_rows_or_name_a_field(name, data):
    outcome(name, {**BASE[name], **data.draw(valid_changes(name))})


@pytest.mark.parametrize("name", ["train", "decode", "serve", "plan", "memory"])
@settings(max_examples=15, deadline=None, derandomize=True)
@given(data=st.data())
def test_the_command_line_exits_2_naming_the_flag(name, data):
    changes = data.draw(inputs_for(name))
    inputs = {**BASE[name], **changes}
    argv = [name, "--json"]
    for key, value in inputs.items():
        spec = next(f for f in COMMANDS[name].fields if f.name == key)
        if spec.kind == "flag":
            argv.append(spec.flag if value == "true" else "--no-" + spec.flag[2:])
        else:
            argv += [spec.flag, str(value)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = main(argv)
        except SystemExit as exit:
            status = exit.code
    out, err = stdout.getvalue(), stderr.getvalue()
    if status == 0:
        json.loads(out)  # strict: json.loads accepts NaN, so check the text too
        assert "Infinity" not in out and "NaN" not in out
    else:
        assert status == 2, err
        flag = err.strip().splitlines()[-1].split(": error: ")[1].split(":")[0]
        known = {f.flag for f in COMMANDS[name].fields} | {"--json"}
        assert flag in known or flag.startswith("argument"), err
        assert "Traceback" not in err


def test_the_reported_defects_are_refused_or_finite():
    # Each line was a traceback, an `inf`, invalid JSON or a silent wrong answer in 0.2.0.
    cases = [
        ("memory", {"params": "1e308"}, "params"),
        ("decode", {"params": "1e-300", "gpu": "H100-SXM"}, "params"),
        ("train", {"params": "1e200", "tokens": "1e200", "gpu": "H100-SXM"}, "params"),
        ("serve", {**BASE["serve"], "price": "1e308"}, "price"),
        ("decode", {"preset": "bert-base-uncased", "gpu": "H100-SXM"}, "preset"),
        ("serve", {**BASE["serve"], "preset": "gpt2-small", "prompt_tokens": "100000"}, None),
        ("serve", {**BASE["serve"], "gpus_per_replica": "3"}, "gpus_per_replica"),
        ("decode", {"preset": "mixtral-8x7b", "gpu": "H100-SXM", "gpus": "3"}, "gpus"),
        ("decode", {"preset": "llama-3-8b", "gpu": "H100-SXM", "seq_len": "10000000"}, "seq_len"),
    ]
    for name, inputs, field in cases:
        with pytest.raises(InputError) as info:
            run_command(name, inputs)
        assert info.value.field == (field or "prompt_tokens"), (name, inputs, str(info.value))
