"""Weights one decoding step of an MoE model reads, at several batch sizes."""

from startup_math import preset

BATCHES = (1, 8, 64, 512)  # sequences decoded together, one token each per step
BF16 = 2  # bytes per parameter

print(f"{'model':14}{'batch':>6}{'read':>10}{'of total':>10}{'bf16 per step':>15}", end="")
print(f"{'per token':>11}")
for name in ("mixtral-8x7b", "qwen3-30b-a3b", "deepseek-v3"):
    arch = preset(name)
    for batch in BATCHES:
        read = arch.parameters_read(batch)  # experts picked uniformly and independently
        step_gb = read * BF16 / 1e9
        row = f"{name:14}{batch:>6}{read / 1e9:>9.2f}B{read / arch.parameter_count():>10.1%}"
        print(row + f"{step_gb:>12,.1f} GB{step_gb / batch:>8.2f} GB")
