import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startup_math import get_gpu, preset
from startup_math.serving import (
    DAYS_PER_MONTH,
    HOURS_PER_MONTH,
    break_even,
    cost_per_million_tokens,
    estimate_serving,
    largest_batch_within,
)

H100 = get_gpu("H100-SXM")
LLAMA_3_8B = preset("llama-3-8b")
SETTINGS = settings(max_examples=40, deadline=None)


def llama_3_8b(**overrides):
    kwargs = dict(batch_size=32, prompt_tokens=1000, output_tokens=500, price_per_gpu_hour=3.0)
    return estimate_serving(LLAMA_3_8B, H100, **(kwargs | overrides))


def test_cost_per_million_tokens_exact():
    # 1,000 tokens/s on one $3.60/hour GPU: 1,000 seconds per million tokens, $1.
    assert cost_per_million_tokens(1e-3, 3.6) == pytest.approx(1.0)
    assert cost_per_million_tokens(1e-3, 3.6, gpus=2) == pytest.approx(2.0)
    assert cost_per_million_tokens(1e-3, 3.6, utilization=0.25) == pytest.approx(4.0)
    assert cost_per_million_tokens(1e-3, 0.0) == 0.0


def test_llama_3_8b_on_one_h100_by_hand():
    est = llama_3_8b()
    n = 8_030_261_248
    weights = 2 * n  # bf16
    kv_token = 2 * 32 * 8 * 128 * 2  # K and V, 32 layers, 8 KV heads of 128, bf16
    assert est.weight_bytes == weights
    assert est.context_tokens == 1250
    assert est.kv_bytes_per_sequence == kv_token * 1250
    # Decode: 32 sequences read the weights and their caches; each token costs
    # 2 N + 2 L (d_qk + d_v) n_ctx FLOPs in PaLM's convention.
    read = weights + 32 * kv_token * 1250
    flops = 32 * (2 * n + 2 * 32 * (4096 + 4096) * 1250)
    assert est.decode.memory_seconds == pytest.approx(read / 3.35e12)
    assert est.decode.compute_seconds == pytest.approx(flops / 989e12)
    assert est.decode.bound == "memory"
    assert est.decode_seconds_per_token == pytest.approx(read / 3.35e12 / 32)
    # Prefill one 1,000-token prompt: compute-bound, attention over 500.5 tokens on average.
    prefill_flops = 1000 * (2 * n + 2 * 32 * 8192 * 500.5)
    assert est.prefill.bound == "compute"
    assert est.time_to_first_token == pytest.approx(prefill_flops / 989e12)
    assert est.cost_per_million_input_tokens == pytest.approx(
        3.0 * prefill_flops / 989e12 / 1000 * 1e6 / 3600
    )
    assert est.cost_per_million_output_tokens == pytest.approx(
        3.0 * read / 3.35e12 / 32 * 1e6 / 3600
    )
    # Output tokens cost far more than input tokens: decode reads memory, prefill computes.
    assert est.cost_per_million_output_tokens > 5 * est.cost_per_million_input_tokens
    assert est.max_batch_size == int((80e9 - weights) // (kv_token * 1250))
    assert est.replica_cost_per_month == 3.0 * 730


@SETTINGS
@given(st.integers(1, 256), st.floats(0.05, 1.0), st.floats(0.05, 1.0), st.floats(0.1, 1.0))
def test_costs_scale_as_stated(batch, mfu, mbu, utilization):
    base = llama_3_8b(batch_size=batch, mfu=mfu, mbu=mbu)
    slower = llama_3_8b(batch_size=batch, mfu=mfu, mbu=mbu, utilization=utilization)
    # Idle hours are paid for: cost per token grows as 1 / utilization.
    assert slower.cost_per_million_output_tokens == pytest.approx(
        base.cost_per_million_output_tokens / utilization
    )
    assert slower.cost_per_million_input_tokens == pytest.approx(
        base.cost_per_million_input_tokens / utilization
    )
    # The price is a plain factor.
    double = llama_3_8b(batch_size=batch, mfu=mfu, mbu=mbu, price_per_gpu_hour=6.0)
    assert double.cost_per_million_output_tokens == pytest.approx(
        2 * base.cost_per_million_output_tokens
    )


@SETTINGS
@given(st.integers(1, 200))
def test_bigger_batches_cut_output_cost_but_slow_each_sequence(batch):
    small, big = llama_3_8b(batch_size=batch), llama_3_8b(batch_size=batch + 1)
    assert big.cost_per_million_output_tokens < small.cost_per_million_output_tokens
    assert big.decode.tokens_per_second_per_sequence < small.decode.tokens_per_second_per_sequence


def test_batch_that_does_not_fit_is_an_error():
    with pytest.raises(ValueError, match=r"do not fit in 80\.00 GB of GPU memory"):
        llama_3_8b(batch_size=500)


def test_two_gpus_hold_what_one_cannot():
    llama_70b = preset("llama-3-70b")
    with pytest.raises(ValueError, match=r"the weights alone \(141\.11 GB\) do not fit in 80\.00"):
        estimate_serving(
            llama_70b,
            H100,
            batch_size=8,
            prompt_tokens=500,
            output_tokens=200,
            price_per_gpu_hour=3.0,
        )
    two = estimate_serving(
        llama_70b,
        H100,
        batch_size=8,
        prompt_tokens=500,
        output_tokens=200,
        price_per_gpu_hour=3.0,
        gpus=2,
    )
    assert two.memory_bytes == 160e9
    assert two.replica_cost_per_month == 2 * 3.0 * HOURS_PER_MONTH


def test_mixture_of_experts_reads_only_the_experts_it_uses():
    mixtral = preset("mixtral-8x7b")
    est = estimate_serving(
        mixtral,
        get_gpu("H200-SXM"),
        batch_size=1,
        prompt_tokens=100,
        output_tokens=100,
        price_per_gpu_hour=4.0,
    )
    assert est.weight_bytes == 2 * mixtral.parameter_count()
    read = est.decode.bytes_read - est.kv_bytes_per_sequence
    assert read == pytest.approx(2 * mixtral.parameters_read(1))
    assert read < 0.35 * est.weight_bytes  # 2 of 8 experts, plus attention and embeddings


def test_break_even_by_hand():
    est = llama_3_8b(utilization=0.5)
    result = break_even(est, api_price_per_million_input=0.28, api_price_per_million_output=0.83)
    api = (1000 * 0.28 + 500 * 0.83) / 1e6
    assert result.api_cost_per_request == pytest.approx(api)
    own = 3.0 * est.busy_seconds_per_request / 3600 / 0.5
    assert result.self_cost_per_request == pytest.approx(own)
    assert result.break_even_utilization == pytest.approx(0.5 * own / api)
    assert result.break_even_requests_per_month == pytest.approx(3.0 * 730 / api)


@SETTINGS
@given(st.floats(0.01, 1.0), st.floats(0.01, 5.0), st.floats(0.01, 20.0), st.floats(1, 1e9))
def test_break_even_is_where_the_bills_meet(utilization, price_in, price_out, traffic):
    est = llama_3_8b(utilization=utilization)
    kwargs = dict(api_price_per_million_input=price_in, api_price_per_million_output=price_out)
    result = break_even(est, **kwargs, requests_per_month=traffic)
    if result.break_even_requests_per_month is None:
        # The replica costs more per request than the API at this utilization.
        assert result.self_cost_per_request > result.api_cost_per_request
        assert result.break_even_utilization > utilization
    else:
        volume = result.break_even_requests_per_month
        assert volume * result.api_cost_per_request == pytest.approx(est.replica_cost_per_month)
        assert volume <= est.requests_per_month * (1 + 1e-9)
        assert result.break_even_utilization <= utilization * (1 + 1e-9)
    # Fleet sizing: enough replicas for the traffic, never fewer than one.
    assert result.replicas == max(1, math.ceil(traffic / est.requests_per_month))
    assert result.api_cost_per_month == pytest.approx(traffic * result.api_cost_per_request)
    # At exactly the break-even utilization, owning and renting cost the same per request.
    if result.break_even_utilization <= 1:
        at = llama_3_8b(utilization=result.break_even_utilization)
        again = break_even(at, **kwargs)
        assert again.self_cost_per_request == pytest.approx(again.api_cost_per_request)


def test_days_per_month():
    assert DAYS_PER_MONTH * 24 == pytest.approx(HOURS_PER_MONTH)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: cost_per_million_tokens(0, 1), "seconds_per_token must be greater than zero"),
        (lambda: cost_per_million_tokens(1, -1), "price_per_gpu_hour must be zero or greater"),
        (lambda: cost_per_million_tokens(1, 1, gpus=0), "gpus must be greater than zero"),
        (lambda: cost_per_million_tokens(1, 1, utilization=0), "utilization must be greater"),
        (lambda: llama_3_8b(batch_size=0), "batch_size must be greater than zero, got 0"),
        (lambda: llama_3_8b(prompt_tokens=1.5), "prompt_tokens must be an integer"),
        (lambda: llama_3_8b(output_tokens=-2), "output_tokens must be greater than zero"),
        (lambda: llama_3_8b(price_per_gpu_hour=math.nan), "price_per_gpu_hour must be finite"),
        (lambda: llama_3_8b(mfu=2), "mfu must be greater than zero and at most 1, got 2"),
        (lambda: llama_3_8b(mbu=0), "mbu must be greater than zero and at most 1, got 0"),
        (lambda: llama_3_8b(weight_dtype="fp6"), "unknown dtype 'fp6'"),
        (lambda: llama_3_8b(gpus=True), "gpus must be an integer, got bool True"),
        (
            lambda: estimate_serving(
                preset("bert-base-uncased"),
                H100,
                batch_size=1,
                prompt_tokens=1,
                output_tokens=1,
                price_per_gpu_hour=1,
            ),
            "no KV cache",
        ),
        (
            lambda: break_even(
                llama_3_8b(), api_price_per_million_input=0, api_price_per_million_output=0
            ),
            "the API prices cannot both be zero",
        ),
        (
            lambda: break_even(
                llama_3_8b(), api_price_per_million_input=-1, api_price_per_million_output=1
            ),
            "api_price_per_million_input must be zero or greater, got -1",
        ),
        (
            lambda: break_even(
                llama_3_8b(),
                api_price_per_million_input=1,
                api_price_per_million_output=1,
                requests_per_month=0,
            ),
            "requests_per_month must be greater than zero, got 0",
        ),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def _llama_at(batch, **kwargs):
    return estimate_serving(
        preset("llama-3-8b"),
        "H100-SXM",
        batch_size=batch,
        prompt_tokens=1000,
        output_tokens=500,
        price_per_gpu_hour=3.0,
        **kwargs,
    )


