"""Mixture-of-experts and multi-head latent attention architectures against transformers."""

import itertools
import math
import re
import warnings

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from startup_math.params import (
    PARTS,
    DeepseekV3Architecture,
    MixtralArchitecture,
    Qwen3MoeArchitecture,
    preset,
)

SETTINGS = settings(max_examples=25, deadline=None)
MOE_PRESETS = ("mixtral-8x7b", "qwen3-30b-a3b", "qwen3-235b-a22b", "deepseek-v3")


@pytest.fixture(scope="module")
def hf():
    """transformers and torch; the test requirements install them,
    so a broken install fails these cross-checks instead of skipping them."""
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    return transformers, torch


def to_hf(arch) -> tuple[str, str, dict]:
    """The transformers model class, config class and config for an architecture."""
    common = dict(
        vocab_size=arch.vocab_size,
        hidden_size=arch.d_model,
        num_hidden_layers=arch.n_layers,
        num_attention_heads=arch.n_heads,
        num_experts_per_tok=arch.top_k,
        tie_word_embeddings=arch.tie_embeddings,
    )
    if isinstance(arch, MixtralArchitecture):
        return (
            "MixtralForCausalLM",
            "MixtralConfig",
            common
            | dict(
                # MixtralConfig wants an int here; None in the class means n_heads.
                num_key_value_heads=arch.n_kv_heads or arch.n_heads,
                head_dim=arch.head_dim,
                intermediate_size=arch.d_expert,
                num_local_experts=arch.n_experts,
            ),
        )
    if isinstance(arch, Qwen3MoeArchitecture):
        return (
            "Qwen3MoeForCausalLM",
            "Qwen3MoeConfig",
            common
            | dict(
                num_key_value_heads=arch.n_kv_heads,
                head_dim=arch.head_dim,
                moe_intermediate_size=arch.d_expert,
                num_experts=arch.n_experts,
            ),
        )
    return (
        "DeepseekV3ForCausalLM",
        "DeepseekV3Config",
        common
        | dict(
            intermediate_size=arch.d_ff,
            moe_intermediate_size=arch.d_expert,
            n_routed_experts=arch.n_experts,
            n_shared_experts=arch.n_shared_experts,
            first_k_dense_replace=arch.first_k_dense,
            q_lora_rank=arch.q_lora_rank,
            kv_lora_rank=arch.kv_lora_rank,
            qk_nope_head_dim=arch.qk_nope_head_dim,
            qk_rope_head_dim=arch.qk_rope_head_dim,
            v_head_dim=arch.v_head_dim,
            # One expert group: group-limited routing needs n_experts divisible by n_group.
            n_group=1,
            topk_group=1,
        ),
    )


def build(hf, arch, device: str = "meta"):
    transformers, torch = hf
    model_class, config_class, kwargs = to_hf(arch)
    # Token ids inside any small vocabulary keep the config quiet. The eager experts loop
    # runs any size on the CPU (the grouped-matmul kernel wants 16-byte strides).
    config = getattr(transformers, config_class)(
        bos_token_id=0, eos_token_id=0, pad_token_id=0, experts_implementation="eager", **kwargs
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zero-size tensors when n_shared_experts is 0
        with torch.device(device):
            return getattr(transformers, model_class)(config)


def count(model) -> int:
    # .parameters() yields a tied (shared) tensor once and skips buffers, such as
    # DeepSeek-V3's e_score_correction_bias.
    return sum(p.numel() for p in model.parameters())


def active_from_model(model) -> int:
    """Active parameters read off the built model's fused expert tensors."""
    top_k = model.config.num_experts_per_tok
    skipped = 0
    for name, module in model.named_modules():
        if name.endswith("mlp.experts"):
            per_expert = (module.gate_up_proj.numel() + module.down_proj.numel()) // (
                module.num_experts
            )
            skipped += (module.num_experts - top_k) * per_expert
    return count(model) - skipped


