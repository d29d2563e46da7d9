import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import (
    DTYPE_BYTES,
    dtype_bytes,
    kv_cache_bytes,
    preset,
    training_memory,
    weights_bytes,
)

dims = st.integers(min_value=1, max_value=256)
params = st.floats(min_value=1.0, max_value=1e13, allow_nan=False, allow_infinity=False)


def test_llama_2_7b_kv_cache_per_token():
    # Llama 2 7B (Touvron et al. 2023, arXiv:2307.09288): 32 layers, 32 KV heads of 128,
    # fp16: 2 (K and V) x 32 x 32 x 128 x 2 bytes = 524,288 bytes (512 KiB) per token.
    assert kv_cache_bytes(32, 32, 128, seq_len=1) == 2 * 32 * 32 * 128 * 2 == 524_288
    assert kv_cache_bytes(*preset("llama-2-7b").kv_cache_dims(), seq_len=1) == 524_288
    # The full 4,096-token context is 2 GiB per sequence.
    assert kv_cache_bytes(32, 32, 128, seq_len=4096) == 2 * 2**30


def test_llama_3_8b_kv_cache_per_token():
    # Llama 3 8B (arXiv:2407.21783): grouped-query attention with 8 KV heads, so a quarter
    # of the Llama 2 7B cache: 2 x 32 x 8 x 128 x 2 = 131,072 bytes per token.
    assert kv_cache_bytes(*preset("llama-3-8b").kv_cache_dims(), seq_len=1) == 131_072


def test_gpt2_small_kv_cache_per_token():
    # Multi-head attention: 12 layers x 12 heads x 64 x 2 (K, V) x 2 bytes = 36,864.
    assert kv_cache_bytes(*preset("gpt2-small").kv_cache_dims(), seq_len=1) == 36_864


def test_weights_by_dtype():
    # 7e9 parameters: 28 GB fp32, 14 GB bf16/fp16, 7 GB int8, 3.5 GB int4.
    expected = {"fp32": 28e9, "bf16": 14e9, "fp16": 14e9, "int8": 7e9, "int4": 3.5e9}
    for dtype, size in expected.items():
        assert weights_bytes(7e9, dtype) == size
    assert weights_bytes(7e9) == 14e9


def test_dtype_aliases_and_case():
    assert dtype_bytes("BFloat16") == dtype_bytes("bf16") == 2
    assert dtype_bytes("float32") == 4
    assert dtype_bytes("INT4") == 0.5
    assert kv_cache_bytes(32, 8, 128, seq_len=1, dtype="int8") == 65_536


def test_zero_paper_examples():
    # Rajbhandari et al. 2020, "ZeRO", arXiv:1910.02054, section 3.1: mixed-precision Adam
    # needs 16 bytes per parameter, so GPT-2 with 1.5B parameters needs at least 24 GB;
    # Figure 1: 7.5B parameters need 120 GB without partitioning.
    assert training_memory(1.5e9).total == 24e9
    assert training_memory(7.5e9).total == 120e9


def test_training_memory_breakdown():
    parts = training_memory(1).as_dict()
    assert parts == {
        "weights": 2,
        "gradients": 2,
        "master_weights": 4,
        "adam_m": 4,
        "adam_v": 4,
        "total": 16,
    }


@given(params)
def test_training_is_eight_times_bf16_weights(n):
    assert training_memory(n).total == pytest.approx(8 * weights_bytes(n, "bf16"))


@given(params, st.sampled_from(list(DTYPE_BYTES)), st.sampled_from(list(DTYPE_BYTES)))
def test_weights_ordered_by_bytes_per_element(n, a, b):
    if dtype_bytes(a) < dtype_bytes(b):
        assert weights_bytes(n, a) < weights_bytes(n, b)


@given(dims, dims, dims, st.integers(1, 100_000), st.integers(1, 64), st.integers(2, 8))
def test_kv_cache_linear_in_length_and_batch(layers, kv_heads, head_dim, seq_len, batch, k):
    size = kv_cache_bytes(layers, kv_heads, head_dim, seq_len, batch)
    assert size == 2 * layers * kv_heads * head_dim * seq_len * batch * 2
    assert kv_cache_bytes(layers, kv_heads, head_dim, seq_len * k, batch) == k * size
    assert kv_cache_bytes(layers, kv_heads, head_dim, seq_len, batch * k) == k * size


@given(dims, dims, dims, st.integers(1, 100_000), st.integers(2, 8))
def test_fewer_kv_heads_smaller_cache(layers, kv_heads, head_dim, seq_len, group):
    # Grouped-query attention: sharing each KV head among `group` query heads divides the
    # cache by `group`.
    mha = kv_cache_bytes(layers, kv_heads * group, head_dim, seq_len)
    gqa = kv_cache_bytes(layers, kv_heads, head_dim, seq_len)
    assert mha == group * gqa


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dtype_bytes("fp6"), "unknown dtype 'fp6': dtype must be one of fp32, float32"),
        (lambda: dtype_bytes(2), "dtype must be a string, got int 2"),
        (lambda: weights_bytes(7e9, "double"), "unknown dtype 'double'"),
        (lambda: weights_bytes(0), "n_params must be greater than zero, got 0"),
        (lambda: weights_bytes(math.nan), "n_params must be finite, got nan"),
        (lambda: weights_bytes("7B"), "n_params must be a number, got str '7B'"),
        (lambda: kv_cache_bytes(0, 8, 128, 1), "n_layers must be greater than zero, got 0"),
        (lambda: kv_cache_bytes(32, -8, 128, 1), "n_kv_heads must be greater than zero, got -8"),
        (lambda: kv_cache_bytes(32, 8, 128.0, 1), "head_dim must be an integer, got float 128.0"),
        (lambda: kv_cache_bytes(32, 8, 128, 0), "seq_len must be greater than zero, got 0"),
        (lambda: kv_cache_bytes(32, 8, 128, 1, True), "batch_size must be an integer, got bool"),
        (lambda: kv_cache_bytes(32, 8, 128, 1, 1, "fp6"), "unknown dtype 'fp6'"),
        (lambda: training_memory(-1), "n_params must be greater than zero, got -1"),
        (lambda: training_memory(math.inf), "n_params must be finite, got inf"),
        (lambda: training_memory(False), "n_params must be a number, got bool False"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
