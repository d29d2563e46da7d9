"""The general Decoder, and the open-weight presets of 2025-2026 against transformers 5.23.

Each preset is built from its config (tests/startup_math/configs/<preset>.json, its source
in the "_source" key) with transformers' own classes on the meta device, and every count
must be exact. Small random models of each attention kind then run on the CPU, so that
their caches can be measured against ``kv_cache_bytes``.
"""

import json
import math
import re
import warnings
from pathlib import Path

import pytest

from startup_math import run_command
from startup_math.params import (
    ACTIVE_CONVENTIONS,
    GQA,
    MLA,
    PARTS,
    CompressedMQA,
    Decoder,
    DenseMLP,
    GatedDeltaNet,
    Indexer,
    Layer,
    ModelCard,
    MoE,
    preset,
    published_range,
)

CONFIGS = Path(__file__).parent / "configs"
NEW = tuple(sorted(path.stem for path in CONFIGS.glob("*.json")))

# The transformers class of the whole multimodal model, where the card counts its vision
# encoder (the presets are the text models only).
MULTIMODAL = {
    "qwen3.5-397b-a17b": "Qwen3_5MoeForConditionalGeneration",
    "qwen3.5-35b-a3b": "Qwen3_5MoeForConditionalGeneration",
    "kimi-k2.5": "Kimi_K25ForConditionalGeneration",
    "llama-4-scout": "Llama4ForConditionalGeneration",
    "llama-4-maverick": "Llama4ForConditionalGeneration",
}

# Total, active per token as this package counts it (embedding and head included), and
# active as the model card counts it: each equal to the model transformers 5.23 builds
# (tests below); the card figures are on each preset's ModelCard.
EXACT = {
    "gpt-oss-120b": (116_829_156_672, 5_711_982_912, 5_132_849_472),
    "gpt-oss-20b": (20_914_757_184, 4_187_440_704, 3_608_307_264),
    "deepseek-v4-pro": (1_572_997_179_491, 49_779_058_787, 48_852_379_747),
    "deepseek-v4-flash": (284_332_230_231, 13_799_622_231, 13_270_091_351),
    "qwen3.5-397b-a17b": (396_346_350_336, 17_349_040_896, 17_349_040_896),
    "qwen3.5-35b-a3b": (34_660_610_688, 3_454_988_928, 3_454_988_928),
    "kimi-k2.5": (1_026_408_209_408, 32_861_477_888, 31_687_072_768),
    "glm-5": (743_911_199_232, 41_784_709_632, 39_881_544_192),
    "llama-4-scout": (107_769_861_120, 17_172_894_720, 17_172_894_720),
    "llama-4-maverick": (400_711_848_960, 17_184_691_200, 17_184_691_200),
}

# Multi-token-prediction modules, which transformers 5.23 does not build. For GLM-5.1 (the
# config used for GLM-5), Qwen3.5-35B-A3B and DeepSeek-V4-Pro, the element count of the
# published checkpoint, from a third-party listing of its tensors with FP4 unpacked,
# equals the built model (plus its vision encoder, plus the routers' bias buffers) plus
# this much; the other two are built the same way, unchecked.
MTP = {
    "deepseek-v4-pro": 25_840_145_595,
    "deepseek-v4-flash": 6_610_048_635,
    "qwen3.5-397b-a17b": 6_595_568_128,
    "qwen3.5-35b-a3b": 844_640_768,
    "glm-5": 9_952_920_320,
}


@pytest.fixture(scope="module")
def hf():
    """transformers and torch; the test requirements install them,
    so a broken install fails these cross-checks instead of skipping them."""
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    return transformers, torch


def load_config(hf, name: str, **text_overrides):
    """The published config of a preset, as transformers parses it."""
    transformers, _ = hf
    data = json.loads((CONFIGS / f"{name}.json").read_text())
    del data["_source"]
    # How the checkpoint stores its weights (MXFP4, FP8, INT4), not their number; left in,
    # from_config would set up a quantizer.
    data.pop("quantization_config", None)
    data.get("text_config", data).update(text_overrides)
    return transformers.AutoConfig.for_model(data.pop("model_type"), **data)


def text_config(config):
    return getattr(config, "text_config", None) or config