@st.composite
def mixtral_archs(draw):
    kv_heads = draw(st.integers(1, 3))
    heads = kv_heads * draw(st.integers(1, 3))
    n_experts = draw(st.integers(1, 6))
    # None: head size d_model / n_heads; else any even size (rotary needs it even).
    head_dim = draw(st.none() | st.sampled_from([2, 4, 6, 8]))
    return MixtralArchitecture(
        vocab_size=draw(st.integers(1, 300)),
        d_model=heads * 2 * draw(st.integers(1, 4)),
        n_layers=draw(st.integers(1, 3)),
        n_heads=heads,
        n_kv_heads=draw(st.sampled_from([kv_heads, None])) if kv_heads == heads else kv_heads,
        head_dim=head_dim,
        d_expert=draw(st.integers(1, 32)),
        n_experts=n_experts,
        top_k=draw(st.integers(1, n_experts)),
        tie_embeddings=draw(st.booleans()),
    )


@st.composite
def qwen3_moe_archs(draw):
    kv_heads = draw(st.integers(1, 3))
    n_experts = draw(st.integers(1, 6))
    return Qwen3MoeArchitecture(
        vocab_size=draw(st.integers(1, 300)),
        # Any width: Qwen3 sets the head size explicitly.
        d_model=draw(st.integers(1, 40)),
        n_layers=draw(st.integers(1, 3)),
        n_heads=kv_heads * draw(st.integers(1, 3)),
        n_kv_heads=kv_heads,
        head_dim=2 * draw(st.integers(1, 5)),
        d_expert=draw(st.integers(1, 32)),
        n_experts=n_experts,
        top_k=draw(st.integers(1, n_experts)),
        tie_embeddings=draw(st.booleans()),
    )


@st.composite
def deepseek_archs(draw):
    n_layers = draw(st.integers(1, 4))
    n_experts = draw(st.integers(1, 6))
    return DeepseekV3Architecture(
        vocab_size=draw(st.integers(1, 300)),
        d_model=draw(st.integers(1, 40)),
        n_layers=n_layers,
        n_heads=draw(st.integers(1, 4)),
        d_ff=draw(st.integers(1, 48)),
        d_expert=draw(st.integers(1, 16)),
        n_experts=n_experts,
        top_k=draw(st.integers(1, n_experts)),
        n_shared_experts=draw(st.integers(0, 2)),
        first_k_dense=draw(st.integers(0, n_layers)),
        q_lora_rank=draw(st.none() | st.integers(1, 16)),
        kv_lora_rank=draw(st.integers(1, 16)),
        qk_nope_head_dim=draw(st.integers(1, 8)),
        qk_rope_head_dim=2 * draw(st.integers(1, 4)),
        v_head_dim=draw(st.integers(1, 8)),
        tie_embeddings=draw(st.booleans()),
    )


any_moe_arch = st.one_of(mixtral_archs(), qwen3_moe_archs(), deepseek_archs())


@SETTINGS
@given(mixtral_archs())
def test_mixtral_count_equals_transformers(hf, arch):
    model = build(hf, arch)
    assert arch.parameter_count() == count(model)
    assert arch.active_parameter_count() == active_from_model(model)


@SETTINGS
@given(qwen3_moe_archs())
def test_qwen3_moe_count_equals_transformers(hf, arch):
    model = build(hf, arch)
    assert arch.parameter_count() == count(model)
    assert arch.active_parameter_count() == active_from_model(model)


@SETTINGS
@given(deepseek_archs())
def test_deepseek_v3_count_equals_transformers(hf, arch):
    model = build(hf, arch)
    assert arch.parameter_count() == count(model)
    assert arch.active_parameter_count() == active_from_model(model)


@pytest.mark.parametrize("name", MOE_PRESETS)
def test_presets_equal_models_built_from_their_configs(hf, name):
    arch = preset(name)
    model = build(hf, arch)
    assert arch.parameter_count() == count(model)
    assert arch.active_parameter_count() == active_from_model(model)
    if name == "deepseek-v3":
        # transformers builds the 61 main layers only, not the MTP module (layer 61 of the
        # checkpoint), and keeps the routing bias as a buffer: 58 MoE layers x 256 experts.
        assert len(model.model.layers) == 61
        bias = [b for n, b in model.named_buffers() if n.endswith("e_score_correction_bias")]
        assert sum(b.numel() for b in bias) == 58 * 256 == 14_848


