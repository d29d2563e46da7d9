import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from startup_math import inference_flops_per_token, model_flops_per_token, preset, training_flops

finite_positive = st.floats(min_value=1.0, max_value=1e15, allow_nan=False, allow_infinity=False)
small_ints = st.integers(min_value=1, max_value=100_000)


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


def test_attention_term_small_exact_value():
    # Kaplan et al. 2020, arXiv:2001.08361, Table 1: forward 2N + 2 n_layer n_ctx d_attn
    # per token, training three times that: 3 (2*2 + 2*5*7*11) * 3 = 6966.
    assert training_flops(2, 3, seq_len=7, n_layers=5, d_model=11) == 3 * (4 + 770) * 3
    assert inference_flops_per_token(2, seq_len=7, n_layers=5, d_model=11) == 4 + 770


def test_gpt3_attention_term_is_a_few_percent():
    # GPT-3 175B: 96 layers, d_model 12288, context 2048 (Brown et al. 2020, Table 2.1).
    # The attention term adds n_ctx / (12 d_model) * (12 n_layer d^2 / N), about 1.4%.
    with_attention = training_flops(175e9, 300e9, seq_len=2048, n_layers=96, d_model=12288)
    assert with_attention / training_flops(175e9, 300e9) == pytest.approx(1.0138, abs=1e-4)


def test_inference_is_two_flops_per_parameter():
    assert inference_flops_per_token(7e9) == 14e9


@given(finite_positive, finite_positive, st.floats(min_value=1.0, max_value=1e3))
def test_linear_in_each_argument(n, d, k):
    assert training_flops(n * k, d) == pytest.approx(k * training_flops(n, d))
    assert training_flops(n, d * k) == pytest.approx(k * training_flops(n, d))


@given(finite_positive, finite_positive, small_ints, small_ints, small_ints)
def test_training_is_three_forward_passes(n, d, seq_len, n_layers, d_model):
    attention = dict(seq_len=seq_len, n_layers=n_layers, d_model=d_model)
    forward = inference_flops_per_token(n, **attention)
    assert training_flops(n, d, **attention) == pytest.approx(3 * forward * d)


@given(small_ints, small_ints, st.integers(min_value=1, max_value=100_000))
def test_attention_share_is_n_ctx_over_12_d_model(n_layers, d_model, seq_len):
    # Kaplan et al. 2020, section 2.1: with N = 12 n_layer d_model^2 the attention term
    # is n_ctx / (12 d_model) of 2N.
    n = 12 * n_layers * d_model**2
    attention = dict(seq_len=seq_len, n_layers=n_layers, d_model=d_model)
    extra = inference_flops_per_token(n, **attention) - inference_flops_per_token(n)
    assert extra / (2 * n) == pytest.approx(seq_len / (12 * d_model))


@given(finite_positive, small_ints, small_ints, small_ints, st.integers(1, 1000))
def test_longer_context_costs_more(n, n_layers, d_model, seq_len, more):
    short = inference_flops_per_token(n, seq_len=seq_len, n_layers=n_layers, d_model=d_model)
    long = inference_flops_per_token(n, seq_len=seq_len + more, n_layers=n_layers, d_model=d_model)
    assert long > short > inference_flops_per_token(n)


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


@pytest.mark.parametrize(
    ("attention", "message"),
    [
        ({"seq_len": 2048}, "seq_len, n_layers and d_model must be given together"),
        ({"seq_len": 2048, "n_layers": 32}, "got seq_len=2048, n_layers=32, d_model=None"),
        ({"seq_len": 0, "n_layers": 32, "d_model": 4096}, "seq_len must be greater than zero"),
        ({"seq_len": 2048, "n_layers": -1, "d_model": 4096}, "n_layers must be greater than"),
        ({"seq_len": 2048, "n_layers": 32, "d_model": 4096.0}, "d_model must be an integer"),
        (
            {"seq_len": True, "n_layers": 32, "d_model": 4096},
            "seq_len must be an integer, got bool",
        ),
        ({"seq_len": "2k", "n_layers": 32, "d_model": 4096}, "seq_len must be an integer, got str"),
    ],
)
@pytest.mark.parametrize("function", ["training", "inference"])
def test_rejects_bad_attention_arguments(attention, message, function):
    with pytest.raises(ValueError, match=re.escape(message)):
        if function == "training":
            training_flops(7e9, 1e12, **attention)
        else:
            inference_flops_per_token(7e9, **attention)


@pytest.mark.parametrize("bad", [0, -1.0, math.nan, math.inf, "7e9", False, None])
def test_inference_rejects_bad_n_params(bad):
    with pytest.raises(ValueError, match="n_params must"):
        inference_flops_per_token(bad)


def test_palm_counts_twice_kaplans_attention_term():
    kaplan = inference_flops_per_token(7e9, seq_len=4096, n_layers=32, d_model=4096)
    palm = inference_flops_per_token(7e9, seq_len=4096, n_layers=32, d_model=4096, attention="palm")
    assert kaplan - 14e9 == 2 * 32 * 4096 * 4096
    assert palm - 14e9 == 2 * (kaplan - 14e9)
    # Training: 6N + 12 L H Q T per token in PaLM's convention (Appendix B).
    train = training_flops(7e9, 1, seq_len=4096, n_layers=32, d_model=4096, attention="palm")
    assert train == 6 * 7e9 + 12 * 32 * 4096 * 4096


def test_palm_540b_mfu_needs_palm_convention():
    # Chowdhery et al. 2022 (arXiv:2204.02311): 540B parameters, 118 layers, 48 heads of
    # 256, context 2,048, 238.3K tokens/s on 6,144 TPU v4 chips of 275 TFLOPS (bf16, Google
    # Cloud's TPU v4 page); reported MFU 46.2%. Only the PaLM count reproduces it.
    def mfu(**kwargs):
        flops = training_flops(540e9, 1, **kwargs)
        return flops * 238.3e3 / (6144 * 275e12)

    shape = dict(seq_len=2048, n_layers=118, d_model=48 * 256)
    assert round(mfu(**shape, attention="palm"), 3) == 0.462
    assert round(mfu(**shape, attention="kaplan"), 3) == 0.459
    assert round(mfu(), 3) == 0.457


def test_model_flops_per_token_of_an_architecture():
    arch = preset("llama-3-8b")
    n = arch.parameter_count()
    assert model_flops_per_token(arch) == 2 * n
    # GQA shrinks K and V but not the query-key products: 32 heads of 128 per layer.
    assert model_flops_per_token(arch, 1000, attention="kaplan") == 2 * n + 2 * 32 * 4096 * 1000
    assert model_flops_per_token(arch, 1000) == 2 * n + 2 * 32 * 8192 * 1000
    assert model_flops_per_token(arch, 1000, training=True) == 3 * model_flops_per_token(arch, 1000)
    # A mixture-of-experts model computes with its active parameters only.
    mixtral = preset("mixtral-8x7b")
    assert model_flops_per_token(mixtral) == 2 * mixtral.active_parameter_count()
    assert model_flops_per_token(mixtral) < 0.3 * 2 * mixtral.parameter_count()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: training_flops(1, 1, attention="chinchilla"), "attention must be one of kaplan"),
        (
            lambda: model_flops_per_token(preset("gpt2-small"), -1),
            "context must be zero or greater",
        ),
        (lambda: model_flops_per_token(preset("gpt2-small"), attention="x"), "attention must be"),
        (lambda: model_flops_per_token(preset("gpt2-small"), training=1), "training must be True"),
    ],
)
def test_conventions_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
