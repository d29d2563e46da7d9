import contextlib
import io
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startup_math.activations import activation_bytes
from startup_math.memory import training_memory
from startup_math.parallel import ZERO_STAGES, GPUMemory, memory_per_gpu, zero_model_state
from startup_math.params import preset

SETTINGS = settings(max_examples=50, deadline=None)
params = st.floats(min_value=1.0, max_value=1e13, allow_nan=False, allow_infinity=False)
gpus = st.integers(min_value=1, max_value=4096)

LLAMA_2_7B = preset("llama-2-7b")
PSI_7B = LLAMA_2_7B.parameter_count()  # 6,738,415,616
# DeepSpeed's largest layer: the module with the most parameters of its own, the
# 32000 x 4096 embedding (the untied LM head has the same size).
LARGEST_7B = LLAMA_2_7B.vocab_size * LLAMA_2_7B.d_model


# --- the ZeRO paper -------------------------------------------------------------------


def test_zero_figure_1():
    # Rajbhandari et al. 2020, "ZeRO", arXiv:1910.02054, Figure 1: Psi = 7.5B, K = 12,
    # Nd = 64 gives 120 GB, 31.4 GB, 16.6 GB and 1.9 GB per GPU. Exact values: 120,
    # 31.40625, 16.640625, 1.875; errors 0%, +0.02%, +0.24%, -1.3%, all the figure's
    # rounding to one decimal.
    exact = {0: 120.0, 1: 31.40625, 2: 16.640625, 3: 1.875}
    printed = {0: 120, 1: 31.4, 2: 16.6, 3: 1.9}
    for stage in ZERO_STAGES:
        total = zero_model_state(7.5e9, stage, 64).total / 1e9
        assert total == pytest.approx(exact[stage], rel=1e-12)
        assert round(total, 1) == printed[stage]


def test_zero_section_5_formulas():
    # Section 5: (2 + 2 + K) Psi, 2Psi + 2Psi + K Psi/Nd, 2Psi + (2 + K) Psi/Nd, (2 + 2 + K) Psi/Nd.
    psi, nd, k = 1024.0, 16, 12
    assert zero_model_state(psi, 0, nd).total == (2 + 2 + k) * psi
    assert zero_model_state(psi, 1, nd).total == 2 * psi + 2 * psi + k * psi / nd
    assert zero_model_state(psi, 2, nd).total == 2 * psi + (2 + k) * psi / nd
    assert zero_model_state(psi, 3, nd).total == (2 + 2 + k) * psi / nd


def test_breakdown_by_stage():
    m = zero_model_state(64.0, 2, 4)
    assert m.as_dict() == {
        "weights": 128,
        "gradients": 32,
        "optimizer_state": 192,
        "activations": 0,
        "model_state": 352,
        "total": 352,
    }


def test_stage_0_single_gpu_is_training_memory():
    # Same 16 bytes per parameter as memory.training_memory (ZeRO, section 3.1).
    for n in (1.5e9, 7.5e9, PSI_7B):
        assert zero_model_state(n, 0, 1).total == training_memory(n).total
        m = memory_per_gpu(n, n_layers=32, d_model=4096, n_heads=32, seq_len=1)
        assert m.model_state == training_memory(n).total


@SETTINGS
@given(st.integers(1, 10**6), gpus)
def test_stage_3_is_16_psi_over_n_exactly(k, n):
    psi = k * n  # a whole number of parameters per GPU keeps the floats exact
    assert zero_model_state(psi, 3, n).total == 16 * psi / n == 16 * k


@SETTINGS
@given(params, gpus)
def test_stage_3_is_16_psi_over_n(psi, n):
    assert zero_model_state(psi, 3, n).total == pytest.approx(16 * psi / n, rel=1e-12)


@SETTINGS
@given(params, st.sampled_from(ZERO_STAGES), gpus, st.integers(2, 64))
def test_more_gpus_never_need_more_memory(psi, stage, n, factor):
    fewer = zero_model_state(psi, stage, n).total
    more = zero_model_state(psi, stage, n * factor).total
    if stage == 0:
        assert more == fewer  # plain data parallelism copies everything
    else:
        assert more < fewer


@SETTINGS
@given(params, gpus)
def test_higher_stage_never_needs_more_memory(psi, n):
    totals = [zero_model_state(psi, stage, n).total for stage in ZERO_STAGES]
    assert totals == sorted(totals, reverse=True)
    if n == 1:
        assert len(set(totals)) == 1  # sharding over one GPU changes nothing