# Exact counts of the presets, each equal to the model transformers 5.23 builds from the
# published config (test above).
EXACT = {
    # Total 46,702,792,704 and active 12,879,925,248 with embeddings and head: Mistral AI,
    # "Mixtral of experts" (2023-12-11): "46.7B total parameters but only uses 12.9B
    # parameters per token". Jiang et al. 2024, arXiv:2401.04088, abstract: "47B" and
    # "13B active parameters".
    "mixtral-8x7b": (46_702_792_704, 12_879_925_248),
    # Qwen3-30B-A3B model card (Hugging Face, Qwen/Qwen3-30B-A3B-Instruct-2507, same
    # architecture): "30.5B in total and 3.3B activated", "Non-Embedding: 29.9B".
    "qwen3-30b-a3b": (30_532_122_624, 3_353_032_704),
    # Qwen3-235B-A22B model card (Hugging Face, Qwen/Qwen3-235B-A22B): "235B in total and
    # 22B activated".
    "qwen3-235b-a22b": (235_093_634_560, 22_190_763_520),
    # DeepSeek-AI 2024, arXiv:2412.19437, abstract: "671B total parameters with 37B
    # activated for each token".
    "deepseek-v3": (671_026_404_352, 37_552_282_624),
}


@pytest.mark.parametrize("name", list(EXACT))
def test_exact_counts(name):
    total, active = EXACT[name]
    assert preset(name).parameter_count() == total
    assert preset(name).active_parameter_count() == active


def test_mixtral_published_figures():
    arch = preset("mixtral-8x7b")
    # 46.7B total, 12.9B per token (Mistral AI 2023), rounded to 0.1B.
    assert round(arch.parameter_count() / 1e9, 1) == 46.7
    assert round(arch.active_parameter_count() / 1e9, 1) == 12.9
    # The 12.9B includes the embeddings and the head: without the input embedding it
    # would be 12.7B, without the head too 12.6B.
    embeddings = arch.parameter_breakdown()["embeddings"]
    assert round((arch.active_parameter_count() - embeddings) / 1e9, 1) == 12.7
    # The paper's abstract rounds to whole billions: 47B and 13B.
    assert round(arch.parameter_count() / 1e9) == 47
    assert round(arch.active_parameter_count() / 1e9) == 13


def test_qwen3_30b_a3b_published_figures():
    arch = preset("qwen3-30b-a3b")
    # 30.5B total, 29.9B non-embedding (embedding and untied head left out).
    assert round(arch.parameter_count() / 1e9, 1) == 30.5
    assert round(arch.non_embedding_parameter_count() / 1e9, 1) == 29.9
    # "3.3B activated": 3.353B with embedding and head, written with its last digit
    # dropped; without the input embedding it would be 3.04B, so the card counts it.
    assert 3.3e9 <= arch.active_parameter_count() < 3.4e9
    embeddings = arch.parameter_breakdown()["embeddings"]
    assert 3.0e9 <= arch.active_parameter_count() - embeddings < 3.1e9


def test_deepseek_v3_published_figures():
    arch = preset("deepseek-v3")
    # 671B total (arXiv:2412.19437): the main model, MTP module excluded.
    assert round(arch.parameter_count() / 1e9) == 671
    # "37B activated": 37.55B with embedding and head, 36.63B without the input embedding.
    # README_WEIGHTS.md (github.com/deepseek-ai/DeepSeek-V3) gives 36.7B "including 0.9B
    # for Embedding and 0.9B for the output Head"; our count is 851,443,712 (2.3%) higher,
    # exactly 58 MoE layers x 7168 x 2048, one expert matrix per layer; we could not find
    # where the difference comes from.
    active = arch.active_parameter_count()
    assert 37e9 <= active < 38e9
    breakdown = arch.parameter_breakdown()
    assert round(breakdown["embeddings"] / 1e9, 1) == round(breakdown["lm_head"] / 1e9, 1) == 0.9
    assert active - 36_700_838_912 == 58 * 7168 * 2048 == 851_443_712


