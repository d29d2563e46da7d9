"""KV cache per token: DeepSeek-V3's multi-head latent attention against Llama 3 70B's GQA."""

from startup_math import preset

CONTEXT = 32_768  # tokens held by one sequence
BF16 = 2  # bytes per element

deepseek, llama = preset("deepseek-v3"), preset("llama-3-70b")
latent = deepseek.kv_cache_bytes_per_token("bf16")  # 61 layers x (512 + 64)
gqa = llama.kv_cache_bytes_per_token("bf16")  # 80 layers x 8 KV heads x 128 x (K and V)
# DeepSeek-V3 caching decompressed keys (128 heads x 192) and values (128 heads x 128)
layers, qk_width, v_width = deepseek.attention_score_dims()
per_head = layers * (qk_width + v_width) * BF16

print(f"{'KV cache (bf16)':30}{'per token':>16}{f'per {CONTEXT:,} tokens':>20}")
for label, per_token in [
    ("llama-3-70b (GQA)", gqa),
    ("deepseek-v3 (MLA latent)", latent),
    ("deepseek-v3, per-head K and V", per_head),
]:
    print(f"{label:30}{per_token:>10,.0f} bytes{per_token * CONTEXT / 1e9:>17.2f} GB")
print(f"GQA / MLA: {gqa / latent:.1f}x; per-head K and V / MLA: {per_head / latent:.1f}x")
