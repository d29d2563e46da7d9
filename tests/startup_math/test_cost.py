import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import (
    get_gpu,
    gpu_hours,
    implied_mfu,
    training_cost,
    training_flops,
    wall_clock_days,
)

positive = st.floats(min_value=1e-3, max_value=1e30, allow_nan=False, allow_infinity=False)
mfus = st.floats(min_value=1e-3, max_value=1.0)
A100_PEAK = get_gpu("A100-80GB-SXM").peak_flops

# Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models",
# arXiv:2307.09288, Table 2: A100-80GB GPU-hours for pretraining on 2T tokens.
LLAMA_2_GPU_HOURS = {7e9: 184_320, 13e9: 368_640, 70e9: 1_720_320}


def test_llama_2_7b_implied_mfu():
    # 6 * 6.74e9 * 2e12 / (184,320 * 3600 * 312e12) = 0.39: about 39% of the dense BF16 peak.
    flops = training_flops(6.74e9, 2e12)
    mfu = implied_mfu(flops, 184_320, A100_PEAK)
    assert mfu == pytest.approx(6 * 6.74e9 * 2e12 / (184_320 * 3600 * 312e12))
    assert mfu == pytest.approx(0.3907, abs=5e-4)


def test_llama_2_7b_gpu_hours_from_mfu():
    # The inverse: at that MFU the run takes the published 184,320 GPU-hours.
    flops = training_flops(6.74e9, 2e12)
    assert gpu_hours(flops, A100_PEAK, 0.3907) == pytest.approx(184_320, rel=1e-3)
    mfu = implied_mfu(flops, 184_320, A100_PEAK)
    assert gpu_hours(flops, A100_PEAK, mfu) == pytest.approx(184_320, rel=1e-12)


@pytest.mark.parametrize(("n_params", "hours"), list(LLAMA_2_GPU_HOURS.items()))
def test_llama_2_family_mfu_is_plausible(n_params, hours):
    # 7B 0.39, 13B 0.38, 70B 0.43: all in the range large runs report.
    assert 0.35 < implied_mfu(training_flops(n_params, 2e12), hours, A100_PEAK) < 0.45


def test_days_and_cost():
    # 184,320 GPU-hours on 1,024 GPUs is 7.5 days; at 2 per GPU-hour it costs 368,640.
    assert wall_clock_days(184_320, 1024) == 7.5
    assert training_cost(184_320, 2) == 368_640
    assert training_cost(184_320, 0) == 0


@given(positive, positive, mfus, st.floats(min_value=1.01, max_value=1e3))
def test_higher_mfu_fewer_hours(flops, peak, mfu, k):
    slower = gpu_hours(flops, peak, mfu / k)
    assert slower > gpu_hours(flops, peak, mfu)
    assert slower == pytest.approx(k * gpu_hours(flops, peak, mfu))


@given(positive, positive, mfus, st.floats(min_value=1.0, max_value=1e3))
def test_hours_linear_in_flops_and_inverse_in_peak(flops, peak, mfu, k):
    hours = gpu_hours(flops, peak, mfu)
    assert gpu_hours(flops * k, peak, mfu) == pytest.approx(k * hours)
    assert gpu_hours(flops, peak * k, mfu) == pytest.approx(hours / k)


@given(positive, positive, mfus)
def test_implied_mfu_inverts_gpu_hours(flops, peak, mfu):
    assert implied_mfu(flops, gpu_hours(flops, peak, mfu), peak) == pytest.approx(mfu)


@given(positive, st.integers(min_value=1, max_value=100_000), st.integers(2, 100))
def test_more_gpus_fewer_days(hours, n_gpus, k):
    days = wall_clock_days(hours, n_gpus)
    assert days * n_gpus * 24 == pytest.approx(hours)
    assert wall_clock_days(hours, n_gpus * k) == pytest.approx(days / k)


@given(positive, st.floats(min_value=0, max_value=1e4), st.floats(min_value=1.0, max_value=1e3))
def test_cost_linear(hours, price, k):
    assert training_cost(hours * k, price) == pytest.approx(k * training_cost(hours, price))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: gpu_hours(1e20, 312e12, 0), "mfu must be greater than zero and at most 1, got 0"),
        (lambda: gpu_hours(1e20, 312e12, 1.5), "mfu must be greater than zero and at most 1"),
        (lambda: gpu_hours(1e20, 312e12, math.nan), "mfu must be finite, got nan"),
        (lambda: gpu_hours(1e20, 312e12, True), "mfu must be a number, got bool True"),
        (lambda: gpu_hours(1e20, "312e12", 0.4), "peak_flops must be a number, got str"),
        (lambda: gpu_hours(0, 312e12, 0.4), "flops must be greater than zero, got 0"),
        (lambda: gpu_hours(math.inf, 312e12, 0.4), "flops must be finite, got inf"),
        (lambda: implied_mfu(1e20, -1, 312e12), "gpu_hours must be greater than zero, got -1"),
        (lambda: wall_clock_days(1000, 0), "n_gpus must be greater than zero, got 0"),
        (lambda: wall_clock_days(None, 8), "gpu_hours must be a number, got NoneType None"),
        (lambda: training_cost(1000, -2), "price_per_gpu_hour must be zero or greater, got -2"),
        (lambda: training_cost(1000, math.nan), "price_per_gpu_hour must be finite, got nan"),
        (lambda: training_cost(0, 2), "gpu_hours must be greater than zero, got 0"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