def build(hf, config, model_class: str | None = None):
    transformers, torch = hf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with torch.device("meta"):
            if model_class is None:
                return transformers.AutoModelForCausalLM.from_config(text_config(config))
            return getattr(transformers, model_class)(config)


def count(model) -> int:
    # .parameters() yields a tied tensor once and skips buffers (routing biases, tid2eid).
    return sum(p.numel() for p in model.parameters())


def unused_experts(model, top_k: int) -> int:
    """Weights of the routed experts one token skips, read off the fused expert tensors."""
    skipped = 0
    for name, module in model.named_modules():
        if name.endswith(".experts"):
            tensors = list(module.parameters())
            n_experts = tensors[0].shape[0]
            assert all(t.shape[0] == n_experts for t in tensors), name
            skipped += sum(t.numel() for t in tensors) // n_experts * (n_experts - top_k)
    return skipped


def test_every_config_has_a_preset_and_a_source():
    assert set(NEW) == set(EXACT)
    for name in NEW:
        data = json.loads((CONFIGS / f"{name}.json").read_text())
        assert len(data["_source"]) > 80, name
        assert isinstance(preset(name), Decoder) and preset(name).card is not None


@pytest.mark.parametrize("name", NEW)
def test_preset_equals_the_model_transformers_builds(hf, name):
    config = load_config(hf, name)
    model = build(hf, config)
    arch = preset(name)
    total = count(model)
    assert arch.parameter_count() == total
    top_k = text_config(config).num_experts_per_tok
    assert arch.active_parameter_count() == total - unused_experts(model, top_k)
    assert arch.n_layers == len(model.model.layers)
    assert arch.max_context == text_config(config).max_position_embeddings
    assert (total, arch.active_parameter_count(), arch.card_parameter_counts()[1]) == EXACT[name]


@pytest.mark.parametrize("name", sorted(MULTIMODAL))
def test_vision_encoder_is_the_rest_of_the_multimodal_model(hf, name):
    config = load_config(hf, name)
    whole = count(build(hf, config, MULTIMODAL[name]))
    assert whole - preset(name).parameter_count() == preset(name).card.vision_parameters


@pytest.mark.parametrize("name", NEW)
def test_counts_round_to_the_model_card(name):
    arch = preset(name)
    card = arch.card
    total, active = arch.card_parameter_counts()
    low, high = published_range(card.total)
    assert low <= total < high, (total, card.total)
    low, high = published_range(card.active)
    assert low <= active < high, (active, card.active)
    if card.active_leaves_out:
        # Counted with embedding and head, the active count would not match the card.
        assert not low <= arch.active_parameter_count() < high


def test_card_conventions_by_publisher():
    leaves_out = {name: preset(name).card.active_leaves_out for name in NEW}
    assert {name for name, parts in leaves_out.items() if parts == ("embeddings",)} == {
        "gpt-oss-120b",
        "gpt-oss-20b",
        "deepseek-v4-pro",
        "deepseek-v4-flash",
        "kimi-k2.5",
    }
    assert leaves_out["glm-5"] == ("embeddings", "lm_head")
    assert preset("glm-5").card.convention == ACTIVE_CONVENTIONS[("embeddings", "lm_head")]
    # Qwen's "A17B" and "A3B" and Meta's "17B" count the embedding and the head.
    for name in ("qwen3.5-397b-a17b", "qwen3.5-35b-a3b", "llama-4-scout", "llama-4-maverick"):
        assert leaves_out[name] == ()
    # Qwen3.5-397B's "397B" counts its vision encoder: the text model alone is 396.3B.
    assert round(preset("qwen3.5-397b-a17b").parameter_count() / 1e9) == 396


def mtp_block(hf, name: str) -> tuple[int, int]:
    """Parameters of the MTP module's block as transformers builds it, and d_model."""
    if name.startswith("deepseek-v4"):
        # compress_ratios' last entry, 0: the MTP block attends a window only.
        overrides = dict(num_hidden_layers=1, compress_ratios=[0], mlp_layer_types=["moe"])
    elif name == "glm-5":
        overrides = dict(num_hidden_layers=1, first_k_dense_replace=0)
    else:
        overrides = dict(num_hidden_layers=1, layer_types=["full_attention"])
    config = load_config(hf, name, **overrides)
    model = build(hf, config)
    return count(model.model.layers[0]), text_config(config).hidden_size


