"""The shared layer between the command line and the calculator page."""

import json
import re

import pytest

from startup_math import PRESETS
from startup_math.commands import COMMANDS, InputError, Row, as_json, as_table, run_command

PLAN = {
    "preset": "llama-3-8b",
    "gpu": "H100-SXM",
    "price": "3",
    "tokens": "15e12",
    "api_input_price": "0.28",
    "api_output_price": "0.83",
    "requests_per_day": "100000",
}


def test_every_command_has_distinct_fields_and_flags():
    for command in COMMANDS.values():
        names = [f.name for f in command.fields]
        assert len(names) == len(set(names)), command.name
        for spec in command.fields:
            assert spec.kind in ("number", "integer", "choice", "flag", "text")
            assert spec.flag == "--" + spec.name.replace("_", "-")
            assert spec.help
            if spec.kind == "choice":
                assert spec.choices
                assert spec.default is None or spec.default in spec.choices


def test_strings_and_numbers_give_the_same_rows():
    typed = dict(PLAN, price=3, tokens=15e12, requests_per_day=100_000)
    assert run_command("plan", PLAN) == run_command("plan", typed)


def test_empty_strings_are_not_given():
    with_blanks = dict(PLAN, mfu="", batch="  ", utilization=None)
    assert run_command("plan", with_blanks) == run_command("plan", PLAN)


def test_rows_are_json_and_table_ready():
    rows = run_command("plan", PLAN)
    keys = [row.key for row in rows]
    assert len(keys) == len(set(keys))
    data = as_json(rows)
    assert json.loads(json.dumps(data)) == data
    lines = as_table(rows).splitlines()
    assert len(lines) == len(rows)
    assert len({len(line) for line in lines}) == 1  # aligned
    for row in rows:
        assert isinstance(row, Row) and row.text


def test_a_missing_value_shows_as_n_a():
    # Self-hosting never pays off when the API costs next to nothing: no break-even volume.
    rows = run_command("plan", dict(PLAN, api_input_price="0.0001", api_output_price="0.0001"))
    row = next(row for row in rows if row.key == "break_even_requests_per_day")
    assert (row.value, row.text) == (None, "none at this utilization")
    row = next(row for row in rows if row.key == "break_even_utilization")
    assert (row.value, row.text) == (None, "never (the API costs less even at full load)")


def test_choices_ignore_case():
    assert run_command("plan", dict(PLAN, gpu="h100-sxm", preset="LLAMA-3-8B")) == run_command(
        "plan", PLAN
    )


def test_custom_architecture_equals_the_preset():
    custom = dict(
        PLAN,
        preset=None,
        arch="llama",
        vocab_size="128256",
        d_model="4096",
        n_layers="32",
        n_heads="32",
        n_kv_heads="8",
        d_ff="14336",
    )
    assert run_command("plan", custom) == run_command("plan", PLAN)


