"""Mixture-of-experts presets in their family classes: Mixtral, Qwen3-MoE, DeepSeek-V3."""

from startup_math.params.moe import (
    DeepseekV3Architecture,
    MixtralArchitecture,
    Qwen3MoeArchitecture,
)

MOE_PRESETS = {
    # Jiang et al. 2024, arXiv:2401.04088; "mistralai/Mixtral-8x7B-v0.1" config.json:
    # hidden_size 4096, intermediate_size 14336, 32 layers, 32 heads, 8 KV heads,
    # num_local_experts 8, num_experts_per_tok 2, vocab_size 32000, untied head,
    # max_position_embeddings 32768.
    "mixtral-8x7b": MixtralArchitecture(
        vocab_size=32000,
        d_model=4096,
        n_layers=32,
        n_heads=32,
        n_kv_heads=8,
        d_expert=14336,
        n_experts=8,
        top_k=2,
        max_context=32768,
    ),
    # Qwen Team 2025, arXiv:2505.09388; "Qwen/Qwen3-30B-A3B" config.json: hidden_size 2048,
    # 48 layers, 32 heads, 4 KV heads, head_dim 128, moe_intermediate_size 768,
    # num_experts 128, num_experts_per_tok 8, vocab_size 151936, untied head,
    # max_position_embeddings 40960 (the model card: 32,768 natively, 131,072 with YaRN).
    "qwen3-30b-a3b": Qwen3MoeArchitecture(
        vocab_size=151936,
        d_model=2048,
        n_layers=48,
        n_heads=32,
        n_kv_heads=4,
        head_dim=128,
        d_expert=768,
        n_experts=128,
        top_k=8,
        max_context=40960,
    ),
    # Qwen Team 2025, arXiv:2505.09388; "Qwen/Qwen3-235B-A22B" config.json: hidden_size
    # 4096, 94 layers, 64 heads, 4 KV heads, head_dim 128, moe_intermediate_size 1536,
    # num_experts 128, num_experts_per_tok 8, vocab_size 151936, untied head,
    # max_position_embeddings 40960.
    "qwen3-235b-a22b": Qwen3MoeArchitecture(
        vocab_size=151936,
        d_model=4096,
        n_layers=94,
        n_heads=64,
        n_kv_heads=4,
        head_dim=128,
        d_expert=1536,
        n_experts=128,
        top_k=8,
        max_context=40960,
    ),
    # DeepSeek-AI 2024, arXiv:2412.19437; "deepseek-ai/DeepSeek-V3" config.json (and
    # inference/configs/config_671B.json of github.com/deepseek-ai/DeepSeek-V3):
    # hidden_size 7168, intermediate_size 18432, moe_intermediate_size 2048, 61 layers,
    # 128 heads, n_routed_experts 256, n_shared_experts 1, num_experts_per_tok 8,
    # first_k_dense_replace 3, q_lora_rank 1536, kv_lora_rank 512, qk_nope_head_dim 128,
    # qk_rope_head_dim 64, v_head_dim 128, vocab_size 129280, untied head,
    # max_position_embeddings 163840.
    "deepseek-v3": DeepseekV3Architecture(
        vocab_size=129280,
        d_model=7168,
        n_layers=61,
        n_heads=128,
        d_ff=18432,
        d_expert=2048,
        n_experts=256,
        top_k=8,
        n_shared_experts=1,
        first_k_dense=3,
        q_lora_rank=1536,
        kv_lora_rank=512,
        qk_nope_head_dim=128,
        qk_rope_head_dim=64,
        v_head_dim=128,
        max_context=163840,
    ),
}
"""Mixture-of-experts presets by name, in the order ``PRESETS`` lists them."""