@pytest.mark.parametrize("name", sorted(MTP))
def test_mtp_module_is_a_block_a_projection_and_norms(hf, name):
    arch = preset(name)
    assert arch.mtp_parameter_count() == MTP[name]
    assert len(arch.mtp) == 1 and arch.mtp_active_parameter_count() < MTP[name]
    block, d = mtp_block(hf, name)
    # The checkpoints' MTP tensors: the block, a projection of [embedding; hidden state]
    # (2d -> d: eh_proj, mtp.fc, or DeepSeek-V4's e_proj and h_proj), three RMSNorms and,
    # in DeepSeek-V4, a hyper-connection head (hc_fn 4 x 4d, hc_base 4, hc_scale 1).
    head = 4 * 4 * d + 4 + 1 if name.startswith("deepseek-v4") else 0
    assert MTP[name] == block + 2 * d * d + 3 * d + head


def test_presets_without_mtp_say_so():
    for name in ("gpt-oss-120b", "gpt-oss-20b", "kimi-k2.5", "llama-4-scout", "llama-4-maverick"):
        assert preset(name).mtp == () and preset(name).mtp_parameter_count() == 0


# -- the KV cache against what transformers caches ------------------------------------------


def cached_elements(hf, model, vocab_size: int, tokens: int) -> int:
    """Elements transformers' cache holds after a prompt of ``tokens`` tokens."""
    _, torch = hf
    torch.manual_seed(0)
    ids = torch.randint(0, vocab_size, (1, tokens))
    with torch.no_grad():
        cache = model(ids, use_cache=True).past_key_values
    seen: dict[int, int] = {}

    def visit(value):
        if isinstance(value, torch.Tensor) and value.dim() >= 2:
            seen[id(value)] = value.numel()  # DeepSeek-V4's values are its keys
        elif isinstance(value, dict):
            for item in value.values():
                visit(item)

    for layer in cache.layers:
        for value in vars(layer).values():
            visit(value)
    return sum(seen.values())


def cached_less(arch: Decoder, tokens: int) -> int:
    """Elements transformers 5.23 holds fewer than ``kv_cache_bytes`` counts (or more).

    A window of W keeps W - 1 tokens between steps (W during one, which we count), and
    DeepSeek-V4's window-only layers store their K = V vector twice, as keys and values.
    """
    fewer = 0
    for layer in arch.layers:
        attention = layer.attention
        if isinstance(attention, GQA):
            span = attention.window or attention.chunk
            if span is not None and span <= tokens:
                fewer += 2 * attention.n_kv_heads * attention.head_dim
        elif isinstance(attention, CompressedMQA):
            if attention.window <= tokens:
                fewer += attention.head_dim
            if not attention.compress_rate:
                fewer -= attention.head_dim * min(tokens, attention.window - 1)
    return fewer


TINY_COMMON = dict(vocab_size=64, bos_token_id=0, eos_token_id=0, pad_token_id=0)


def tiny_gpt_oss():
    config = dict(
        model_type="gpt_oss",
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        num_local_experts=4,
        num_experts_per_tok=2,
        intermediate_size=16,
        sliding_window=4,
        layer_types=["sliding_attention", "full_attention"],
    )
    full = GQA(n_heads=4, n_kv_heads=2, head_dim=8, bias=True, sinks=True)
    experts = MoE(n_experts=4, top_k=2, d_expert=16, bias=True)
    sliding = GQA(n_heads=4, n_kv_heads=2, head_dim=8, window=4, bias=True, sinks=True)
    layers = (Layer(sliding, experts), Layer(full, experts))
    return config, Decoder(vocab_size=64, d_model=32, layers=layers)


def tiny_llama_4():
    config = dict(
        model_type="llama4_text",
        hidden_size=32,
        num_hidden_layers=4,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        intermediate_size=16,
        intermediate_size_mlp=24,
        num_local_experts=4,
        num_experts_per_tok=1,
        attention_chunk_size=4,
        interleave_moe_layer_step=2,
    )
    chunked = GQA(n_heads=4, n_kv_heads=2, head_dim=8, chunk=4)
    experts = MoE(n_experts=4, top_k=1, d_expert=16, n_shared_experts=1)
    dense = DenseMLP(d_ff=24)
    layers = (
        Layer(chunked, dense),
        Layer(chunked, experts),
        Layer(chunked, dense),
        Layer(GQA(n_heads=4, n_kv_heads=2, head_dim=8), experts),  # global, no RoPE
    )
    return config, Decoder(vocab_size=64, d_model=32, layers=layers)