# Every input of the calculator page, given a bad value, is blamed by name: the page shows
# the message beside that field.
BAD = {
    "preset": ("gpt-9", "unknown preset 'gpt-9'"),
    "gpu": ("V100", "unknown gpu 'V100'"),
    "price": ("-1", "price must be at least 0, got '-1'"),
    "tokens": ("lots", "tokens must be a number, got 'lots'"),
    "mfu": ("0", "mfu must be greater than zero and at most 1, got 0.0"),
    "gpus": ("2.5", "gpus must be a whole number, got '2.5'"),
    "gpus_per_replica": ("3", "gpus_per_replica (3) must divide n_heads (32) exactly"),
    "batch": ("100000", "do not fit in 80.00 GB of GPU memory"),
    "prompt_tokens": ("8000", "prompt_tokens + output_tokens (8,500 tokens) exceeds the model's"),
    "output_tokens": ("x", "output_tokens must be a whole number, got 'x'"),
    "weight_dtype": ("fp6", "unknown weight_dtype 'fp6'"),
    "kv_dtype": ("fp6", "unknown kv_dtype 'fp6'"),
    "serving_mfu": ("1.5", "serving_mfu must be greater than zero and at most 1, got 1.5"),
    "mbu": ("nan", "mbu must be finite, got 'nan'"),
    "utilization": ("inf", "utilization must be finite, got 'inf'"),
    "api_input_price": ("-0.1", "api_input_price must be at least 0, got '-0.1'"),
    "api_output_price": ("free", "api_output_price must be a number, got 'free'"),
    "requests_per_day": ("0", "requests_per_day must be at least 1, got '0'"),
    "prefill_batch": ("0", "prefill_batch must be at least 1, got '0'"),
    "prefix_cache_hit": ("1", "prefix_cache_hit must be at most 0.999, got '1'"),
    "activation_dtype": ("int8", "weights in fp8 and activations in int8: tensor cores multiply"),
    "draft_tokens": ("65", "draft_tokens must be at most 64, got '65'"),
    "tpot_ms": ("1", "one sequence alone takes 10.36 ms per token on this replica"),
    "attention": (
        "pipeline",
        "unknown attention 'pipeline': attention must be one of tensor, data",
    ),
    "acceptance_rate": ("1.5", "acceptance_rate must be at most 1, got '1.5'"),
    "draft_params": ("1e16", "draft_params must be at most 1e+15, got '1e16'"),
    "arch": ("gpt2", "unknown arch 'gpt2': arch must be one of llama"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_names_its_field(name):
    value, message = BAD[name]
    inputs = dict(PLAN, **{name: value})
    if name == "arch":
        inputs["preset"] = None
    if name in ("acceptance_rate", "draft_params"):
        inputs["draft_tokens"] = "2"
    if name == "activation_dtype":
        inputs["weight_dtype"] = "fp8"
    with pytest.raises(InputError, match=re.escape(message)) as info:
        run_command("plan", inputs)
    assert info.value.field == name


def test_every_plan_input_has_a_bad_input_case():
    sizes = {f.name for f in COMMANDS["plan"].fields if f.group == "architecture"}
    assert set(BAD) | sizes == {f.name for f in COMMANDS["plan"].fields}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {
                "preset": None,
                "arch": "llama",
                "vocab_size": "100",
                "d_model": "30",
                "n_layers": "2",
                "n_heads": "4",
                "d_ff": "64",
            },
            "n_heads",
            "n_heads (4) must divide d_model (30) exactly",
        ),
        (
            {
                "preset": None,
                "arch": "llama",
                "vocab_size": "100",
                "d_model": "32",
                "n_layers": "2",
                "n_heads": "4",
                "n_kv_heads": "3",
                "d_ff": "64",
            },
            "n_kv_heads",
            "n_kv_heads (3) must divide n_heads (4) exactly",
        ),
        ({"preset": None, "arch": "llama", "vocab_size": "100"}, "d_model", "d_model is required"),
        ({"arch": "llama"}, "preset", "preset cannot be combined with arch or size inputs"),
        ({"preset": None}, "preset", "give a preset or an architecture"),
        ({"tokens": None}, "tokens", "tokens is required"),
        ({"preset": "bert-base-uncased"}, "preset", "unknown preset 'bert-base-uncased'"),
        ({"unknown": "1"}, "unknown", "plan has no input 'unknown'"),
        ({"api_output_price": None}, "api_output_price", "api_output_price is required"),
        ({"api_input_price": "0", "api_output_price": "0"}, "api_output_price", "both be zero"),
    ],
)
def test_combinations_blame_the_right_field(overrides, field, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")) as info:
        run_command("plan", {**PLAN, **overrides})
    assert info.value.field == field


def test_unknown_command():
    with pytest.raises(ValueError, match="unknown command 'budget': name must be one of params"):
        run_command("budget", {})


def test_flags_parse_true_and_false():
    tied = run_command(
        "params",
        {
            "arch": "gpt2",
            "vocab_size": "10",
            "n_positions": "8",
            "d_model": "8",
            "n_layers": "1",
            "n_heads": "2",
            "tie_embeddings": "true",
        },
    )
    untied = run_command(
        "params",
        {
            "arch": "gpt2",
            "vocab_size": "10",
            "n_positions": "8",
            "d_model": "8",
            "n_layers": "1",
            "n_heads": "2",
            "tie_embeddings": False,
        },
    )
    total = {row.key: row.value for row in tied}["total"]
    assert {row.key: row.value for row in untied}["total"] == total + 10 * 8
    with pytest.raises(InputError, match="tie_embeddings must be true or false, got 'maybe'"):
        run_command("params", {"arch": "gpt2", "tie_embeddings": "maybe"})


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_command_counts_compute_from_active_and_memory_from_total(name):
    arch = PRESETS[name]
    total, active = arch.parameter_count(), arch.active_parameter_count()
    train = as_json(run_command("train", {"preset": name, "tokens": "1e12", "gpu": "H100-SXM"}))
    assert (train["n_params"], train["active_params"]) == (total, active)
    assert train["flops"] == pytest.approx(6 * active * 1e12)
    memory = as_json(run_command("memory", {"preset": name}))
    assert memory["weights_bf16_bytes"] == 2 * total
    if not arch.is_decoder:
        return
    # One byte a weight: DeepSeek-V4-Pro's 1.57 TB needs more than 8 H200s (1,128 GB).
    gpus = "16" if total > 1.1e12 else "8" if total > 100e9 else "2"
    decode = as_json(
        run_command(
            "decode",
            {"preset": name, "gpu": "H200-SXM", "gpus": gpus, "dtype": "fp8", "seq_len": "100"},
        )
    )
    assert decode["weight_bytes"] == total  # one byte each
    assert 2 * active <= decode["flops_per_token"] < 2 * active * 1.5
    inputs = {
        "preset": name,
        "gpu": "H200-SXM",
        "price": "2",
        "gpus_per_replica": gpus,
        "weight_dtype": "fp8",
        "prompt_tokens": "100",
        "output_tokens": "100",
    }
    serve = as_json(run_command("serve", inputs))
    assert (serve["n_params"], serve["active_params"], serve["weight_bytes"]) == (
        total,
        active,
        total,
    )


# -- the field spec is the one source of --help, the checks and the form --------------------


def _help_text(command: str) -> str:
    from startup_math.__main__ import build_parser

    parser = build_parser()
    sub = parser._subparsers._group_actions[0].choices[command]  # noqa: SLF001
    return "".join(sub.format_help().split())  # argparse wraps lines, also after hyphens


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_lines_come_from_the_field_spec(name):
    text = _help_text(name)
    for spec in COMMANDS[name].fields:
        assert "".join(spec.describe().split()) in text, spec.name
        if spec.required:
            assert "required" in spec.describe()
        if spec.default is not None and spec.kind != "flag":
            # the default is written once, in the spec, not again in the help text
            assert "default" not in spec.help, spec.name


def test_describe_states_unit_limits_and_rule():
    train = {spec.name: spec for spec in COMMANDS["train"].fields}
    assert train["tokens"].describe() == "training tokens, e.g. 2e12; required; 1 to 1e17"
    assert train["mfu"].describe() == "utilization; default 0.4; 0 < value <= 1"
    plan = {spec.name: spec for spec in COMMANDS["plan"].fields}
    assert plan["price"].describe() == "price per GPU-hour, in USD; required; 0 to 100,000"


@pytest.mark.parametrize(
    ("name", "inputs", "field"),
    [
        ("chinchilla", {}, "compute"),
        ("train", {"params": "7e9", "gpu": "H100-SXM"}, "tokens"),
        ("train", {"params": "7e9", "tokens": "1e12"}, "gpu"),
        ("serve", {"preset": "llama-3-8b", "gpu": "H100-SXM"}, "price"),
        ("plan", {"preset": "llama-3-8b", "gpu": "H100-SXM", "price": "2"}, "tokens"),
    ],
)
def test_a_required_field_left_out_is_named(name, inputs, field):
    assert any(spec.name == field and spec.required for spec in COMMANDS[name].fields)
    with pytest.raises(InputError, match=f"^{field} is required$") as caught:
        run_command(name, inputs)
    assert caught.value.field == field


@pytest.mark.parametrize("value", ["0", "1.5", "-0.2"])
def test_a_validator_refuses_on_its_field(value):
    inputs = {"params": "7e9", "tokens": "1e12", "gpu": "H100-SXM", "mfu": value}
    with pytest.raises(InputError, match="mfu must be greater than zero and at most 1") as caught:
        run_command("train", inputs)
    assert caught.value.field == "mfu"
