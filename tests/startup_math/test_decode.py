import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import (
    decode_step_seconds,
    decode_tokens_per_second,
    get_gpu,
    kv_cache_bytes,
    preset,
    weights_bytes,
)

sizes = st.floats(min_value=1e6, max_value=1e12, allow_nan=False, allow_infinity=False)
bandwidths = st.floats(min_value=1e9, max_value=1e13, allow_nan=False, allow_infinity=False)
batches = st.integers(min_value=1, max_value=1024)
growth = st.floats(min_value=1.01, max_value=100)
LLAMA_2_7B = preset("llama-2-7b")


def llama_2_7b_bound(bandwidth: float, seq_len: int, batch: int) -> float:
    kv = kv_cache_bytes(*LLAMA_2_7B.kv_cache_dims(), seq_len=seq_len)
    weights = weights_bytes(LLAMA_2_7B.parameter_count(), "bf16")
    return decode_tokens_per_second(weights, bandwidth, batch, kv)


def test_small_exact_value():
    # 10 bytes of weights, 2 sequences of 5 bytes of cache, 40 bytes/s: a step reads
    # 20 bytes in 0.5 s and yields 2 tokens, 4 tokens/s.
    assert decode_step_seconds(10, 40, 2, 5) == 0.5
    assert decode_tokens_per_second(10, 40, 2, 5) == 4.0


def test_llama_2_7b_on_h100():
    # bf16 weights 13.48 GB, H100 SXM 3.35 TB/s: at most 248.6 tokens/s for one sequence
    # without the cache. With a 4,096-token cache (2 GiB per sequence) and 8 sequences a
    # step reads 30.66 GB: at most 874 tokens/s in all, 109 per sequence.
    bandwidth = get_gpu("H100-SXM").bandwidth_bytes_per_s
    weights = weights_bytes(LLAMA_2_7B.parameter_count(), "bf16")
    assert decode_tokens_per_second(weights, bandwidth) == pytest.approx(248.6, abs=0.1)
    assert llama_2_7b_bound(bandwidth, 4096, 8) == pytest.approx(874.2, abs=0.1)


@given(sizes, bandwidths, batches, st.floats(min_value=0, max_value=1e11), growth)
def test_more_bandwidth_more_tokens(weights, bandwidth, batch, kv, k):
    slow = decode_tokens_per_second(weights, bandwidth, batch, kv)
    fast = decode_tokens_per_second(weights, bandwidth * k, batch, kv)
    assert fast > slow
    assert fast == pytest.approx(k * slow)


@given(bandwidths, st.integers(1, 100_000), batches, st.integers(1, 100_000))
def test_longer_context_fewer_tokens(bandwidth, seq_len, batch, more):
    short = llama_2_7b_bound(bandwidth, seq_len, batch)
    assert llama_2_7b_bound(bandwidth, seq_len + more, batch) < short


@given(sizes, bandwidths, batches, st.floats(min_value=1, max_value=1e11), st.integers(2, 64))
def test_batching_raises_total_and_lowers_per_sequence(weights, bandwidth, batch, kv, k):
    total = decode_tokens_per_second(weights, bandwidth, batch, kv)
    bigger = decode_tokens_per_second(weights, bandwidth, batch * k, kv)
    assert bigger > total
    assert bigger / (batch * k) < total / batch
    # However large the batch, reading the caches alone caps throughput at BW / K.
    assert bigger < bandwidth / kv


@given(sizes, bandwidths, growth)
def test_bigger_weights_fewer_tokens(weights, bandwidth, k):
    assert decode_tokens_per_second(weights * k, bandwidth) < decode_tokens_per_second(
        weights, bandwidth
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0, 3.35e12), "weight_bytes must be greater than zero, got 0"),
        ((14e9, -1), "bandwidth_bytes_per_s must be greater than zero, got -1"),
        ((14e9, math.inf), "bandwidth_bytes_per_s must be finite, got inf"),
        ((math.nan, 3.35e12), "weight_bytes must be finite, got nan"),
        ((14e9, "3.35e12"), "bandwidth_bytes_per_s must be a number, got str"),
        ((14e9, 3.35e12, 0), "batch_size must be greater than zero, got 0"),
        ((14e9, 3.35e12, 2.0), "batch_size must be an integer, got float 2.0"),
        ((14e9, 3.35e12, True), "batch_size must be an integer, got bool True"),
        ((14e9, 3.35e12, 1, -1), "kv_bytes_per_sequence must be zero or greater, got -1"),
        ((14e9, 3.35e12, 1, math.nan), "kv_bytes_per_sequence must be finite, got nan"),
    ],
)
@pytest.mark.parametrize("function", [decode_step_seconds, decode_tokens_per_second])
def test_rejects_bad_input(args, message, function):
    with pytest.raises(ValueError, match=re.escape(message)):
        function(*args)