def tiny_qwen3_5():
    config = dict(
        model_type="qwen3_5_moe_text",
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        layer_types=["linear_attention", "full_attention"],
        linear_num_key_heads=2,
        linear_num_value_heads=4,
        linear_key_head_dim=8,
        linear_value_head_dim=6,
        linear_conv_kernel_dim=4,
        num_experts=4,
        num_experts_per_tok=2,
        moe_intermediate_size=8,
        shared_expert_intermediate_size=8,
    )
    linear = GatedDeltaNet(
        n_key_heads=2, n_value_heads=4, key_head_dim=8, value_head_dim=6, conv_kernel=4
    )
    full = GQA(n_heads=4, n_kv_heads=2, head_dim=8, qk_norm=True, output_gate=True)
    experts = MoE(n_experts=4, top_k=2, d_expert=8, n_shared_experts=1, shared_gate=True)
    layers = (Layer(linear, experts), Layer(full, experts))
    return config, Decoder(vocab_size=64, d_model=32, layers=layers)


def tiny_glm_dsa():
    config = dict(
        model_type="glm_moe_dsa",
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        q_lora_rank=16,
        kv_lora_rank=8,
        qk_nope_head_dim=6,
        qk_rope_head_dim=4,
        v_head_dim=5,
        index_n_heads=2,
        index_head_dim=8,
        index_topk=4,
        n_routed_experts=4,
        num_experts_per_tok=2,
        moe_intermediate_size=8,
        intermediate_size=16,
        first_k_dense_replace=1,
        n_group=1,
        topk_group=1,
    )
    attention = MLA(
        n_heads=4,
        kv_lora_rank=8,
        qk_nope_head_dim=6,
        qk_rope_head_dim=4,
        v_head_dim=5,
        q_lora_rank=16,
        indexer=Indexer(n_heads=2, head_dim=8, top_k=4),
    )
    experts = MoE(n_experts=4, top_k=2, d_expert=8, n_shared_experts=1)
    layers = (Layer(attention, DenseMLP(d_ff=16)), Layer(attention, experts))
    return config, Decoder(vocab_size=64, d_model=32, layers=layers)


def tiny_deepseek_v4():
    config = dict(
        model_type="deepseek_v4",
        hidden_size=64,
        num_hidden_layers=3,
        num_attention_heads=4,
        head_dim=32,
        q_lora_rank=16,
        o_groups=2,
        o_lora_rank=8,
        index_n_heads=2,
        index_head_dim=16,
        index_topk=2,
        qk_rope_head_dim=8,
        compress_rates={"compressed_sparse_attention": 4, "heavily_compressed_attention": 8},
        sliding_window=8,
        layer_types=[
            "sliding_attention",
            "compressed_sparse_attention",
            "heavily_compressed_attention",
        ],
        mlp_layer_types=["hash_moe", "moe", "moe"],
        n_routed_experts=4,
        num_experts_per_tok=2,
        moe_intermediate_size=16,
        hc_mult=2,
    )
    shape = CompressedMQA(
        n_heads=4, head_dim=32, q_lora_rank=16, o_groups=2, o_lora_rank=8, window=8
    )
    csa = CompressedMQA(
        n_heads=4,
        head_dim=32,
        q_lora_rank=16,
        o_groups=2,
        o_lora_rank=8,
        window=8,
        compress_rate=4,
        indexer=Indexer(n_heads=2, head_dim=16, top_k=2),
    )
    hca = CompressedMQA(
        n_heads=4, head_dim=32, q_lora_rank=16, o_groups=2, o_lora_rank=8, window=8, compress_rate=8
    )
    experts = MoE(n_experts=4, top_k=2, d_expert=16, n_shared_experts=1)
    layers = (Layer(shape, experts), Layer(csa, experts), Layer(hca, experts))
    return config, Decoder(vocab_size=64, d_model=64, layers=layers, hyper_connections=2)


