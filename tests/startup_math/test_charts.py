"""The calculator's chart data: the same estimates as the rows, so charts and table agree."""

import math

import pytest

from startup_math.commands import InputError, run_charts, run_command

EXAMPLE = {
    "preset": "llama-3-8b",
    "gpu": "H100-SXM",
    "price": "3",
    "tokens": "15e12",
    "api_input_price": "0.28",
    "api_output_price": "0.83",
    "requests_per_day": "100000",
}


def rows(name, inputs):
    return {row.key: row.value for row in run_command(name, inputs)}


def at(points, series, key, value):
    (point,) = [p for p in points if p["series"] == series and p[key] == value]
    return point


@pytest.mark.parametrize("name", ["plan", "serve"])
def test_the_charts_pass_through_the_rows(name):
    inputs = (
        dict(EXAMPLE) if name == "plan" else {k: v for k, v in EXAMPLE.items() if k != "tokens"}
    )
    table = rows(name, inputs)
    charts = run_charts(name, inputs)
    cost, speed = charts["cost"], charts["speed"]
    given = table["requests_per_day"]
    assert cost["requests_per_day"] == given
    assert (
        at(cost["points"], "self", "requests_per_day", given)["cost_per_month"]
        == (table["self_cost_per_month"])
    )
    assert at(cost["points"], "api", "requests_per_day", given)["cost_per_month"] == (
        pytest.approx(table["api_cost_per_month"], rel=1e-12)
    )
    assert cost["break_even_requests_per_day"] == table["break_even_requests_per_day"]
    assert cost["requests_per_day_per_replica"] == table["requests_per_day_per_replica"]
    batch = table.get("batch_size", 32)  # plan shows no batch row; 32 is the default
    assert speed["batch"] == batch and speed["max_batch"] == table["max_batch_size"]
    assert at(speed["points"], "replica", "batch", batch)["tokens_per_s"] == table["tokens_per_s"]
    assert (
        at(speed["points"], "sequence", "batch", batch)["tokens_per_s"]
        == (table["tokens_per_s_per_sequence"])
    )


def test_the_cost_chart_is_a_staircase_of_whole_replicas_against_a_straight_api_line():
    cost = run_charts("plan", EXAMPLE)["cost"]
    per_replica = cost["requests_per_day_per_replica"]
    rent = rows("plan", EXAMPLE)["replica_cost_per_month"]
    api = rows("plan", EXAMPLE)["api_cost_per_request"]
    xs = sorted({p["requests_per_day"] for p in cost["points"]})
    assert xs[0] == pytest.approx(100000 / 100) and xs[-1] == pytest.approx(100000 * 100)
    for p in cost["points"]:
        per_day = p["requests_per_day"]
        if p["series"] == "self":
            replicas = p["cost_per_month"] / rent
            assert replicas == round(replicas) >= 1
            assert replicas == max(1, math.ceil(per_day / per_replica - 1e-9)) or (
                abs(per_day / per_replica - round(per_day / per_replica)) < 1e-9
            )
        else:
            assert p["cost_per_month"] == pytest.approx(per_day * 365 / 12 * api, rel=1e-12)


def test_the_speed_chart_runs_from_one_sequence_to_a_full_memory():
    speed = run_charts("plan", EXAMPLE)["speed"]
    batches = sorted({p["batch"] for p in speed["points"]})
    assert batches[0] == 1 and batches[-1] == speed["max_batch"]
    per_replica = [at(speed["points"], "replica", "batch", b)["tokens_per_s"] for b in batches]
    per_sequence = [at(speed["points"], "sequence", "batch", b)["tokens_per_s"] for b in batches]
    assert per_replica == sorted(per_replica)  # more sequences, more tokens a second in all
    assert per_sequence == sorted(per_sequence, reverse=True)  # each one slower
    for b, total, each in zip(batches, per_replica, per_sequence, strict=True):
        assert total == pytest.approx(b * each, rel=1e-12)


def test_the_batch_where_compute_starts_to_bind_is_marked():
    # Very short requests: the weights' read is shared by the batch and the KV cache is tiny,
    # so arithmetic catches up with memory traffic (at 512 sequences, past H100's ridge).
    inputs = {
        "preset": "llama-3-8b",
        "gpu": "H100-SXM",
        "price": "2",
        "tokens": "1e10",
        "prompt_tokens": "4",
        "output_tokens": "4",
    }
    speed = run_charts("plan", inputs)["speed"]
    first = speed["compute_bound_from"]
    assert first == 512
    table = rows("plan", inputs | {"batch": str(first)})
    assert table["decode_bound"] == "compute"
    below = max(b for b in {p["batch"] for p in speed["points"]} if b < first)
    assert rows("plan", inputs | {"batch": str(below)})["decode_bound"] == "memory"


def test_without_api_prices_the_cost_chart_has_only_the_fleet():
    inputs = {k: v for k, v in EXAMPLE.items() if not k.startswith(("api_", "requests"))}
    cost = run_charts("plan", inputs)["cost"]
    assert {p["series"] for p in cost["points"]} == {"self"}
    assert cost["break_even_requests_per_day"] is None and cost["requests_per_day"] is None


def test_the_charts_refuse_what_the_rows_refuse():
    bad = EXAMPLE | {"mfu": "1.5"}
    with pytest.raises(InputError) as rows_error:
        run_command("plan", bad)
    with pytest.raises(InputError) as charts_error:
        run_charts("plan", bad)
    assert (charts_error.value.field, str(charts_error.value)) == (
        rows_error.value.field,
        str(rows_error.value),
    )


def test_a_command_without_charts_says_which_have_them():
    with pytest.raises(
        ValueError, match="^memory has no charts; these commands have: serve, plan$"
    ):
        run_charts("memory", {"params": "7e9"})
