import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startup_math.activations import (
    RECOMPUTE_MODES,
    activation_bytes,
    activation_bytes_per_layer,
)

SETTINGS = settings(max_examples=50, deadline=None)

# Korthikanti et al. 2022, arXiv:2205.05198, evaluated models (s = 2048): hidden size, heads.
GPT3_175B = (12288, 96)
MT_NLG_530B = (20480, 128)


def table2(s, b, h, a, t, sp, recompute):
    """Korthikanti et al. 2022, Table 2, written out with exact fractions."""
    sbh = Fraction(s * b * h)
    scores = Fraction(5 * a * s, h * t)
    if recompute == "full":
        return sbh * 2
    if recompute == "selective":
        scores = 0
    if sp:
        return sbh * (Fraction(34, t) + scores)
    return sbh * (10 + Fraction(24, t) + scores)


@st.composite
def shapes(draw):
    """(s, b, h, a, t) with t | a | h, t | s."""
    t = draw(st.sampled_from([1, 2, 4, 8]))
    a = t * draw(st.integers(1, 16))
    h = a * draw(st.sampled_from([32, 64, 128]))
    s = t * draw(st.integers(1, 512))
    b = draw(st.integers(1, 8))
    return s, b, h, a, t


@pytest.mark.parametrize("recompute", RECOMPUTE_MODES)
@pytest.mark.parametrize("sp", [False, True])
@pytest.mark.parametrize("t", [1, 2, 4, 8])
def test_table2_rows(t, sp, recompute):
    s, b, (h, a) = 2048, 1, GPT3_175B
    got = activation_bytes_per_layer(
        s, b, h, a, tensor_parallel=t, sequence_parallel=sp, recompute=recompute
    )
    assert got == table2(s, b, h, a, t, sp, recompute)


@SETTINGS
@given(shapes(), st.booleans(), st.sampled_from(RECOMPUTE_MODES))
def test_table2_any_shape(shape, sp, recompute):
    s, b, h, a, t = shape
    got = activation_bytes_per_layer(
        s, b, h, a, tensor_parallel=t, sequence_parallel=sp, recompute=recompute
    )
    assert isinstance(got, int)
    assert got == table2(s, b, h, a, t, sp, recompute)


def test_no_parallelism_formula():
    # Equation 1: sbh(34 + 5as/h). 7B Llama-sized: s 4096, h 4096, a 32, so 5as/h = 160.
    assert activation_bytes_per_layer(4096, 1, 4096, 32) == 4096 * 4096 * (34 + 160)
    # Full recomputation keeps the layer input only, 2sbh (Table 2, last row).
    assert activation_bytes_per_layer(4096, 1, 4096, 32, recompute="full") == 2 * 4096 * 4096


def test_gpt3_and_mt_nlg_score_term():
    # Korthikanti et al. 2022, section 4: 5as/h = 80 for GPT-3 and 64 for MT-NLG,
    # against 34 for the rest of the layer; selective recomputation saves 70% and 65% of
    # the activation memory. Ours: 80/114 = 70.18% and 64/98 = 65.31% (the paper rounds).
    for (h, a), term, saved in ((GPT3_175B, 80, 0.70), (MT_NLG_530B, 64, 0.65)):
        sbh = 2048 * h
        full = activation_bytes_per_layer(2048, 1, h, a)
        selective = activation_bytes_per_layer(2048, 1, h, a, recompute="selective")
        assert (full - selective) == term * sbh
        assert full == (34 + term) * sbh
        assert round(1 - selective / full, 2) == saved
        # Unchanged with tensor parallelism 8 and sequence parallelism (all divided by t).
        sp = {"tensor_parallel": 8, "sequence_parallel": True}
        full_sp = activation_bytes_per_layer(2048, 1, h, a, **sp)
        selective_sp = activation_bytes_per_layer(2048, 1, h, a, recompute="selective", **sp)
        assert selective_sp / full_sp == pytest.approx(selective / full)


@SETTINGS
@given(shapes(), st.sampled_from(["none", "selective"]))
def test_one_gpu_needs_no_parallel_variants(shape, recompute):
    s, b, h, a, _ = shape
    base = activation_bytes_per_layer(s, b, h, a, recompute=recompute)
    # t = 1: 10 + 24/t = 34, and sequence parallelism over one GPU changes nothing.
    assert activation_bytes_per_layer(s, b, h, a, tensor_parallel=1, recompute=recompute) == base
    assert (
        activation_bytes_per_layer(s, b, h, a, sequence_parallel=True, recompute=recompute) == base
    )


@SETTINGS
@given(shapes(), st.sampled_from(RECOMPUTE_MODES), st.integers(2, 8))
def test_linear_in_micro_batch(shape, recompute, k):
    s, b, h, a, t = shape
    one = activation_bytes_per_layer(s, b, h, a, tensor_parallel=t, recompute=recompute)
    more = activation_bytes_per_layer(s, k * b, h, a, tensor_parallel=t, recompute=recompute)
    assert more == k * one