@SETTINGS
@given(params, st.sampled_from(ZERO_STAGES), gpus)
def test_fp32_gradients_add_4_bytes_sharded_from_stage_1(psi, stage, n):
    plain = zero_model_state(psi, stage, n)
    ds = zero_model_state(psi, stage, n, fp32_gradients=True)
    expected = 4 * psi if stage == 0 else 4 * psi / n
    assert ds.gradients - plain.gradients == pytest.approx(expected, rel=1e-9)
    assert (ds.weights, ds.optimizer_state) == (plain.weights, plain.optimizer_state)


def test_optimizer_bytes_per_param():
    # K = 4 (for instance fp32 master weights only) instead of 12.
    assert zero_model_state(10.0, 0, 1, optimizer_bytes_per_param=4).total == 80
    assert zero_model_state(10.0, 1, 2, optimizer_bytes_per_param=0).total == 40


# --- tensor, pipeline and data parallelism together -----------------------------------


@SETTINGS
@given(
    params,
    st.sampled_from(ZERO_STAGES),
    st.sampled_from([1, 2, 4, 8, 16]),
    st.sampled_from([1, 2, 4, 8]),
    st.sampled_from([1, 2, 4, 8, 16, 32]),
)
def test_tensor_and_pipeline_split_the_parameters(psi, stage, d, t, p):
    m = memory_per_gpu(
        psi,
        n_layers=32,
        d_model=4096,
        n_heads=32,
        seq_len=4096,
        data_parallel=d,
        tensor_parallel=t,
        pipeline_parallel=p,
        zero_stage=stage,
    )
    state = zero_model_state(psi / (t * p), stage, d)
    assert (m.weights, m.gradients, m.optimizer_state) == (
        state.weights,
        state.gradients,
        state.optimizer_state,
    )
    assert m.total == m.model_state + m.activations
    # With ZeRO-3, the whole state is spread evenly over all d t p GPUs.
    if stage == 3:
        assert m.model_state == pytest.approx(16 * psi / (d * t * p), rel=1e-12)


def test_activations_per_gpu():
    kw = {"n_layers": 32, "d_model": 4096, "n_heads": 32, "seq_len": 4096, "micro_batch": 2}
    m = memory_per_gpu(PSI_7B, tensor_parallel=4, pipeline_parallel=4, recompute="selective", **kw)
    assert m.activations == activation_bytes(
        4096, 2, 4096, 32, 32, tensor_parallel=4, recompute="selective", pipeline_parallel=4
    )
    # 1F1B: the first stage holds p micro-batches of L/p layers, as much as without a pipeline.
    no_pipe = memory_per_gpu(PSI_7B, tensor_parallel=4, recompute="selective", **kw)
    assert m.activations == no_pipe.activations
    few = memory_per_gpu(
        PSI_7B, pipeline_parallel=4, recompute="selective", n_micro_batches=2, **kw
    )
    assert few.activations == memory_per_gpu(PSI_7B, recompute="selective", **kw).activations / 2


def test_seven_b_on_eight_gpus():
    # Llama 2 7B, ZeRO-3 over 8 GPUs: 16 x 6,738,415,616 / 8 = 13.48 GB of model state;
    # full recomputation at 4,096 tokens keeps 2sbh x 32 layers = 1.07 GB.
    m = memory_per_gpu(
        PSI_7B,
        n_layers=32,
        d_model=4096,
        n_heads=32,
        seq_len=4096,
        data_parallel=8,
        zero_stage=3,
        recompute="full",
    )
    assert m.model_state == 2 * PSI_7B
    assert m.activations == 2 * 4096 * 4096 * 32
    assert m.fits(80e9)
    assert not m.fits(m.total - 1)
    assert m.fits(m.total)


def test_fits():
    m = GPUMemory(weights=10, gradients=10, optimizer_state=60, activations=20)
    assert m.total == 100 and m.model_state == 80
    assert m.fits(100) and not m.fits(99)
    assert m.fits(125, usable=0.8) and not m.fits(124, usable=0.8)


# --- DeepSpeed's estimators (deepspeed 0.19.8) ---------------------------------------


