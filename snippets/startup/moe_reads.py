"""Weights one decoding step of an MoE model reads, at several batch sizes."""

from startup_math import preset

BATCHES = (1, 8, 64, 512)  # sequences decoded together, one token each per step
# model: bytes per parameter as published (bf16, or FP8 for DeepSeek-V3)
SHIPPED = {"mixtral-8x7b": 2, "qwen3-30b-a3b": 2, "deepseek-v3": 1}

print(f"{'model':14}{'batch':>6}{'read':>10}{'of total':>10}{'per step':>12}", end="")
print(f"{'per token':>11}")
for name, nbytes in SHIPPED.items():
    arch = preset(name)
    for batch in BATCHES:
        read = arch.parameters_read(batch)  # experts picked uniformly and independently
        step_gb = read * nbytes / 1e9
        row = f"{name:14}{batch:>6}{read / 1e9:>9.2f}B{read / arch.parameter_count():>10.1%}"
        print(row + f"{step_gb:>9,.1f} GB{step_gb / batch:>8.2f} GB")