def test_deepseek_v3_mla_cache_is_576_elements_per_layer():
    # DeepSeek-V2 (arXiv:2405.04434, Table 1): MLA caches (d_c + d_h^R) l elements per
    # token; DeepSeek-V3 has d_c = kv_lora_rank = 512 and d_h^R = qk_rope_head_dim = 64.
    arch = preset("deepseek-v3")
    assert arch.kv_lora_rank + arch.qk_rope_head_dim == 576
    assert arch.kv_cache_bytes_per_token("bf16") == 61 * 576 * 2 == 70_272
    assert arch.kv_cache_bytes_per_token("int8") == 61 * 576
    # Per-head keys (128 x 192) and values (128 x 128), if they were cached instead.
    layers, qk_width, v_width = arch.attention_score_dims()
    assert (layers, qk_width, v_width) == (61, 128 * 192, 128 * 128)
    assert (qk_width + v_width) // 576 == 71


def test_mla_smaller_than_llama_3_70b_gqa():
    # Llama 3 70B: 80 layers x 8 KV heads x 128 x (K and V) x 2 bytes = 327,680 bytes.
    llama = preset("llama-3-70b").kv_cache_bytes_per_token("bf16")
    assert llama == 80 * 8 * 128 * 2 * 2 == 327_680
    assert llama / preset("deepseek-v3").kv_cache_bytes_per_token("bf16") == pytest.approx(
        4.663, abs=1e-3
    )


def cache_elements_per_token(hf, arch) -> int:
    """Elements transformers' cache holds per token, all layers, after a short prompt."""
    _, torch = hf
    torch.manual_seed(0)
    model = build(hf, arch, device="cpu").eval()
    tokens = 5
    ids = torch.randint(0, arch.vocab_size, (1, tokens))
    with torch.no_grad():
        cache = model(ids, use_cache=True).past_key_values
    total = 0
    for layer in cache.layers:
        for tensor in (layer.keys, layer.values):
            batch, heads, length, width = tensor.shape
            assert (batch, length) == (1, tokens)
            total += heads * width
    return total


@settings(max_examples=10, deadline=None)
@given(any_moe_arch)
def test_kv_cache_equals_what_transformers_caches(hf, arch):
    # transformers 5.23's DeepseekV3Attention caches the compressed latent, as MLA
    # engines do; Mixtral and Qwen3-MoE cache keys and values of the KV heads.
    # DeepSeek's router scores each expert group by its top two experts, so running the
    # model (not just building it) needs at least two experts.
    assume(not isinstance(arch, DeepseekV3Architecture) or arch.n_experts >= 2)
    elements = cache_elements_per_token(hf, arch)
    assert arch.kv_cache_bytes_per_token("fp32") == 4 * elements
    assert arch.kv_cache_bytes_per_token() == 2 * elements


@pytest.mark.parametrize(
    "arch",
    [
        MixtralArchitecture(
            vocab_size=50, d_model=16, n_layers=2, n_heads=4, d_expert=8, n_experts=4, top_k=2
        ),
        Qwen3MoeArchitecture(
            vocab_size=50,
            d_model=12,
            n_layers=2,
            n_heads=4,
            n_kv_heads=2,
            head_dim=6,
            d_expert=8,
            n_experts=4,
            top_k=2,
        ),
    ],
)
def test_gqa_kv_cache_dims_agree_with_bytes(arch):
    layers, kv_heads, head_dim = arch.kv_cache_dims()
    assert arch.kv_cache_bytes_per_token("fp16") == 2 * layers * kv_heads * head_dim * 2


def test_deepseek_has_no_kv_cache_dims():
    # MLA caches a latent, not keys and values per head: callers use
    # kv_cache_bytes_per_token() instead.
    assert not hasattr(preset("deepseek-v3"), "kv_cache_dims")


@SETTINGS
@given(any_moe_arch)
def test_breakdown_has_every_part_and_sums_to_total(arch):
    breakdown = arch.parameter_breakdown()
    assert tuple(breakdown) == PARTS
    assert sum(breakdown.values()) == arch.parameter_count()
    assert breakdown["pooler"] == 0
    # Routed experts are what a token partly skips.
    assert arch.parameter_count() - arch.active_parameter_count() <= breakdown["experts"]


@SETTINGS
@given(any_moe_arch, st.integers(1, 200))
def test_parameters_read_between_active_and_total(arch, tokens):
    read = arch.parameters_read(tokens)
    assert arch.parameters_read(1) == pytest.approx(arch.active_parameter_count(), rel=1e-12)
    assert arch.active_parameter_count() * (1 - 1e-12) <= read
    assert read <= arch.parameter_count() * (1 + 1e-12)
    assert arch.parameters_read(tokens + 1) >= read * (1 - 1e-12)