TINY = {
    "sliding window (gpt-oss)": tiny_gpt_oss,
    "chunked attention (Llama 4)": tiny_llama_4,
    "Gated DeltaNet (Qwen3.5)": tiny_qwen3_5,
    "MLA with a DSA indexer (GLM-5)": tiny_glm_dsa,
    "compressed attention (DeepSeek-V4)": tiny_deepseek_v4,
}


def tiny_model(hf, config: dict):
    transformers, torch = hf
    # The eager experts loop runs any size on the CPU.
    config = transformers.AutoConfig.for_model(
        **TINY_COMMON, experts_implementation="eager", **config
    )
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return transformers.AutoModelForCausalLM.from_config(config).eval()


@pytest.mark.parametrize("kind", list(TINY))
def test_small_models_count_and_cache_as_transformers(hf, kind):
    config, arch = TINY[kind]()
    model = tiny_model(hf, config)
    assert arch.parameter_count() == count(model)
    top_k = model.config.num_experts_per_tok
    assert arch.active_parameter_count() == count(model) - unused_experts(model, top_k)
    # Prompts shorter than every window and compression rate, and longer than them, with
    # a compression window left half full.
    for tokens in (3, 5, 10, 19):
        held = cached_elements(hf, model, 64, tokens)
        assert arch.kv_cache_bytes(tokens, "fp32") == 4 * (held + cached_less(arch, tokens))
        bound = arch.kv_cache_fixed_bytes("fp32") + tokens * arch.kv_cache_bytes_per_token("fp32")
        assert arch.kv_cache_bytes(tokens, "fp32") <= bound


# -- the KV cache of the presets ------------------------------------------------------------


def test_gpt_oss_cache_grows_in_the_full_layers_only():
    arch = preset("gpt-oss-120b")
    per_layer = 2 * 8 * 64 * 2  # K and V, 8 KV heads of 64, bf16
    assert arch.kv_cache_bytes_per_token() == 18 * per_layer == 36_864
    assert arch.kv_cache_fixed_bytes() == 18 * 128 * per_layer
    assert arch.kv_cache_bytes(131_072) == 18 * (131_072 + 128) * per_layer


def test_llama_4_chunks_and_global_layers():
    arch = preset("llama-4-scout")
    per_layer = 2 * 8 * 128 * 2
    assert arch.kv_cache_bytes_per_token() == 12 * per_layer  # every 4th layer is global
    assert arch.kv_cache_fixed_bytes() == 36 * 8192 * per_layer
    # At 1M tokens the chunked layers hold 1.2 GB, the global ones 51.5 GB.
    assert arch.kv_cache_bytes(1_000_000) == (12 * 1_000_000 + 36 * 8192) * per_layer


def test_qwen3_5_linear_layers_hold_a_fixed_state():
    arch = preset("qwen3.5-35b-a3b")
    assert arch.kv_cache_bytes_per_token() == 10 * 2 * 2 * 256 * 2  # 10 full layers
    state = 32 * 128 * 128 + (2 * 16 * 128 + 32 * 128) * 4  # recurrent + convolution
    assert arch.kv_cache_fixed_bytes() == 30 * state * 2
    assert arch.kv_cache_bytes(1) == 30 * state * 2 + 20_480


def test_mla_caches_the_latent_and_glm_the_indexer_key():
    assert preset("kimi-k2.5").kv_cache_bytes_per_token() == 61 * (512 + 64) * 2 == 70_272
    assert preset("glm-5").kv_cache_bytes_per_token() == 78 * (512 + 64 + 128) * 2 == 109_824
    assert preset("glm-5").kv_cache_fixed_bytes() == 0


def test_deepseek_v4_caches_compressed_entries():
    arch = preset("deepseek-v4-pro")
    # 30 CSA layers: one 512 entry and one 128 indexer key per 4 tokens; 31 HCA layers:
    # one 512 entry per 128 tokens. 9,848 bytes per token at bf16, 7 x less than
    # DeepSeek-V3's 70,272.
    assert arch.kv_cache_bytes_per_token() == (30 * (512 + 128) / 4 + 31 * 512 / 128) * 2
    assert arch.kv_cache_bytes_per_token() == 9_848
    # At 1M tokens: 10.3 GB of entries, 61 windows of 128 tokens, and the 30 CSA
    # compressors' overlap (4 tokens of key-value and gate, compressor and indexer).
    million = arch.kv_cache_bytes(1_048_576)
    assert million == 1_048_576 * 9_848 + 61 * 128 * 512 * 2 + 30 * 2 * 4 * (512 + 128) * 2
    assert million <= arch.kv_cache_fixed_bytes() + 1_048_576 * 9_848


