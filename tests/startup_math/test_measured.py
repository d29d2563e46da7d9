"""Published measurements against the calculator's bounds: none may exceed its bound, and the
table covers what the serving page claims it covers."""

import re

import pytest

from startup_math import GPUS, PRESETS
from startup_math.commands import run_command
from startup_math.measured import (
    MEASUREMENTS,
    REGIMES,
    Measurement,
    bound,
    comparisons,
    fractions,
    is_moe,
)

KEYS = [m.key for m in MEASUREMENTS]


def test_there_are_enough_measurements_of_every_kind():
    assert len(MEASUREMENTS) >= 15
    assert len(set(KEYS)) == len(KEYS)
    assert {is_moe(m) for m in MEASUREMENTS} == {True, False}
    assert {"H100-SXM", "H200-SXM", "B200-SXM", "MI300X"} <= {m.gpu for m in MEASUREMENTS}
    assert {m.regime for m in MEASUREMENTS} == set(REGIMES)
    assert {m.phase for m in MEASUREMENTS} == {"end-to-end", "prefill", "decode"}


@pytest.mark.parametrize("m", MEASUREMENTS, ids=KEYS)
def test_each_measurement_is_described_and_sourced(m: Measurement):
    assert m.model in PRESETS and m.gpu.lower() in GPUS
    assert m.url.startswith("https://") and m.source
    assert re.fullmatch(r"20\d\d-\d\d|undated \(.+\)", m.date), m.date
    assert m.value > 0 and 1 <= m.per_gpus <= m.gpus
    assert m.regime in REGIMES
    assert (m.batch is not None) == (m.regime == "latency")


@pytest.mark.parametrize("m", MEASUREMENTS, ids=KEYS)
def test_no_measurement_exceeds_its_bound(m: Measurement):
    comparison = bound(m)
    assert comparison.bound > 0
    assert m.value <= comparison.bound, (
        f"{m.key}: measured {m.value:,.0f} {m.unit} exceeds the bound {comparison.bound:,.0f}: "
        "the model of this setup is missing something"
    )


def test_the_share_of_the_bound_is_in_the_range_the_page_states():
    shares = [c.fraction for c in comparisons()]
    assert 0 < min(shares) and max(shares) < 1
    spread = fractions("throughput")
    assert 0.1 < spread.median < 0.5
    assert spread.low <= spread.median <= spread.high
    # Only fully described runs count: MLPerf's summaries give no prompt length.
    assert spread.count == sum(
        1 for m in MEASUREMENTS if m.regime == "throughput" and m.prompt_tokens is not None
    )


def test_moe_and_dense_runs_are_summarised_apart():
    dense, moe = fractions("throughput", moe=False), fractions("throughput", moe=True)
    assert dense.count + moe.count == fractions("throughput").count
    assert moe.median < dense.median


def test_fractions_refuses_an_unknown_regime():
    with pytest.raises(ValueError, match="regime must be one of throughput, latency"):
        fractions("offline")


def test_speculative_decoding_raises_the_bound_by_the_tokens_per_step():
    # DeepSeek-R1 at batch 1 on 8 B200s: three MTP layers give at most four tokens a step.
    with_mtp = bound(next(m for m in MEASUREMENTS if m.key.endswith("8xb200-batch-1-mtp")))
    plain = bound(next(m for m in MEASUREMENTS if m.key.endswith("8xb200-batch-1")))
    verify_cost = with_mtp.bound / plain.bound
    assert 1 < verify_cost <= 4


def test_the_calculator_expects_the_median_share_and_shows_the_range():
    inputs = {"preset": "llama-3-8b", "gpu": "H100-SXM", "price": "3"}
    rows = {row.key: row for row in run_command("serve", inputs)}
    spread = fractions("throughput", moe=False)
    assert rows["share_of_bound"].value == spread.median
    expected, ceiling = rows["tokens_per_s"].value, rows["tokens_per_s_bound"].value
    assert expected == pytest.approx(ceiling * spread.median, rel=1e-9)
    assert f"({ceiling * spread.low:,.0f} to {ceiling * spread.high:,.0f})" in (
        rows["tokens_per_s"].text
    )
    cost, floor = rows["cost_per_million_output"].value, rows["cost_per_million_output_bound"].value
    assert cost == pytest.approx(floor / spread.median, rel=1e-9)
    # Given efficiencies replace the published share, and no range is claimed.
    given = {row.key: row for row in run_command("serve", {**inputs, "serving_mfu": "0.4"})}
    assert given["share_of_bound"].text == "MFU 0.40, MBU 0.40 (given)"
    assert "(" not in given["tokens_per_s"].text


def test_a_moe_model_is_expected_at_the_moe_share():
    rows = {
        r.key: r
        for r in run_command("serve", {"preset": "qwen3-30b-a3b", "gpu": "H100-SXM", "price": "3"})
    }
    assert rows["share_of_bound"].value == fractions("throughput", moe=True).median
    assert "MoE runs" in rows["share_of_bound"].text
