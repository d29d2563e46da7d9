"""Bandwidth bound on Llama 2 7B decode speed on one H100 SXM, bf16 weights."""

from startup_math import (
    decode_step_seconds,
    decode_tokens_per_second,
    get_gpu,
    inference_flops_per_token,
    kv_cache_bytes,
    preset,
    weights_bytes,
)

arch = preset("llama-2-7b")
N = arch.parameter_count()
layers, kv_heads, head_dim = arch.kv_cache_dims()
CONTEXT = 4096  # assume every sequence holds a full context: the worst case
gpu = get_gpu("H100-SXM")

weights = weights_bytes(N, "bf16")
kv = kv_cache_bytes(layers, kv_heads, head_dim, seq_len=CONTEXT)
bandwidth = gpu.bandwidth_bytes_per_s
# Forward FLOPs per token, attention over the full context included
flops = inference_flops_per_token(N, seq_len=CONTEXT, n_layers=layers, d_model=arch.d_model)

print(f"{gpu.name}: {gpu.bandwidth_tbps} TB/s, {gpu.bf16_tflops} TFLOPS dense bf16")
print(f"{'batch':>5}{'step (ms)':>11}{'tokens/s':>10}{'per sequence':>14}{'compute (ms)':>14}")
for batch in (1, 30):
    step = decode_step_seconds(weights, bandwidth, batch, kv)
    total = decode_tokens_per_second(weights, bandwidth, batch, kv)
    compute = batch * flops / gpu.peak_flops  # time the arithmetic alone would take at peak
    row = f"{batch:>5}{step * 1e3:>11.2f}{total:>10,.0f}{total / batch:>14.1f}"
    print(row + f"{compute * 1e3:>14.2f}")