@pytest.mark.parametrize("name", NEW)
def test_cache_bounds_and_growth(name):
    arch = preset(name)
    per_token, fixed = arch.kv_cache_bytes_per_token(), arch.kv_cache_fixed_bytes()
    for tokens in (0, 1, 100, 127, 128, 129, 8_192, 100_000, 1_000_003):
        assert 0 <= arch.kv_cache_bytes(tokens) <= fixed + tokens * per_token
    # Not monotonic token by token (a compressor's buffer empties when its window
    # closes), but growing over a long sequence, by per_token a token.
    growth = arch.kv_cache_bytes(2_000_000) - arch.kv_cache_bytes(1_000_000)
    assert growth == pytest.approx(1_000_000 * per_token, abs=fixed)
    assert arch.kv_cache_bytes(0) == 0
    assert arch.kv_cache_bytes(1000.5, "fp8") == pytest.approx(arch.kv_cache_bytes(1000.5) / 2)


# -- attention work, tensor parallelism, commands ---------------------------------------------


def test_attention_scores_follow_the_windows():
    gpt_oss = preset("gpt-oss-20b")
    width = 64 * 64
    qk, v = gpt_oss.attention_scores(10_000)
    assert qk == v == 12 * width * 10_000 + 12 * width * 128
    qwen = preset("qwen3.5-35b-a3b")
    assert qwen.attention_scores(50_000) == (10 * 16 * 256 * 50_000,) * 2  # full layers only
    glm_qk, glm_v = preset("glm-5").attention_scores(100_000)
    assert glm_v == 78 * 64 * 256 * 2048  # the indexer's top 2048 tokens
    assert glm_qk == 78 * (64 * 256 * 2048 + 32 * 128 * 100_000)  # plus the indexer's scores
    with pytest.raises(ValueError, match="use attention_scores"):
        gpt_oss.attention_score_dims()
    assert preset("kimi-k2.5").attention_score_dims() == (61, 64 * 192, 64 * 128)


def test_tensor_parallel_checks_every_kind_of_head():
    assert preset("deepseek-v4-pro").check_tensor_parallel(16) == 16
    assert preset("qwen3.5-397b-a17b").check_tensor_parallel(16) == 16
    with pytest.raises(ValueError, match=r"gpus \(32\) must divide linear-attention key heads"):
        preset("qwen3.5-397b-a17b").check_tensor_parallel(32, "gpus")
    with pytest.raises(ValueError, match=r"gpus \(3\) must divide n_heads \(40\)"):
        preset("llama-4-scout").check_tensor_parallel(3, "gpus")
    assert preset("llama-4-scout").check_tensor_parallel(40) == 40  # 8 KV heads copied


@pytest.mark.parametrize("name", NEW)
def test_params_command_shows_the_cards_way(name):
    rows = {row.key: row.value for row in run_command("params", {"preset": name})}
    arch = preset(name)
    total, active = arch.card_parameter_counts()
    assert rows["total"] == arch.parameter_count() and rows["active"] == EXACT[name][1]
    assert rows["card"] == f"{arch.card.total} total, {arch.card.active} active"
    assert rows.get("active_card", active) == active
    assert ("active_card" in rows) == bool(arch.card.active_leaves_out)
    assert rows.get("total_card", total) == total
    assert ("vision" in rows) == (name in MULTIMODAL)
    assert rows.get("mtp", 0) == MTP.get(name, 0)


def test_params_command_adds_nothing_to_older_presets():
    rows = [row.key for row in run_command("params", {"preset": "deepseek-v3"})]
    assert rows == [*PARTS, "total", "active", "non_embedding"]