def test_parameters_read_matches_exhaustive_enumeration():
    # 4 experts, top-2, 3 tokens: average the distinct experts over all C(4, 2)^3 equally
    # likely choices and compare with E (1 - (1 - k/E)^T) = 4 (1 - 1/8) = 3.5.
    arch = MixtralArchitecture(
        vocab_size=10, d_model=8, n_layers=2, n_heads=2, d_expert=4, n_experts=4, top_k=2
    )
    choices = list(itertools.combinations(range(4), 2))
    outcomes = list(itertools.product(choices, repeat=3))
    distinct = sum(len(set().union(*picks)) for picks in outcomes) / len(outcomes)
    assert distinct == 3.5
    per_expert = 3 * 8 * 4
    expected = arch.parameter_count() - 2 * (4 - distinct) * per_expert
    assert arch.parameters_read(3) == pytest.approx(expected, rel=1e-15)


def test_parameters_read_at_large_batch_nears_total():
    arch = preset("deepseek-v3")
    # 256 experts, top-8: after 1,000 tokens an expert stays unread with probability
    # (1 - 8/256)^1000, about 1.6e-14.
    assert arch.parameters_read(1000) == pytest.approx(arch.parameter_count(), rel=1e-12)
    share = arch.parameters_read(64) / arch.parameter_count()
    assert 0.85 < share < 0.88


@pytest.mark.parametrize("tokens", [0, -1, 1.0, True, "8", None])
def test_parameters_read_rejects_bad_tokens(tokens):
    kind = type(tokens).__name__
    message = (
        f"tokens must be greater than zero, got {tokens!r}"
        if kind == "int"
        else f"tokens must be an integer, got {kind} {tokens!r}"
    )
    with pytest.raises(ValueError, match=re.escape(message)):
        preset("mixtral-8x7b").parameters_read(tokens)


def test_kv_cache_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="unknown dtype 'fp6'"):
        preset("deepseek-v3").kv_cache_bytes_per_token("fp6")


def mixtral(**overrides):
    kwargs = dict(vocab_size=100, d_model=32, n_layers=2, n_heads=4, d_expert=64, n_experts=8)
    return MixtralArchitecture(**(dict(kwargs, top_k=2) | overrides))


def qwen3(**overrides):
    kwargs = dict(vocab_size=100, d_model=32, n_layers=2, n_heads=4, n_kv_heads=2, head_dim=8)
    return Qwen3MoeArchitecture(**(dict(kwargs, d_expert=16, n_experts=8, top_k=2) | overrides))


def deepseek(**overrides):
    kwargs = dict(vocab_size=100, d_model=32, n_layers=4, n_heads=4, d_ff=64, d_expert=16)
    kwargs |= dict(n_experts=8, top_k=2, n_shared_experts=1, first_k_dense=1)
    kwargs |= dict(kv_lora_rank=16, qk_nope_head_dim=8, qk_rope_head_dim=4, v_head_dim=8)
    return DeepseekV3Architecture(**(kwargs | overrides))