@pytest.fixture(scope="module")
def deepspeed_zero():
    """DeepSpeed's ZeRO estimator modules. The test requirements install deepspeed, so a
    broken install fails the cross-checks instead of silently dropping them."""
    from deepspeed.runtime.zero import stage3, stage_1_and_2

    return stage_1_and_2, stage3


@pytest.mark.parametrize(("gpus_per_node", "nodes"), [(1, 1), (8, 1), (8, 4), (8, 16)])
def test_deepspeed_zero2_is_ours_with_fp32_gradients(deepspeed_zero, gpus_per_node, nodes):
    # stage_1_and_2.estimate_zero2_model_states_mem_needs without offload returns
    # 2 Psi + int(18 Psi / N); its comment: 18 = 2 (16-bit grads) + 4 (fp32 grads) +
    # 4 (fp32 weights) + 8 (Adam). The paper's stage 2 is 2 Psi + 14 Psi / N.
    stage_1_and_2, _ = deepspeed_zero
    n = gpus_per_node * nodes
    for psi in (PSI_7B, 7_500_000_000, 1_000_003):
        _, gpu = stage_1_and_2.estimate_zero2_model_states_mem_needs(
            total_params=psi, num_gpus_per_node=gpus_per_node, num_nodes=nodes, cpu_offload=False
        )
        ours = zero_model_state(psi, 2, n, fp32_gradients=True).total
        assert gpu == 2 * psi + int(18 * psi / n)
        assert gpu == math.floor(ours + 1e-6)  # DeepSpeed truncates to whole bytes
        # The difference from the paper is exactly the fp32 gradient shard, 4 Psi / N.
        assert gpu - zero_model_state(psi, 2, n).total == pytest.approx(4 * psi / n, abs=1)


def test_deepspeed_buffer_factor_is_cpu_only(deepspeed_zero):
    # additional_buffer_factor (default 1.5) multiplies the CPU estimate only.
    stage_1_and_2, stage3 = deepspeed_zero
    for factor in (1.0, 1.5, 3.0):
        _, gpu2 = stage_1_and_2.estimate_zero2_model_states_mem_needs(
            PSI_7B, 8, 1, cpu_offload=False, additional_buffer_factor=factor
        )
        _, gpu3, _ = stage3.estimate_zero3_model_states_mem_needs(
            PSI_7B, LARGEST_7B, 8, 1, cpu_offload=False, additional_buffer_factor=factor
        )
        assert gpu2 == 2 * PSI_7B + int(18 * PSI_7B / 8)
        assert gpu3 == 4 * LARGEST_7B + int(18 * PSI_7B / 8)


@pytest.mark.parametrize("n", [1, 8, 64, 512])
def test_deepspeed_zero3_difference_is_a_formula(deepspeed_zero, n):
    # stage3.estimate_zero3_model_states_mem_needs without offload returns
    # 4 x largest_layer_params + int(18 Psi / N): 2 bytes of 16-bit weights plus 16 of
    # fp32 weights, fp32 gradients and Adam, no 16-bit gradient shard (the offload
    # branches keep 2 Psi / N on the GPU and 16 Psi on the CPU). Against the paper's
    # 16 Psi / N that is 2 Psi / N + 4 x largest layer more.
    _, stage3 = deepspeed_zero
    cpu, gpu, largest = stage3.estimate_zero3_model_states_mem_needs(
        PSI_7B, LARGEST_7B, num_gpus_per_node=n, cpu_offload=False
    )
    assert largest == 4 * LARGEST_7B
    ours = zero_model_state(PSI_7B, 3, n).total
    assert gpu - ours == pytest.approx(2 * PSI_7B / n + 4 * LARGEST_7B, abs=1)
    # With the optimizer offloaded (parameters kept), the GPU holds the 16-bit shard only.
    _, offloaded, _ = stage3.estimate_zero3_model_states_mem_needs(
        PSI_7B, LARGEST_7B, num_gpus_per_node=n, cpu_offload=True, cpu_offload_params=False
    )
    assert offloaded == 4 * LARGEST_7B + int(2 * PSI_7B / n)


