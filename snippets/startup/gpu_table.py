"""Dense peaks, memory and bandwidth of the GPUs startup_math knows, and their ridge points."""

from startup_math import GPUS

print(
    f"{'GPU':<14}{'vendor':<7}{'BF16':>8}{'FP8':>9}{'memory':>8}{'bandwidth':>11}{'FLOPs/byte':>12}"
)
print(f"{'':<21}{'TFLOPS':>8}{'TFLOPS':>9}{'GB':>8}{'TB/s':>11}{'BF16':>6}{'FP8':>6}")
for gpu in GPUS.values():
    has_fp8 = gpu.fp8_tflops is not None
    fp8 = f"{gpu.fp8_tflops:,g}" if has_fp8 else "-"
    ridge_fp8 = f"{gpu.ridge_point('fp8'):.0f}" if has_fp8 else "-"  # peak FLOP/s / bytes/s
    row = f"{gpu.name:<14}{gpu.vendor:<7}{gpu.bf16_tflops:>8,g}{fp8:>9}{gpu.memory_gb:>8g}"
    print(row + f"{gpu.bandwidth_tbps:>11.3f}{gpu.ridge_point():>6.0f}{ridge_fp8:>6}")