@SETTINGS
@given(shapes(), st.booleans())
def test_orderings(shape, sp):
    s, b, h, a, t = shape
    kw = {"tensor_parallel": t, "sequence_parallel": sp}
    none = activation_bytes_per_layer(s, b, h, a, **kw)
    selective = activation_bytes_per_layer(s, b, h, a, recompute="selective", **kw)
    full = activation_bytes_per_layer(s, b, h, a, recompute="full", **kw)
    assert none > selective > 0 and none > full > 0
    # Sequence parallelism never adds memory; more tensor parallelism never adds memory.
    no_sp = activation_bytes_per_layer(s, b, h, a, tensor_parallel=t)
    assert (
        activation_bytes_per_layer(s, b, h, a, tensor_parallel=t, sequence_parallel=True) <= no_sp
    )
    if a % (2 * t) == 0:
        assert activation_bytes_per_layer(s, b, h, a, tensor_parallel=2 * t) <= no_sp


@pytest.mark.parametrize("p", [1, 2, 4, 8, 16, 32])
def test_pipeline_first_stage_holds_all_layers(p):
    # 1F1B: p micro-batches of L/p layers on the first stage, L layers in all
    # (Narayanan et al. 2021, arXiv:2104.04473, section 2.2.1; Korthikanti et al. 2022, section 4).
    per_layer = activation_bytes_per_layer(4096, 1, 4096, 32, recompute="selective")
    got = activation_bytes(4096, 1, 4096, 32, 32, recompute="selective", pipeline_parallel=p)
    assert got == 32 * per_layer


@pytest.mark.parametrize(("p", "m", "in_flight"), [(4, 1, 1), (4, 2, 2), (4, 4, 4), (4, 64, 4)])
def test_pipeline_with_few_micro_batches(p, m, in_flight):
    per_layer = activation_bytes_per_layer(2048, 2, 1024, 16)
    got = activation_bytes(2048, 2, 1024, 16, 24, pipeline_parallel=p, n_micro_batches=m)
    assert got == (24 // p) * in_flight * per_layer


def test_no_pipeline_is_layers_times_per_layer():
    per_layer = activation_bytes_per_layer(2048, 1, 12288, 96, tensor_parallel=8)
    assert activation_bytes(2048, 1, 12288, 96, 96, tensor_parallel=8) == 96 * per_layer
    # With one stage, the number of micro-batches does not matter.
    got = activation_bytes(2048, 1, 12288, 96, 96, tensor_parallel=8, n_micro_batches=16)
    assert got == 96 * per_layer


def test_recompute_is_case_insensitive():
    assert activation_bytes_per_layer(1024, 1, 512, 8, recompute="Selective") == (
        activation_bytes_per_layer(1024, 1, 512, 8, recompute="selective")
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: activation_bytes_per_layer(0, 1, 512, 8),
            "seq_len must be greater than zero, got 0",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1.0, 512, 8),
            "micro_batch must be an integer, got float 1.0",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, -512, 8),
            "d_model must be greater than zero, got -512",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, True),
            "n_heads must be an integer, got bool True",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, 7),
            "n_heads (7) must divide d_model (512) exactly",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, 8, tensor_parallel=3),
            "tensor_parallel (3) must divide n_heads (8) exactly",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, 8, tensor_parallel=0),
            "tensor_parallel must be greater than zero, got 0",
        ),
        (
            lambda: activation_bytes_per_layer(
                1026, 1, 512, 8, tensor_parallel=4, sequence_parallel=True
            ),
            "tensor_parallel (4) must divide seq_len (1026) exactly",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, 8, sequence_parallel=1),
            "sequence_parallel must be True or False, got int 1",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, 8, recompute="partial"),
            "unknown recompute mode 'partial': recompute must be one of none, selective, full",
        ),
        (
            lambda: activation_bytes_per_layer(1024, 1, 512, 8, recompute=None),
            "recompute must be a string, got NoneType None",
        ),
        (lambda: activation_bytes(1024, 1, 512, 8, 0), "n_layers must be greater than zero, got 0"),
        (
            lambda: activation_bytes(1024, 1, 512, 8, 30, pipeline_parallel=4),
            "pipeline_parallel (4) must divide n_layers (30) exactly",
        ),
        (
            lambda: activation_bytes(1024, 1, 512, 8, 32, pipeline_parallel=0),
            "pipeline_parallel must be greater than zero, got 0",
        ),
        (
            lambda: activation_bytes(1024, 1, 512, 8, 32, n_micro_batches=0),
            "n_micro_batches must be greater than zero, got 0",
        ),
        (
            lambda: activation_bytes(1024, 1, 512, 8, 32, n_micro_batches=2.5),
            "n_micro_batches must be an integer, got float 2.5",
        ),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