@pytest.mark.parametrize("target", [0.006, 0.01, 0.02, 0.05])
def test_largest_batch_within_a_latency_target_is_the_edge(target):
    limit = _llama_at(1).max_batch_size
    found = largest_batch_within(_llama_at, target, limit)
    if found is None:
        assert _llama_at(1).decode.seconds > target
        return
    assert found.decode.seconds <= target
    if found.batch_size < limit:
        assert _llama_at(found.batch_size + 1).decode.seconds > target


def test_a_latency_target_counts_the_tokens_a_speculative_step_yields():
    def at(batch):
        return _llama_at(batch, draft_tokens=3, acceptance_rate=0.8)

    found = largest_batch_within(at, 0.02, at(1).max_batch_size)
    plain = largest_batch_within(_llama_at, 0.02, _llama_at(1).max_batch_size)
    assert found.decode.seconds / found.decode.tokens_per_step <= 0.02
    assert found.batch_size > plain.batch_size


def test_data_parallel_attention_takes_any_gpu_count():
    arch = preset("deepseek-v3")
    kwargs = dict(
        batch_size=64,
        prompt_tokens=2000,
        output_tokens=100,
        price_per_gpu_hour=2.0,
        weight_dtype="fp8",
    )
    with pytest.raises(ValueError, match=re.escape("gpus (72) must divide n_heads (128)")):
        estimate_serving(arch, "H100-SXM", gpus=72, **kwargs)
    spread = estimate_serving(arch, "H100-SXM", gpus=72, attention="data", **kwargs)
    assert spread.memory_bytes == 72 * 80e9
    with pytest.raises(ValueError, match="attention must be 'tensor' or 'data'"):
        estimate_serving(arch, "H100-SXM", gpus=8, attention="pipeline", **kwargs)


def test_a_gpu_may_be_given_by_name_and_an_encoder_is_refused():
    assert _llama_at(4) == estimate_serving(
        preset("llama-3-8b"),
        get_gpu("H100-SXM"),
        batch_size=4,
        prompt_tokens=1000,
        output_tokens=500,
        price_per_gpu_hour=3.0,
    )
    with pytest.raises(ValueError, match="need a decoder"):
        estimate_serving(
            preset("bert-base-uncased"),
            "H100-SXM",
            batch_size=1,
            prompt_tokens=10,
            output_tokens=1,
            price_per_gpu_hour=1.0,
        )
