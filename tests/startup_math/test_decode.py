import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import get_gpu, preset
from startup_math.compute import model_flops_per_token
from startup_math.decode import check_fits, decode_step, roofline
from startup_math.memory import weights_bytes

H100 = get_gpu("H100-SXM")
LLAMA_2_7B = preset("llama-2-7b")
LLAMA_3_8B = preset("llama-3-8b")

sizes = st.floats(min_value=1e6, max_value=1e11)
bandwidths = st.floats(min_value=1e11, max_value=1e13)
peaks = st.floats(min_value=1e13, max_value=1e16)
batches = st.integers(min_value=1, max_value=4096)
shares = st.floats(min_value=0.01, max_value=1.0)


def h100_step(n_params, batch, kv=0.0, flops=None, **kwargs):
    return decode_step(
        weights_bytes(n_params, "bf16"),
        2 * n_params if flops is None else flops,
        H100.bandwidth_bytes_per_s,
        H100.peak_flops,
        kwargs.pop("memory", H100.memory_bytes),
        batch_size=batch,
        kv_bytes_per_sequence=kv,
        **kwargs,
    )


def test_small_exact_value():
    # 10 bytes of weights and 2 sequences of 5 bytes of cache at 40 bytes/s: 0.5 s to read.
    # 2 sequences x 30 FLOPs at 100 FLOP/s: 0.6 s to compute, so compute sets the pace.
    step = decode_step(10, 30, 40, 100, 1000, batch_size=2, kv_bytes_per_sequence=5)
    assert (step.memory_seconds, step.compute_seconds) == (0.5, 0.6)
    assert step.seconds == 0.6
    assert step.bound == "compute"
    assert step.tokens_per_second == pytest.approx(2 / 0.6)
    assert step.memory_used_bytes == 20
    assert step.bytes_read == 20 and step.flops == 60


def test_14b_at_batch_1000_is_compute_bound():
    # The case: each token of a 14B model costs about 2 x 14e9 FLOPs, so an H100 SXM
    # (989 TFLOPS dense BF16) cannot pass 989e12 / 28e9 = 35,321 tokens/s at any batch. The
    # bandwidth-only bound said 119,643; the roofline says compute binds. With bf16 weights
    # (28 GB) and no KV cache the batch fits.
    step = h100_step(14e9, 1000)
    assert step.bound == "compute"
    assert step.tokens_per_second == pytest.approx(989e12 / 28e9)
    assert step.tokens_per_second < 35_400


