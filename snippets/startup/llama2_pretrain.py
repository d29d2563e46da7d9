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

arch = preset("llama-2-7b")
N = arch.parameter_count()
D = 2e12  # tokens; Touvron et al. 2023 (arXiv:2307.09288), Table 1
REPORTED_HOURS = 184_320  # A100-80GB GPU-hours, same paper, Table 2
gpu = get_gpu("A100-80GB-SXM")
MFU = 0.40  # assumption
GPUS = 1024  # assumption
PRICE = 2.0  # assumption: USD per GPU-hour

flops = training_flops(N, D)
hours = {"estimate": gpu_hours(flops, gpu.peak_flops, MFU), "reported": REPORTED_HOURS}

print(f"parameters N             {N:,}")
print(f"  without embeddings     {arch.non_embedding_parameter_count():,}")
print(f"training FLOPs (6 N D)   {flops:.3e}")
print(f"{'':24}{'estimate':>12}{'reported':>12}")
print(f"{'GPU-hours':24}" + "".join(f"{h:>12,.0f}" for h in hours.values()))
days = [f"{wall_clock_days(h, GPUS):.1f}" for h in hours.values()]
print(f"{f'days on {GPUS:,} GPUs':24}" + "".join(f"{d:>12}" for d in days))
costs = [f"${training_cost(h, PRICE):,.0f}" for h in hours.values()]
print(f"{f'cost at ${PRICE:.0f}/GPU-hour':24}" + "".join(f"{c:>12}" for c in costs))
print(f"assumed MFU              {MFU:.2f}")

# The MFU the reported hours imply depends on how the FLOPs are counted.
shape = dict(seq_len=4096, n_layers=32, d_model=4096)  # training context 4,096
counts = {
    "6 N D": flops,
    "6 N D, N without embeddings": training_flops(arch.non_embedding_parameter_count(), D),
    "Kaplan: + QK^T": training_flops(N, D, **shape, attention="kaplan"),
    "PaLM: + QK^T and AV": training_flops(N, D, **shape, attention="palm"),
}
print("implied MFU of the reported GPU-hours, by FLOP count:")
for name, count in counts.items():
    mfu = implied_mfu(count, REPORTED_HOURS, gpu.peak_flops)
    print(f"  {name:28}{mfu:.4f}  ({count / flops - 1:+.1%} FLOPs)")