@pytest.mark.parametrize(
    ("factory", "overrides", "message"),
    [
        (mixtral, {"vocab_size": 0}, "vocab_size must be greater than zero, got 0"),
        (mixtral, {"d_model": 32.0}, "d_model must be an integer, got float 32.0"),
        (mixtral, {"n_layers": -1}, "n_layers must be greater than zero, got -1"),
        (mixtral, {"n_heads": True}, "n_heads must be an integer, got bool True"),
        (mixtral, {"d_expert": 0}, "d_expert must be greater than zero, got 0"),
        (mixtral, {"n_experts": "8"}, "n_experts must be an integer, got str '8'"),
        (mixtral, {"top_k": 0}, "top_k must be greater than zero, got 0"),
        (mixtral, {"top_k": 9}, "top_k (9) must be at most n_experts (8)"),
        (mixtral, {"n_kv_heads": 0}, "n_kv_heads must be greater than zero, got 0"),
        (mixtral, {"n_kv_heads": 3}, "n_kv_heads (3) must divide n_heads (4) exactly"),
        (mixtral, {"head_dim": 0}, "head_dim must be greater than zero, got 0"),
        (mixtral, {"d_model": 30}, "n_heads (4) must divide d_model (30) exactly"),
        (mixtral, {"tie_embeddings": 0}, "tie_embeddings must be True or False, got int 0"),
        (qwen3, {"vocab_size": None}, "vocab_size must be an integer, got NoneType None"),
        (qwen3, {"d_model": 0}, "d_model must be greater than zero, got 0"),
        (qwen3, {"n_layers": 0}, "n_layers must be greater than zero, got 0"),
        (qwen3, {"n_heads": 0}, "n_heads must be greater than zero, got 0"),
        (qwen3, {"n_kv_heads": None}, "n_kv_heads must be an integer, got NoneType None"),
        (qwen3, {"n_kv_heads": 3}, "n_kv_heads (3) must divide n_heads (4) exactly"),
        (qwen3, {"head_dim": None}, "head_dim must be an integer, got NoneType None"),
        (qwen3, {"d_expert": -2}, "d_expert must be greater than zero, got -2"),
        (qwen3, {"n_experts": 0}, "n_experts must be greater than zero, got 0"),
        (qwen3, {"top_k": 2.5}, "top_k must be an integer, got float 2.5"),
        (qwen3, {"top_k": 9}, "top_k (9) must be at most n_experts (8)"),
        (qwen3, {"tie_embeddings": "yes"}, "tie_embeddings must be True or False, got str"),
        (deepseek, {"vocab_size": 0}, "vocab_size must be greater than zero, got 0"),
        (deepseek, {"d_model": -1}, "d_model must be greater than zero, got -1"),
        (deepseek, {"n_layers": 0}, "n_layers must be greater than zero, got 0"),
        (deepseek, {"n_heads": 0}, "n_heads must be greater than zero, got 0"),
        (deepseek, {"d_ff": 0}, "d_ff must be greater than zero, got 0"),
        (deepseek, {"d_expert": 0}, "d_expert must be greater than zero, got 0"),
        (deepseek, {"n_experts": 0}, "n_experts must be greater than zero, got 0"),
        (deepseek, {"top_k": 0}, "top_k must be greater than zero, got 0"),
        (deepseek, {"top_k": 9}, "top_k (9) must be at most n_experts (8)"),
        (deepseek, {"n_shared_experts": -1}, "n_shared_experts must be zero or greater, got -1"),
        (deepseek, {"n_shared_experts": 1.0}, "n_shared_experts must be an integer, got float"),
        (deepseek, {"first_k_dense": -1}, "first_k_dense must be zero or greater, got -1"),
        (deepseek, {"first_k_dense": False}, "first_k_dense must be an integer, got bool False"),
        (deepseek, {"first_k_dense": 5}, "first_k_dense (5) must be at most n_layers (4)"),
        (deepseek, {"kv_lora_rank": 0}, "kv_lora_rank must be greater than zero, got 0"),
        (deepseek, {"qk_nope_head_dim": 0}, "qk_nope_head_dim must be greater than zero, got 0"),
        (deepseek, {"qk_rope_head_dim": 0}, "qk_rope_head_dim must be greater than zero, got 0"),
        (deepseek, {"v_head_dim": None}, "v_head_dim must be an integer, got NoneType None"),
        (deepseek, {"q_lora_rank": 0}, "q_lora_rank must be greater than zero, got 0"),
        (deepseek, {"tie_embeddings": None}, "tie_embeddings must be True or False"),
    ],
)
def test_rejects_bad_architecture(factory, overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        factory(**overrides)


def test_moe_classes_take_keywords_only():
    with pytest.raises(TypeError):
        MixtralArchitecture(100, 32, 2, 4, 64, 8, 2)  # type: ignore[misc]


def test_deepseek_edge_cases_build():
    # All layers dense: no routed experts are skipped, active equals total.
    dense = deepseek(first_k_dense=4)
    assert dense.active_parameter_count() == dense.parameter_count()
    assert dense.parameter_breakdown()["experts"] == dense.parameter_breakdown()["router"] == 0
    # No shared expert, direct query projection.
    plain = deepseek(n_shared_experts=0, q_lora_rank=None)
    assert plain.parameter_breakdown()["mlp"] == 1 * 3 * 32 * 64
    assert math.isclose(plain.parameters_read(1), plain.active_parameter_count())