def test_llama_3_8b_batch_512_does_not_fit_an_h100():
    # The other case: 16.06 GB of bf16 weights and 512 x 1,024 tokens x 131,072
    # bytes = 68.72 GB of fp16 KV cache, 84.78 GB on an 80 GB card: an error, not a speed.
    weights = weights_bytes(LLAMA_3_8B.parameter_count(), "bf16")
    kv = LLAMA_3_8B.kv_cache_bytes_per_token("fp16") * 1024
    message = (
        "weights (16.06 GB) + KV cache (68.72 GB) = 84.78 GB do not fit in 80.00 GB of GPU "
        "memory: use a smaller batch or context, quantize, or shard the model over more GPUs"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        decode_step(
            weights,
            model_flops_per_token(LLAMA_3_8B, 1024),
            H100.bandwidth_bytes_per_s,
            H100.peak_flops,
            H100.memory_bytes,
            batch_size=512,
            kv_bytes_per_sequence=kv,
        )
    # 400 sequences (53.69 GB of cache) fit.
    assert check_fits(weights, 400 * kv, H100.memory_bytes) == pytest.approx(weights + 400 * kv)


def test_llama_2_7b_on_h100_small_batches_are_memory_bound():
    # bf16 weights 13.48 GB at 3.35 TB/s: at most 248.6 tokens/s for one sequence without
    # the cache. With a 4,096-token cache (2 GiB per sequence) and 8 sequences a step reads
    # 30.66 GB: at most 874 tokens/s in all, the memory time far above the compute time.
    n = LLAMA_2_7B.parameter_count()
    assert h100_step(n, 1).tokens_per_second == pytest.approx(248.6, abs=0.1)
    kv = LLAMA_2_7B.kv_cache_bytes_per_token("fp16") * 4096
    step = h100_step(n, 8, kv, flops=model_flops_per_token(LLAMA_2_7B, 4096))
    assert step.tokens_per_second == pytest.approx(874.2, abs=0.1)
    assert step.bound == "memory"
    assert step.compute_seconds < step.memory_seconds / 10


@given(sizes, batches, shares, shares)
def test_step_is_the_larger_of_the_two_times(n_params, batch, mbu, mfu):
    kv = 1e6
    memory = 1e15  # enough for anything drawn here
    step = h100_step(n_params, batch, kv, mbu=mbu, mfu=mfu, memory=memory)
    assert step.seconds == max(step.memory_seconds, step.compute_seconds)
    assert step.memory_seconds == pytest.approx(
        (2 * n_params + batch * kv) / (H100.bandwidth_bytes_per_s * mbu)
    )
    assert step.compute_seconds == pytest.approx(batch * 2 * n_params / (H100.peak_flops * mfu))
    assert step.bound == ("memory" if step.memory_seconds >= step.compute_seconds else "compute")


@given(sizes, batches, st.integers(2, 64))
def test_throughput_never_passes_the_compute_ceiling(n_params, batch, k):
    small = h100_step(n_params, batch, memory=1e15)
    big = h100_step(n_params, batch * k, memory=1e15)
    ceiling = H100.peak_flops / (2 * n_params)
    assert small.tokens_per_second <= ceiling * (1 + 1e-12)
    assert big.tokens_per_second <= ceiling * (1 + 1e-12)
    assert big.tokens_per_second >= small.tokens_per_second * (1 - 1e-12)
    # Per sequence, a bigger batch is never faster.
    assert big.tokens_per_second_per_sequence <= small.tokens_per_second_per_sequence * (1 + 1e-12)


@given(sizes, bandwidths, peaks, st.floats(min_value=1.01, max_value=100))
def test_more_bandwidth_or_flops_never_slower(n_params, bandwidth, peak, k):
    def speed(bw, pk):
        return decode_step(2 * n_params, 2 * n_params, bw, pk, 1e15, batch_size=64).seconds

    assert speed(bandwidth * k, peak) <= speed(bandwidth, peak)
    assert speed(bandwidth, peak * k) <= speed(bandwidth, peak)


def test_mixture_of_experts_reads_fewer_weights_than_it_holds():
    step = h100_step(10e9, 1, weight_bytes_read=5e9)
    assert step.bytes_read == 5e9
    assert step.memory_used_bytes == 20e9
    with pytest.raises(ValueError, match="weight_bytes_read .* cannot exceed weight_bytes"):
        h100_step(10e9, 1, weight_bytes_read=30e9)


def test_roofline_example_and_bound():
    step = roofline(14e9, 28e9, 3.35e12, 989e12)
    assert step.bound == "memory"
    assert step.seconds == pytest.approx(14e9 / 3.35e12)
    half = roofline(14e9, 28e9, 3.35e12, 989e12, mbu=0.5)
    assert half.seconds == pytest.approx(2 * step.seconds)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: roofline(-1, 1, 1, 1), "bytes_moved must be zero or greater, got -1"),
        (lambda: roofline(1, math.nan, 1, 1), "flops must be finite, got nan"),
        (lambda: roofline(1, 1, 0, 1), "bandwidth_bytes_per_s must be greater than zero, got 0"),
        (lambda: roofline(1, 1, 1, "9e14"), "peak_flops must be a number, got str '9e14'"),
        (lambda: roofline(1, 1, 1, 1, mbu=0), "mbu must be greater than zero and at most 1"),
        (lambda: roofline(1, 1, 1, 1, mfu=1.5), "mfu must be greater than zero and at most 1"),
        (lambda: decode_step(0, 1, 1, 1, 1), "weight_bytes must be greater than zero, got 0"),
        (lambda: decode_step(1, 0, 1, 1, 1), "flops_per_token must be greater than zero, got 0"),
        (lambda: decode_step(1, 1, 1, 1, 10, batch_size=0), "batch_size must be greater than zero"),
        (lambda: decode_step(1, 1, 1, 1, 10, batch_size=2.0), "batch_size must be an integer"),
        (
            lambda: decode_step(1, 1, 1, 1, 10, kv_bytes_per_sequence=-1),
            "kv_bytes_per_sequence must be zero or greater, got -1",
        ),
        (lambda: decode_step(1, 1, 1, 1, 0), "memory_bytes must be greater than zero, got 0"),
        (lambda: check_fits(1, math.inf, 10), "kv_cache_bytes must be finite, got inf"),
        (
            lambda: check_fits(90e9, 0, 80e9),
            "the weights alone (90.00 GB) do not fit in 80.00 GB of GPU memory: quantize them",
        ),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
