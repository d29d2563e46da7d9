"""Full fine-tuning or pretraining a 7B and a 70B model on 80 GB GPUs: memory per GPU
for several layouts (d data-parallel x t tensor-parallel x p pipeline stages)."""

from startup_math import get_gpu, preset
from startup_math.parallel import memory_per_gpu

S, B = 4096, 1  # tokens per sequence, sequences per micro-batch on each GPU
gpu = get_gpu("H100-SXM")  # 80 GB
USABLE = 0.9  # assumption: leave 10% for buffers, CUDA context and fragmentation
MODELS = {"7B": preset("llama-2-7b"), "70B": preset("llama-3-70b")}

# (model, d, t, p, ZeRO stage, recompute, sequence parallel)
LAYOUTS = [
    ("7B", 8, 1, 1, 0, "selective", False),
    ("7B", 8, 1, 1, 1, "selective", False),
    ("7B", 8, 1, 1, 2, "selective", False),
    ("7B", 8, 1, 1, 3, "none", False),
    ("7B", 8, 1, 1, 3, "selective", False),
    ("7B", 8, 1, 1, 3, "full", False),
    ("7B", 1024, 1, 1, 1, "selective", False),
    ("70B", 64, 1, 1, 3, "selective", False),
    ("70B", 64, 1, 1, 3, "full", False),
    ("70B", 32, 1, 1, 3, "full", False),
    ("70B", 1, 8, 2, 0, "selective", True),
    ("70B", 1, 8, 4, 0, "selective", True),
    ("70B", 8, 8, 1, 1, "selective", True),
]


def per_gpu(model, d, t, p, stage, recompute, sp):
    arch = MODELS[model]
    return memory_per_gpu(
        arch.parameter_count(),
        n_layers=arch.n_layers,
        d_model=arch.d_model,
        n_heads=arch.n_heads,
        seq_len=S,
        micro_batch=B,
        data_parallel=d,
        tensor_parallel=t,
        pipeline_parallel=p,
        zero_stage=stage,
        recompute=recompute,
        sequence_parallel=sp,
    )


for name, arch in MODELS.items():
    n = arch.parameter_count()
    print(f"{name}: {n:,} parameters, {16 * n / 1e9:,.2f} GB of model state (16 B each)")
print(f"fits: total <= {USABLE:.0%} of {gpu.memory_gb:.0f} GB; sizes in GB per GPU")
print(
    f"{'model':6}{'d x t x p':>14}{'ZeRO':>5}{'recompute':>11}{'SP':>4}"
    f"{'state':>8}{'activ':>8}{'total':>8}  fits"
)
for model, d, t, p, stage, recompute, sp in LAYOUTS:
    m = per_gpu(model, d, t, p, stage, recompute, sp)
    layout = f"{d}x{t}x{p}={d * t * p}"
    fits = "yes" if m.fits(gpu.memory_bytes, USABLE) else "no"
    print(
        f"{model:6}{layout:>14}{stage:>5}{recompute:>11}{'on' if sp else '-':>4}"
        f"{m.model_state / 1e9:>8.2f}{m.activations / 1e9:>8.2f}{m.total / 1e9:>8.2f}  {fits}"
    )

print("fewest GPUs with ZeRO-3 alone (t = p = 1):")
for model in MODELS:
    for recompute in ("none", "selective", "full"):
        fitting = (
            d
            for d in range(1, 1025)
            if per_gpu(model, d, 1, 1, 3, recompute, False).fits(gpu.memory_bytes, USABLE)
        )
        d = next(fitting, None)
        print(f"  {model:4} {recompute:10}{'does not fit' if d is None else f'{d} GPUs':>14}")
