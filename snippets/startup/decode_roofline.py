"""The roofline of decoding Llama 3 8B on one H100 SXM: memory time against compute time."""

from startup_math import (
    decode_step,
    get_gpu,
    model_flops_per_token,
    preset,
    weights_bytes,
)

arch = preset("llama-3-8b")
gpu = get_gpu("H100-SXM")
weights = weights_bytes(arch.parameter_count(), "bf16")
kv_per_token = arch.kv_cache_bytes_per_token("bf16")  # 131,072 bytes with 8 KV heads

print(f"{gpu.name}: {gpu.bandwidth_tbps} TB/s, {gpu.bf16_tflops} TFLOPS dense bf16, 80 GB")
print(
    f"{'context':>7}{'batch':>6}{'memory ms':>11}{'compute ms':>12}{'bound':>9}"
    f"{'tokens/s':>10}{'per sequence':>14}"
)
for context, batches in [(128, (1, 64, 256, 512, 1024)), (4096, (1, 16, 64, 119, 120))]:
    flops = model_flops_per_token(arch, context)  # 2 N + attention over the context
    for batch in batches:
        try:
            step = decode_step(
                weights,
                flops,
                gpu.bandwidth_bytes_per_s,
                gpu.peak_flops,
                gpu.memory_bytes,
                batch_size=batch,
                kv_bytes_per_sequence=kv_per_token * context,
            )
        except ValueError as error:  # weights + KV cache larger than the GPU's memory
            print(f"{context:>7}{batch:>6}  {str(error).split(':')[0]}")
            continue
        print(
            f"{context:>7}{batch:>6}{step.memory_seconds * 1e3:>11.2f}"
            f"{step.compute_seconds * 1e3:>12.2f}{step.bound:>9}"
            f"{step.tokens_per_second:>10,.0f}{step.tokens_per_second_per_sequence:>14.1f}"
        )

# A 14B model, bf16 weights, no KV cache, batch 1,000: bandwidth alone would promise
# B * BW / W tokens/s; the roofline also counts 2 N FLOPs per token.
step = decode_step(
    28e9, 2 * 14e9, gpu.bandwidth_bytes_per_s, gpu.peak_flops, gpu.memory_bytes, batch_size=1000
)
print()
print(
    f"14B, batch 1,000: bandwidth alone {1000 * gpu.bandwidth_bytes_per_s / 28e9:,.0f} tokens/s,"
    f" roofline {step.tokens_per_second:,.0f} ({step.bound}-bound)"
)
