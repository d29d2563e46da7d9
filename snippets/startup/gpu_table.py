"""Dense peaks, memory and bandwidth of the GPUs startup_math knows, and their ridge points."""

from startup_math import GPUS


def peak(gpu, dtype):
    """The dense peak in TFLOPS (TOPS for INT8), or '-' where the part has none."""
    return f"{gpu.peak_flops_for(dtype) / 1e12:,g}" if gpu.supports(dtype) else "-"


print(
    f"{'GPU':<14}{'vendor':<7}{'BF16':>8}{'FP8':>8}{'INT8':>8}{'FP4':>8}"
    f"{'memory':>8}{'bandwidth':>10}{'FLOPs/byte':>11}"
)
print(
    f"{'':<21}{'TFLOPS':>8}{'TFLOPS':>8}{'TOPS':>8}{'TFLOPS':>8}{'GB':>8}{'TB/s':>10}{'BF16':>11}"
)
for gpu in GPUS.values():
    peaks = "".join(f"{peak(gpu, dtype):>8}" for dtype in ("bf16", "fp8", "int8", "fp4"))
    row = f"{gpu.name:<14}{gpu.vendor:<7}{peaks}{gpu.memory_gb:>8g}{gpu.bandwidth_tbps:>10.3f}"
    print(row + f"{gpu.ridge_point():>11.0f}")  # peak FLOP/s over bytes/s
