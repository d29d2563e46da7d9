import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import training_flops

finite_positive = st.floats(min_value=1.0, max_value=1e15, allow_nan=False, allow_infinity=False)


def test_gpt3_175b_matches_published_compute():
    # Brown et al. 2020, "Language Models are Few-Shot Learners", arXiv:2005.14165,
    # Table D.1: GPT-3 175B, 300B training tokens, 3.14e23 total training FLOPs
    # (3640 petaflop/s-days).
    estimate = training_flops(175e9, 300e9)
    published = 3.14e23
    assert estimate == pytest.approx(3.15e23)
    assert abs(estimate - published) / published < 0.01
    assert estimate == pytest.approx(3640 * 1e15 * 86400, rel=0.01)


def test_small_exact_value():
    assert training_flops(2, 3) == 36.0


@given(finite_positive, finite_positive, st.floats(min_value=1.0, max_value=1e3))
def test_linear_in_each_argument(n, d, k):
    assert training_flops(n * k, d) == pytest.approx(k * training_flops(n, d))
    assert training_flops(n, d * k) == pytest.approx(k * training_flops(n, d))


@pytest.mark.parametrize(
    ("n_params", "n_tokens", "message"),
    [
        (0, 1e9, "n_params must be greater than zero, got 0"),
        (-7e9, 1e9, "n_params must be greater than zero"),
        (7e9, math.nan, "n_tokens must be finite, got nan"),
        (7e9, math.inf, "n_tokens must be finite, got inf"),
        ("7e9", 1e9, "n_params must be a number, got str '7e9'"),
        (True, 1e9, "n_params must be a number, got bool True"),
        (7e9, None, "n_tokens must be a number, got NoneType None"),
    ],
)
def test_rejects_bad_input_with_clear_message(n_params, n_tokens, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        training_flops(n_params, n_tokens)