def test_deepspeed_prints_gib_labelled_gb(deepspeed_zero):
    # The *_all_cold functions print gpu_mem / 2**30 with the unit "GB". For Llama 2 7B on
    # one node of 8 GPUs they print 26.67GB (ZeRO-2) and 14.61GB (ZeRO-3) without offload:
    # snippets/startup/parallel_estimators.py prints the same numbers as GiB.
    stage_1_and_2, stage3 = deepspeed_zero
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        stage_1_and_2.estimate_zero2_model_states_mem_needs_all_cold(PSI_7B, num_gpus_per_node=8)
    row = next(line for line in out.getvalue().splitlines() if "offload_optimizer=none" in line)
    ours2 = zero_model_state(PSI_7B, 2, 8, fp32_gradients=True).total
    assert f"{ours2 / 2**30:6.2f}GB" in row and "26.67GB" in row
    assert f"{ours2 / 1e9:.2f}" == "28.64"  # the same bytes in decimal GB

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        stage3.estimate_zero3_model_states_mem_needs_all_cold(
            PSI_7B, LARGEST_7B, num_gpus_per_node=8
        )
    rows = [line for line in out.getvalue().splitlines() if "offload_optimizer=none" in line]
    ours3 = zero_model_state(PSI_7B, 3, 8).total + 2 * PSI_7B / 8 + 4 * LARGEST_7B
    assert len(rows) == 2 and all(f"{ours3 / 2**30:6.2f}GB" in row for row in rows)
    assert "14.61GB" in rows[0]


# --- models built on the meta device ----------------------------------------------------


@pytest.fixture(scope="module")
def hf():
    """transformers, torch and accelerate; the test requirements install them,
    so a broken install fails these cross-checks instead of skipping them."""
    import accelerate
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    return transformers, torch, accelerate


def llama_2_7b_config(transformers):
    a = LLAMA_2_7B
    return transformers.LlamaConfig(
        vocab_size=a.vocab_size,
        hidden_size=a.d_model,
        intermediate_size=a.d_ff,
        num_hidden_layers=a.n_layers,
        num_attention_heads=a.n_heads,
        num_key_value_heads=a.n_heads,
        bos_token_id=0,
        eos_token_id=0,
        pad_token_id=0,
    )


def test_deepspeed_live_estimator_on_meta_model(hf, deepspeed_zero):
    # stage3.model_to_params (used by the *_all_live functions) de-duplicates parameters
    # by data_ptr(), which is 0 for every tensor on the meta device: the total collapses
    # to one tensor. Hence *_all_cold with the count from params.py. The largest layer,
    # counted module by module, is right: the 131,072,000-parameter embedding.
    transformers, torch, _ = hf
    _, stage3 = deepspeed_zero
    with torch.device("meta"):
        model = transformers.LlamaForCausalLM(llama_2_7b_config(transformers))
    assert sum(p.numel() for p in model.parameters()) == PSI_7B
    total, largest = stage3.model_to_params(model)
    assert largest == LARGEST_7B
    assert total < PSI_7B / 50


def test_accelerate_training_estimate(hf):
    # accelerate.commands.estimate (accelerate 1.16.0): `accelerate estimate-memory` builds
    # AutoModel.from_config on the meta device in fp32 (for a Llama config, LlamaModel,
    # without the LM head), sizes it with calculate_maximum_sizes (parameters and buffers),
    # and reports, for "Training using Adam", max(estimate_training_usage(size, dtype)).
    transformers, torch, accelerate = hf
    from accelerate.commands.estimate import estimate_training_usage
    from accelerate.utils import calculate_maximum_sizes, convert_bytes

    with accelerate.init_empty_weights():
        model = transformers.AutoModel.from_config(
            llama_2_7b_config(transformers), dtype=torch.float32
        )
    assert type(model).__name__ == "LlamaModel"
    base = PSI_7B - LLAMA_2_7B.parameter_breakdown()["lm_head"]  # 6,607,343,616
    assert sum(p.numel() for p in model.parameters()) == base
    size, _ = calculate_maximum_sizes(model)
    buffers = sum(b.numel() * b.element_size() for b in model.buffers())  # rotary inv_freq
    assert size == 4 * base + buffers and buffers < 1024

    mixed = estimate_training_usage(size, "bfloat16")
    psi = size / 4  # accelerate's parameter count, buffers included
    assert mixed == {"model": 4 * psi, "gradients": 6 * psi, "optimizer": 8 * psi, "step": 8 * psi}
    assert estimate_training_usage(size, "float16") == mixed
    # Against ours with DeepSpeed's fp32 gradients (2 + 6 + 12 = 20 bytes per parameter):
    # its gradients are our 16-bit + fp32 gradients, its model + optimizer our optimizer
    # state (fp32 weights, m, v); our 16-bit weights, 2 bytes, are not counted.
    ours = zero_model_state(psi, 0, 1, fp32_gradients=True)
    assert mixed["gradients"] == ours.gradients
    assert mixed["model"] + mixed["optimizer"] == ours.optimizer_state
    assert mixed["model"] + mixed["gradients"] + mixed["optimizer"] == ours.total - ours.weights
    # The reported figure is the largest part alone, 8 bytes per parameter: half the 16.
    assert max(mixed.values()) == zero_model_state(psi, 0, 1).total / 2
    assert convert_bytes(max(mixed.values())) == "49.23 GB"  # GiB, labelled GB
    assert f"{8 * base / 2**30:.2f}" == "49.23"

    # fp32 training: 4 + 4 + 8 = 16 bytes, the same total as mixed precision's 2 + 2 + 12.
    fp32 = estimate_training_usage(size, "float32")
    assert fp32["model"] + fp32["gradients"] + fp32["optimizer"] == 16 * psi
    assert max(fp32.values()) == fp32["step"] == 16 * psi
    assert convert_bytes(max(fp32.values())) == "98.46 GB"


