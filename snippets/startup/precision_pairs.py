"""The tensor format, and so the peak, each pair of weight and activation formats runs at."""

from startup_math import get_gpu
from startup_math.hardware import compute_dtype

pairs = [
    ("bf16", None),
    ("fp8", None),
    ("int8", None),
    ("int4", None),
    ("int4", "fp8"),
    ("fp4", None),
]
print(f"{'weights':<8}{'activations':<13}{'H100-SXM':>18}{'B200-SXM':>18}")
for weights, activations in pairs:
    cells = []
    for name in ("H100-SXM", "B200-SXM"):
        gpu = get_gpu(name)
        try:
            runs_in = compute_dtype(gpu, weights, activations)
            cells.append(f"{runs_in} {gpu.peak_flops_for(runs_in) / 1e12:,.0f}")
        except ValueError:
            cells.append("cannot run")
    print(f"{weights:<8}{activations or 'default':<13}{cells[0]:>18}{cells[1]:>18}")
