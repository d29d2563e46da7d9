"""Serving Llama 2 7B: weights, KV cache, and how many sequences fit on one 80 GB GPU."""

from startup_math import get_gpu, kv_cache_bytes, preset, weights_bytes

arch = preset("llama-2-7b")
N = arch.parameter_count()
layers, kv_heads, head_dim = arch.kv_cache_dims()  # 32, 32, 128
CONTEXT = 4096  # tokens per sequence, the Llama 2 context length
gpu = get_gpu("H100-SXM")

per_token = kv_cache_bytes(layers, kv_heads, head_dim, seq_len=1, dtype="fp16")
per_sequence = kv_cache_bytes(layers, kv_heads, head_dim, seq_len=CONTEXT, dtype="fp16")
print(f"{'KV cache per token (fp16)':36}{per_token:>15,.0f} bytes")
print(f"{f'KV cache per {CONTEXT:,}-token sequence':36}{per_sequence:>15,.0f} bytes")
print()
print(f"{'weights':8}{'size':>10}{'left on ' + gpu.name:>20}{'sequences':>11}")
for dtype in ("bf16", "int8", "int4"):
    weights = weights_bytes(N, dtype)
    left = gpu.memory_bytes - weights  # activations and runtime buffers not counted
    print(f"{dtype:8}{weights / 1e9:>7.2f} GB{left / 1e9:>17.2f} GB{int(left // per_sequence):>11}")
print()
# Grouped-query attention: Llama 3 8B keeps 8 key/value heads instead of 32
l3_layers, l3_kv_heads, l3_head_dim = preset("llama-3-8b").kv_cache_dims()
l3_per_token = kv_cache_bytes(l3_layers, l3_kv_heads, l3_head_dim, seq_len=1, dtype="fp16")
print(f"{'Llama 3 8B KV cache per token':36}{l3_per_token:>15,.0f} bytes")