def test_serving_holds_the_windows_not_every_token():
    inputs = {
        "preset": "gpt-oss-120b",
        "gpu": "H100-SXM",
        "gpus_per_replica": "4",
        "weight_dtype": "fp8",
        "price": "2",
        "prompt_tokens": "8000",
        "output_tokens": "1000",
        "kv_dtype": "bf16",
    }
    rows = {row.key: row.value for row in run_command("serve", inputs)}
    assert rows["kv_bytes_per_sequence"] == preset("gpt-oss-120b").kv_cache_bytes(8500)
    assert rows["kv_bytes_per_sequence"] == 18 * (8500 + 128) * 2048
    memory = {
        row.key: row.value
        for row in run_command("memory", {"preset": "qwen3.5-35b-a3b", "seq_len": "1000"})
    }
    assert memory["kv_cache_fixed_bytes"] == preset("qwen3.5-35b-a3b").kv_cache_fixed_bytes("fp16")
    assert memory["kv_cache_bytes"] == preset("qwen3.5-35b-a3b").kv_cache_bytes(1000, "fp16")


# -- the description itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: GQA(n_heads=4, n_kv_heads=3, head_dim=8), "n_kv_heads (3) must divide n_heads"),
        (lambda: GQA(n_heads=4, n_kv_heads=2, head_dim=8, window=4, chunk=4), "window or chunk"),
        (lambda: GQA(n_heads=4, n_kv_heads=2, head_dim=0), "head_dim must be greater than zero"),
        (
            lambda: MLA(
                n_heads=2,
                kv_lora_rank=4,
                qk_nope_head_dim=2,
                qk_rope_head_dim=2,
                v_head_dim=2,
                indexer=Indexer(n_heads=1, head_dim=2, top_k=1),
            ),
            "an indexer needs q_lora_rank",
        ),
        (
            lambda: CompressedMQA(
                n_heads=4, head_dim=32, q_lora_rank=8, o_groups=3, o_lora_rank=8, window=8
            ),
            "o_groups (3) must divide",
        ),
        (
            lambda: CompressedMQA(
                n_heads=4,
                head_dim=32,
                q_lora_rank=8,
                o_groups=2,
                o_lora_rank=8,
                window=8,
                indexer=Indexer(n_heads=1, head_dim=2, top_k=1),
            ),
            "an indexer needs compress_rate",
        ),
        (
            lambda: GatedDeltaNet(
                n_key_heads=3, n_value_heads=4, key_head_dim=8, value_head_dim=8, conv_kernel=4
            ),
            "n_key_heads (3) must divide",
        ),
        (lambda: MoE(n_experts=4, top_k=5, d_expert=8), "top_k (5) must be at most n_experts"),
        (lambda: MoE(n_experts=4, top_k=2, d_expert=8, bias=1), "bias must be True or False"),
        (lambda: Layer(DenseMLP(d_ff=8), DenseMLP(d_ff=8)), "attention must be an attention"),
        (lambda: Decoder(vocab_size=10, d_model=8, layers=()), "at least one Layer"),
        (lambda: Decoder(vocab_size=10, d_model=8, layers=[]), "layers must be a tuple"),
        (lambda: ModelCard(total="1.6 T", active="49B", source="x"), "looks like '117B'"),
        (
            lambda: ModelCard(total="1T", active="49B", source="x", active_leaves_out=("lm_head",)),
            "active_leaves_out must be one of",
        ),
    ],
)
def test_rejects_bad_descriptions(build, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        build()


def test_published_range_is_half_the_last_digit():
    assert published_range("117B") == (116.5e9, 117.5e9)
    low, high = published_range("1.6T")
    assert math.isclose(low, 1.55e12) and math.isclose(high, 1.65e12)


def test_card_counts_need_a_card():
    bare = Decoder(
        vocab_size=10,
        d_model=8,
        layers=(Layer(GQA(n_heads=2, n_kv_heads=1, head_dim=4), DenseMLP(d_ff=8)),),
    )
    with pytest.raises(ValueError, match="no model card"):
        bare.card_parameter_counts()
    # One dense layer: attention 8x8 + 2 (8x4) + 8x8, MLP 3 x 8 x 8, norms, embedding, head.
    assert bare.parameter_count() == (64 + 64 + 64) + 192 + 2 * 8 + 8 + 2 * 80
    assert bare.attention_score_dims() == (1, 8, 8)