# --- bad input --------------------------------------------------------------------------

SEVEN_B = {"n_layers": 32, "d_model": 4096, "n_heads": 32, "seq_len": 4096}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: zero_model_state(0, 3, 8), "n_params must be greater than zero, got 0"),
        (lambda: zero_model_state(math.nan, 3, 8), "n_params must be finite, got nan"),
        (lambda: zero_model_state("7B", 3, 8), "n_params must be a number, got str '7B'"),
        (lambda: zero_model_state(7e9, 4, 8), "zero_stage must be 0, 1, 2 or 3, got 4"),
        (lambda: zero_model_state(7e9, -1, 8), "zero_stage must be 0, 1, 2 or 3, got -1"),
        (lambda: zero_model_state(7e9, 2.0, 8), "zero_stage must be 0, 1, 2 or 3, got 2.0"),
        (lambda: zero_model_state(7e9, True, 8), "zero_stage must be 0, 1, 2 or 3, got True"),
        (lambda: zero_model_state(7e9, 3, 0), "data_parallel must be greater than zero, got 0"),
        (lambda: zero_model_state(7e9, 3, 8.0), "data_parallel must be an integer, got float 8.0"),
        (
            lambda: zero_model_state(7e9, 3, 8, optimizer_bytes_per_param=-4),
            "optimizer_bytes_per_param must be zero or greater, got -4",
        ),
        (
            lambda: zero_model_state(7e9, 3, 8, fp32_gradients="yes"),
            "fp32_gradients must be True or False, got str 'yes'",
        ),
        (
            lambda: memory_per_gpu(7e9, tensor_parallel=0, **SEVEN_B),
            "tensor_parallel must be greater than zero, got 0",
        ),
        (
            lambda: memory_per_gpu(7e9, tensor_parallel=3, **SEVEN_B),
            "tensor_parallel (3) must divide n_heads (32) exactly",
        ),
        (
            lambda: memory_per_gpu(7e9, pipeline_parallel=5, **SEVEN_B),
            "pipeline_parallel (5) must divide n_layers (32) exactly",
        ),
        (
            lambda: memory_per_gpu(7e9, data_parallel=-8, **SEVEN_B),
            "data_parallel must be greater than zero, got -8",
        ),
        (
            lambda: memory_per_gpu(7e9, zero_stage=5, **SEVEN_B),
            "zero_stage must be 0, 1, 2 or 3, got 5",
        ),
        (
            lambda: memory_per_gpu(7e9, recompute="all", **SEVEN_B),
            "unknown recompute mode 'all'",
        ),
        (
            lambda: memory_per_gpu(-7e9, **SEVEN_B),
            "n_params must be greater than zero, got -7000000000.0",
        ),
        (
            lambda: GPUMemory(1, 1, 1).fits(0),
            "gpu_memory must be greater than zero, got 0",
        ),
        (
            lambda: GPUMemory(1, 1, 1).fits(80e9, usable=1.2),
            "usable must be greater than zero and at most 1, got 1.2",
        ),
        (
            lambda: GPUMemory(1, 1, 1).fits("80GB"),
            "gpu_memory must be a number, got str '80GB'",
        ),
    ],
)
def test_rejects_bad_input(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()
