"""Total and active parameters of three MoE models and a dense one, and what follows from them."""

import math

from startup_math import get_gpu, inference_flops_per_token, preset, training_flops, weights_bytes

# model: the precision its weights are published in (DeepSeek-V3: FP8, 128x128 block scales)
SHIPPED = {
    "llama-3-70b": "bf16",
    "mixtral-8x7b": "bf16",
    "qwen3-30b-a3b": "bf16",
    "deepseek-v3": "fp8",
}
gpu = get_gpu("H100-SXM")  # 80 GB

print(f"{'model':14}{'total':>10}{'active':>10}{'share':>8}{'shipped':>8}{'weights':>10}", end="")
print(f"{'GFLOPs/token':>14}{'H100s':>7}")
for name, dtype in SHIPPED.items():
    arch = preset(name)
    total, active = arch.parameter_count(), arch.active_parameter_count()
    weights = weights_bytes(total, dtype)  # every expert must be in memory; scales not counted
    flops = inference_flops_per_token(active)  # 2 x active; attention scores left out
    gpus = math.ceil(weights / gpu.memory_bytes)  # for the weights alone
    row = f"{name:14}{total / 1e9:>9.2f}B{active / 1e9:>9.2f}B{active / total:>8.1%}"
    print(row + f"{dtype:>8}{weights / 1e9:>7,.0f} GB{flops / 1e9:>14.1f}{gpus:>7}")

ds = preset("deepseek-v3")
bf16 = weights_bytes(ds.parameter_count(), "bf16")  # if converted to bf16
print(f"deepseek-v3 in bf16: {bf16 / 1e9:,.0f} GB, {math.ceil(bf16 / gpu.memory_bytes)} H100s")

# Pretraining compute, C = 6 N D with N the active parameters
TOKENS = 14.8e12  # DeepSeek-V3 pretraining tokens (arXiv:2412.19437)
moe = training_flops(ds.active_parameter_count(), TOKENS)
dense = training_flops(ds.parameter_count(), TOKENS)  # if every parameter were used
print()
print(f"DeepSeek-V3, 14.8T tokens: 6 x active x D = {moe:.2e} FLOPs")
print(f"a dense model of the same total size: {dense:.2e} FLOPs ({dense / moe:.1f}x)")
