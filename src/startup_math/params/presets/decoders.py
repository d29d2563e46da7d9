"""The open-weight models of 2025-2026, described layer by layer as a ``Decoder``.

gpt-oss, DeepSeek-V4, Qwen3.5, Kimi K2.5, GLM-5 and Llama 4, with what their publishers
state about their size (``ModelCard``).
"""

from dataclasses import replace

from startup_math.params.attention import GQA, MLA, CompressedMQA, GatedDeltaNet, Indexer
from startup_math.params.cards import ModelCard
from startup_math.params.decoder import Decoder
from startup_math.params.layers import DenseMLP, Layer, MoE

# Each was built with transformers 5.23 on the meta device from the config named in its
# comment; tests/startup_math/test_decoder.py repeats that from the copies in
# tests/startup_math/configs/ and checks every count here against the built model.
# Text models only: the vision encoders of the multimodal ones are a measured number on
# their ModelCard, not modelled.


def _gpt_oss(n_layers: int, n_experts: int, card: ModelCard) -> Decoder:
    """gpt-oss: sliding-window (128 tokens) and full attention alternate, biases, sinks."""
    full = GQA(n_heads=64, n_kv_heads=8, head_dim=64, bias=True, sinks=True)
    experts = MoE(n_experts=n_experts, top_k=4, d_expert=2880, bias=True)
    pair = (Layer(replace(full, window=128), experts), Layer(full, experts))
    return Decoder(
        vocab_size=201088,
        d_model=2880,
        layers=pair * (n_layers // 2),
        max_context=131072,
        card=card,
    )


def _deepseek_v4(
    *,
    d_model: int,
    n_heads: int,
    q_lora_rank: int,
    o_groups: int,
    n_experts: int,
    d_expert: int,
    index_top_k: int,
    compress_ratios: tuple[int, ...],
    card: ModelCard,
) -> Decoder:
    """DeepSeek-V4: layers by ``compress_ratios`` (0 window only, 4 CSA, 128 HCA)."""
    shape = CompressedMQA(
        n_heads=n_heads,
        head_dim=512,
        q_lora_rank=q_lora_rank,
        o_groups=o_groups,
        o_lora_rank=1024,
        window=128,
    )
    indexer = Indexer(n_heads=64, head_dim=128, top_k=index_top_k)
    experts = MoE(n_experts=n_experts, top_k=6, d_expert=d_expert, n_shared_experts=1)
    kinds = {
        0: Layer(shape, experts),
        4: Layer(replace(shape, compress_rate=4, indexer=indexer), experts),
        128: Layer(replace(shape, compress_rate=128), experts),
    }
    return Decoder(
        vocab_size=129280,
        d_model=d_model,
        layers=tuple(kinds[ratio] for ratio in compress_ratios),
        max_context=1048576,
        hyper_connections=4,
        mtp=(kinds[0],),  # the config's last compress_ratios entry: window only
        card=card,
    )


def _qwen3_5(
    *,
    d_model: int,
    n_layers: int,
    n_heads: int,
    n_value_heads: int,
    n_experts: int,
    top_k: int,
    d_expert: int,
    card: ModelCard,
) -> Decoder:
    """Qwen3.5: three Gated DeltaNet layers, then one gated full-attention layer."""
    full = GQA(n_heads=n_heads, n_kv_heads=2, head_dim=256, qk_norm=True, output_gate=True)
    linear = GatedDeltaNet(
        n_key_heads=16,
        n_value_heads=n_value_heads,
        key_head_dim=128,
        value_head_dim=128,
        conv_kernel=4,
    )
    experts = MoE(
        n_experts=n_experts, top_k=top_k, d_expert=d_expert, n_shared_experts=1, shared_gate=True
    )
    block = (Layer(linear, experts),) * 3 + (Layer(full, experts),)  # full_attention_interval 4
    return Decoder(
        vocab_size=248320,
        d_model=d_model,
        layers=block * (n_layers // 4),
        max_context=262144,
        mtp=(Layer(full, experts),),
        card=card,
    )


def _llama_4(*, n_experts: int, moe_step: int, max_context: int, card: ModelCard) -> Decoder:
    """Llama 4: chunked attention, every 4th layer global (no RoPE); MoE every moe_step."""
    chunked = GQA(n_heads=40, n_kv_heads=8, head_dim=128, chunk=8192)
    experts = MoE(
        n_experts=n_experts, top_k=1, d_expert=8192, n_shared_experts=1, linear_router=True
    )
    layers = tuple(
        Layer(
            replace(chunked, chunk=None) if i % 4 == 3 else chunked,
            experts if i % moe_step == moe_step - 1 else DenseMLP(d_ff=16384),
        )
        for i in range(48)
    )
    return Decoder(
        vocab_size=202048, d_model=5120, layers=layers, max_context=max_context, card=card
    )


_KIMI_MLA = MLA(
    n_heads=64,
    kv_lora_rank=512,
    qk_nope_head_dim=128,
    qk_rope_head_dim=64,
    v_head_dim=128,
    q_lora_rank=1536,
)
_GLM_5_MLA = MLA(
    n_heads=64,
    kv_lora_rank=512,
    qk_nope_head_dim=192,
    qk_rope_head_dim=64,
    v_head_dim=256,
    q_lora_rank=2048,
    indexer=Indexer(n_heads=32, head_dim=128, top_k=2048),
)
_GLM_5_MOE = MoE(n_experts=256, top_k=8, d_expert=2048, n_shared_experts=1, legacy_names=True)
_KIMI_MOE = MoE(n_experts=384, top_k=8, d_expert=2048, n_shared_experts=1, legacy_names=True)

DECODER_PRESETS = {
    # OpenAI 2025, "gpt-oss-120b & gpt-oss-20b Model Card"; "openai/gpt-oss-120b" config.json
    # RECONSTRUCTED, not read: the gpt-oss-20b file below with 36 layers, 128 experts and 36
    # alternating layer_types, as openai/gpt-oss's gpt_oss/torch/model.py defaults give
    # them (commit 7b58334): hidden_size 2880, 64 heads, 8 KV heads, head_dim 64,
    # sliding_window 128, 4 experts per token, vocab_size 201088, max_position_embeddings
    # 131072. The expert weights ship in MXFP4 (about 4.25 bits each), the rest in BF16.
    "gpt-oss-120b": _gpt_oss(
        36,
        128,
        ModelCard(
            total="117B",
            active="5.1B",
            active_leaves_out=("embeddings",),
            source="openai/gpt-oss README.md (GitHub, commit 7b58334): "
            "'117B parameters with 5.1B active parameters'",
        ),
    ),
    # "openai/gpt-oss-20b" config.json, copied verbatim in a third-party report of the
    # checkpoint (its tensor list adds up to this count): 24 layers, 32 experts.
    "gpt-oss-20b": _gpt_oss(
        24,
        32,
        ModelCard(
            total="21B",
            active="3.6B",
            active_leaves_out=("embeddings",),
            source="openai/gpt-oss README.md (GitHub): "
            "'21B parameters with 3.6B active parameters'",
        ),
    ),
    # DeepSeek-AI 2026, DeepSeek-V4 (preview); "deepseek-ai/DeepSeek-V4-Pro" config.json,
    # copied verbatim in a third-party report of the checkpoint (its tensor list adds up to
    # this count plus the MTP module): hidden_size 7168, 61 layers, 128 heads, head_dim
    # 512, q_lora_rank 1536, o_groups 16, o_lora_rank 1024, 384 experts of 3072, 6 per
    # token, 1 shared, index_topk 1024, hc_mult 4; the first 3 layers route by a hash of
    # the token (same counts). Not modelled: the precisions DeepSeek's kernels store the
    # cache in (every element counts at the cache's dtype).
    "deepseek-v4-pro": _deepseek_v4(
        d_model=7168,
        n_heads=128,
        q_lora_rank=1536,
        o_groups=16,
        n_experts=384,
        d_expert=3072,
        index_top_k=1024,
        compress_ratios=(128, 128) + (4, 128) * 29 + (4,),
        card=ModelCard(
            total="1.6T",
            active="49B",
            active_leaves_out=("embeddings",),
            source="DeepSeek-V4 model card, read in a copy: "
            "'DeepSeek-V4-Pro with 1.6T parameters (49B activated)'",
        ),
    ),
    # "deepseek-ai/DeepSeek-V4-Flash" config.json, copied verbatim in a third-party report
    # (its tensor list was partial): hidden_size 4096, 43 layers, 64 heads, q_lora_rank
    # 1024, o_groups 8, 256 experts of 2048, index_topk 512.
    "deepseek-v4-flash": _deepseek_v4(
        d_model=4096,
        n_heads=64,
        q_lora_rank=1024,
        o_groups=8,
        n_experts=256,
        d_expert=2048,
        index_top_k=512,
        compress_ratios=(0, 0) + (4, 128) * 20 + (4,),
        card=ModelCard(
            total="284B",
            active="13B",
            active_leaves_out=("embeddings",),
            source="DeepSeek-V4 model card, read in a copy: "
            "'DeepSeek-V4-Flash with 284B parameters (13B activated)'",
        ),
    ),
    # Qwen Team 2026, Qwen3.5; "Qwen/Qwen3.5-397B-A17B" config.json RECONSTRUCTED, not
    # read: the Qwen3.5-35B-A3B structure with the values several third-party
    # transcriptions of the file agree on: hidden_size 4096, 60 layers, 32 heads, 2 KV
    # heads, head_dim 256, 64 linear-attention value heads, 512 experts of 1024, 10 per
    # token, vocab_size 248320. Text model only (Qwen3_5MoeForCausalLM); the card's total
    # counts the vision encoder too.
    "qwen3.5-397b-a17b": _qwen3_5(
        d_model=4096,
        n_layers=60,
        n_heads=32,
        n_value_heads=64,
        n_experts=512,
        top_k=10,
        d_expert=1024,
        card=ModelCard(
            total="397B",
            active="17B",
            vision_parameters=456_010_480,
            source="Qwen3.5 model card as quoted by SGLang's Qwen3.5 cookbook: "
            "'397B total parameters, 17B activated'",
        ),
    ),
    # "Qwen/Qwen3.5-35B-A3B" config as transformers 5.7 parsed it (not the raw file), in a
    # third-party report of the checkpoint whose tensor list adds up to this count plus
    # the vision encoder and the MTP module: hidden_size 2048, 40 layers, 16 heads, 32
    # linear-attention value heads, 256 experts of 512, 8 per token. Text model only.
    "qwen3.5-35b-a3b": _qwen3_5(
        d_model=2048,
        n_layers=40,
        n_heads=16,
        n_value_heads=32,
        n_experts=256,
        top_k=8,
        d_expert=512,
        card=ModelCard(
            total="35B",
            active="3B",
            vision_parameters=446_571_248,
            source="NVIDIA Megatron-Bridge Qwen3.5 documentation: "
            "'35B total parameters, 3B activated per token'",
        ),
    ),
    # Moonshot AI 2026, Kimi K2.5; "moonshotai/Kimi-K2.5" config as transformers 5.7 parsed
    # it (not the raw file), in a third-party report of the checkpoint whose tensor list
    # adds up to this count plus the vision encoder: a DeepSeek-V3 text model
    # (text_config) of hidden_size 7168, 61 layers (1 dense), 64 heads, 384 experts, 8
    # per token, 1 shared, vocab_size 163840, max_position_embeddings 262144, no MTP
    # layer. Text model only. Routed experts ship in INT4.
    "kimi-k2.5": Decoder(
        vocab_size=163840,
        d_model=7168,
        layers=(Layer(_KIMI_MLA, DenseMLP(d_ff=18432)),) + (Layer(_KIMI_MLA, _KIMI_MOE),) * 60,
        max_context=262144,
        card=ModelCard(
            total="1T",
            active="32B",
            active_leaves_out=("embeddings",),
            vision_parameters=471_143_920,
            source="Kimi K2.5 model card table, read in third-party copies: "
            "'Total Parameters 1T, Activated Parameters 32B'",
        ),
    ),
    # Z.ai 2026, GLM-5 (arXiv:2602.15763); "zai-org/GLM-5" config.json RECONSTRUCTED, not
    # read: the GLM-5.1 config.json, copied verbatim in a third-party report of that
    # checkpoint (its tensor list adds up to this count plus the MTP layer), which the
    # zai-org/GLM-5 README gives the same "744B-A40B" shape: hidden_size 6144, 78 layers
    # (3 dense), 64 heads, MLA with a DSA indexer (32 heads of 128, top 2048), 256
    # experts of 2048, 8 per token, 1 shared, vocab_size 154880.
    "glm-5": Decoder(
        vocab_size=154880,
        d_model=6144,
        layers=(Layer(_GLM_5_MLA, DenseMLP(d_ff=12288)),) * 3
        + (Layer(_GLM_5_MLA, _GLM_5_MOE),) * 75,
        max_context=202752,
        mtp=(Layer(_GLM_5_MLA, _GLM_5_MOE),),
        card=ModelCard(
            total="744B",
            active="40B",
            active_leaves_out=("embeddings", "lm_head"),
            source="zai-org/GLM-5 README.md (GitHub): '744B parameters (40B active)'",
        ),
    ),
    # Meta 2025, Llama 4; "meta-llama/Llama-4-Scout-17B-16E-Instruct" config.json as copied
    # in the test data of a fork of ai-dynamo/dynamo (not compared with Meta's gated file):
    # hidden_size 5120, 48 layers, 40 heads, 8 KV heads, head_dim 128,
    # attention_chunk_size 8192, 16 experts of 8192, 1 per token, 1 shared expert,
    # max_position_embeddings 10485760. Text model only (Llama4ForCausalLM).
    "llama-4-scout": _llama_4(
        n_experts=16,
        moe_step=1,
        max_context=10485760,
        card=ModelCard(
            total="109B",
            active="17B",
            vision_parameters=871_932_416,
            source="Hugging Face transformers documentation, Llama4: "
            "'17B active parameters out of ~109B total'",
        ),
    ),
    # "meta-llama/Llama-4-Maverick-17B-128E-Instruct" config.json RECONSTRUCTED, not read:
    # the two-layer Maverick config of TensorRT-LLM's tests with its 48 layers restored:
    # 128 experts on odd layers (interleave_moe_layer_step 2), dense MLPs of 16384 on the
    # others, max_position_embeddings 1048576. Text model only.
    "llama-4-maverick": _llama_4(
        n_experts=128,
        moe_step=2,
        max_context=1048576,
        card=ModelCard(
            total="402B",
            active="17B",
            vision_parameters=871_932_416,
            source="Hugging Face transformers documentation, Llama4: 'comes in two "
            "flavors: 109B, and 402B parameters' (Meta's announcement: ~400B)",
        ),
    ),
}
"""The 2025-2026 presets by name, in the order ``PRESETS`` lists them."""
