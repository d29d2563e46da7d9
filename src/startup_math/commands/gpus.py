"""`gpus`: the peak figures of the GPUs the calculators know."""

from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
)
from startup_math.hardware import GPUS, gpu_names


def _gpu_rows(inputs: Inputs) -> list[Row]:
    names = [inputs.get("gpu")] if inputs.given("gpu") else gpu_names()
    rows = []
    for name in names:
        gpu = GPUS[name.lower()]
        peaks = " / ".join(
            "-" if figure is None else f"{figure:,g}"
            for figure in (gpu.bf16_tflops, gpu.fp8_tflops, gpu.int8_tops, gpu.fp4_tflops)
        )
        text = (
            f"{peaks} bf16/fp8/int8/fp4, {gpu.memory_gb:,g} GB, "
            f"{gpu.bandwidth_tbps:g} TB/s, ridge {gpu.ridge_point():,.0f} FLOPs/byte"
        )
        value = {
            "bf16_tflops": gpu.bf16_tflops,
            "fp8_tflops": gpu.fp8_tflops,
            "int8_tops": gpu.int8_tops,
            "fp4_tflops": gpu.fp4_tflops,
            "memory_gb": gpu.memory_gb,
            "bandwidth_tbps": gpu.bandwidth_tbps,
            "source": gpu.source,
        }
        rows.append(Row(gpu.name, gpu.name, value, text))
    return rows


COMMAND = Command(
    "gpus",
    "peak figures of the GPUs the calculators know, with their sources",
    (Field("gpu", "choice", "one GPU only", choices=tuple(gpu_names()), group="hardware"),),
    _gpu_rows,
)
