import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import chinchilla_optimal, chinchilla_tokens, training_flops

budgets = st.floats(min_value=1e15, max_value=1e30, allow_nan=False, allow_infinity=False)
ratios = st.floats(min_value=0.1, max_value=1e4, allow_nan=False, allow_infinity=False)


def test_chinchilla_70b():
    # Hoffmann et al. 2022, arXiv:2203.15556: Chinchilla, 70B parameters on 1.4T tokens.
    # C = 6 * 70e9 * 1.4e12 = 5.88e23 FLOPs gives back N = 70B and D = 1.4T at 20 tokens
    # per parameter.
    compute = training_flops(70e9, 1.4e12)
    assert compute == pytest.approx(5.88e23)
    n, d = chinchilla_optimal(compute)
    assert n == pytest.approx(70e9, rel=1e-12)
    assert d == pytest.approx(1.4e12, rel=1e-12)
    assert chinchilla_tokens(70e9) == pytest.approx(1.4e12)


def test_llama_3_8b_is_far_past_chinchilla():
    # Llama 3 8B was trained on about 15T tokens (arXiv:2407.21783): over 90 times the
    # Chinchilla-optimal 160B tokens for its size, traded for cheaper inference.
    assert chinchilla_tokens(8e9) == pytest.approx(160e9)
    assert 15e12 / chinchilla_tokens(8e9) > 90


@given(budgets, ratios)
def test_spends_the_whole_budget_at_the_ratio(compute, r):
    optimal = chinchilla_optimal(compute, r)
    assert training_flops(optimal.n_params, optimal.n_tokens) == pytest.approx(compute)
    assert optimal.n_tokens / optimal.n_params == pytest.approx(r)


@given(budgets, st.floats(min_value=1.01, max_value=1e4))
def test_n_and_d_grow_as_square_root_of_compute(compute, k):
    small = chinchilla_optimal(compute)
    large = chinchilla_optimal(compute * k)
    assert large.n_params > small.n_params
    assert large.n_tokens > small.n_tokens
    assert large.n_params / small.n_params == pytest.approx(math.sqrt(k))
    assert large.n_tokens / small.n_tokens == pytest.approx(math.sqrt(k))


@given(budgets, ratios, st.floats(min_value=1.01, max_value=100))
def test_more_tokens_per_parameter_smaller_model(compute, r, k):
    assert chinchilla_optimal(compute, r * k).n_params < chinchilla_optimal(compute, r).n_params


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: chinchilla_optimal(0), "compute_flops must be greater than zero, got 0"),
        (lambda: chinchilla_optimal(-1e23), "compute_flops must be greater than zero"),
        (lambda: chinchilla_optimal(math.inf), "compute_flops must be finite, got inf"),
        (lambda: chinchilla_optimal("1e23"), "compute_flops must be a number, got str '1e23'"),
        (lambda: chinchilla_optimal(1e23, 0), "tokens_per_param must be greater than zero, got 0"),
        (lambda: chinchilla_optimal(1e23, math.nan), "tokens_per_param must be finite, got nan"),
        (lambda: chinchilla_tokens(True), "n_params must be a number, got bool True"),
        (lambda: chinchilla_tokens(7e9, -20), "tokens_per_param must be greater than zero"),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
