"""Pretraining Llama 2 7B: GPU-hours, days and money, estimated and as reported."""

from startup_math import (
    get_gpu,
    gpu_hours,
    implied_mfu,
    preset,
    training_cost,
    training_flops,
    wall_clock_days,
)

N = preset("llama-2-7b").parameter_count()
D = 2e12  # tokens; Touvron et al. 2023 (arXiv:2307.09288), Table 1
REPORTED_HOURS = 184_320  # A100-80GB GPU-hours, same paper, Table 2
gpu = get_gpu("A100-80GB-SXM")
MFU = 0.40  # assumption
GPUS = 1024  # assumption
PRICE = 2.0  # assumption: USD per GPU-hour

flops = training_flops(N, D)
hours = {"estimate": gpu_hours(flops, gpu.peak_flops, MFU), "reported": REPORTED_HOURS}

print(f"parameters               {N:,}")
print(f"training FLOPs (6 N D)   {flops:.3e}")
print(f"{'':24}{'estimate':>12}{'reported':>12}")
print(f"{'GPU-hours':24}" + "".join(f"{h:>12,.0f}" for h in hours.values()))
days = [f"{wall_clock_days(h, GPUS):.1f}" for h in hours.values()]
print(f"{f'days on {GPUS:,} GPUs':24}" + "".join(f"{d:>12}" for d in days))
costs = [f"${training_cost(h, PRICE):,.0f}" for h in hours.values()]
print(f"{f'cost at ${PRICE:.0f}/GPU-hour':24}" + "".join(f"{c:>12}" for c in costs))
print(f"assumed MFU              {MFU:.2f}")
print(f"implied MFU              {implied_mfu(flops, REPORTED_HOURS, gpu.peak_flops):.4f}")

# 6ND leaves out attention, which is not small at the 4,096-token training context
with_attention = training_flops(N, D, seq_len=4096, n_layers=32, d_model=4096)
print(f"attention term adds      {with_attention / flops - 1:.1%} to the FLOPs")
mfu_attention = implied_mfu(with_attention, REPORTED_HOURS, gpu.peak_flops)
print(f"implied MFU (attention)  {mfu_attention:.4f}")
