"""`parallel`: memory per GPU under ZeRO, tensor and pipeline parallelism."""

from startup_math.activations import RECOMPUTE_MODES
from startup_math.commands._core import (
    Command,
    Field,
    Inputs,
    Row,
    _Blame,
    _count,
    _gb,
    _row,
)
from startup_math.commands._model import (
    DECODER_PRESET,
    _architecture,
    _gpu,
    _llama_arch_fields,
)
from startup_math.hardware import gpu_names
from startup_math.parallel import ZERO_STAGES, memory_per_gpu


def _parallel_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    sizes = {
        name: inputs.get(name)
        for name in (
            "seq_len",
            "micro_batch",
            "data_parallel",
            "tensor_parallel",
            "pipeline_parallel",
        )
    }
    stage = inputs.get("zero_stage")
    with _Blame("tensor_parallel"):
        memory = memory_per_gpu(
            arch.parameter_count(),
            n_layers=arch.n_layers,
            d_model=arch.d_model,
            n_heads=arch.n_heads,
            seq_len=sizes["seq_len"],
            micro_batch=sizes["micro_batch"],
            data_parallel=sizes["data_parallel"],
            tensor_parallel=sizes["tensor_parallel"],
            pipeline_parallel=sizes["pipeline_parallel"],
            zero_stage=int(stage),
            recompute=inputs.get("recompute"),
            sequence_parallel=bool(inputs.get("sequence_parallel")),
        )
    gpus = sizes["data_parallel"] * sizes["tensor_parallel"] * sizes["pipeline_parallel"]
    parts = memory.as_dict()
    rows = [
        _row("n_params", "parameters", arch.parameter_count(), _count),
        _row("n_gpus", "GPUs (data x tensor x pipeline)", gpus, _count),
    ]
    labels = {
        "weights": "weights per GPU",
        "gradients": "gradients per GPU",
        "optimizer_state": "optimizer state per GPU",
        "activations": "activations per GPU",
        "total": "total per GPU",
    }
    for key, label in labels.items():
        rows.append(_row(f"{key}_bytes", label, parts[key], _gb))
    if inputs.given("gpu"):
        gpu = _gpu(inputs)
        rows.append(_row("memory_bytes", f"{gpu.name} memory", gpu.memory_bytes, _gb))
        rows.append(
            _row(
                "fits", "fits", bool(memory.fits(gpu.memory_bytes)), lambda v: "yes" if v else "no"
            )
        )
    return rows


COMMAND = Command(
    "parallel",
    "memory per GPU under ZeRO, tensor and pipeline parallelism, activations included",
    (
        DECODER_PRESET,
        *_llama_arch_fields(),
        Field(
            "seq_len",
            "integer",
            "tokens per sequence",
            default=4096,
            group="batch",
            minimum=1,
            maximum=1e8,
        ),
        Field(
            "micro_batch",
            "integer",
            "sequences per micro-batch",
            default=1,
            group="batch",
            minimum=1,
            maximum=1e6,
        ),
        Field(
            "data_parallel",
            "integer",
            "data-parallel size d",
            default=1,
            group="parallelism",
            minimum=1,
            maximum=1e6,
        ),
        Field(
            "tensor_parallel",
            "integer",
            "tensor-parallel size t",
            default=1,
            group="parallelism",
            minimum=1,
            maximum=1e6,
        ),
        Field(
            "pipeline_parallel",
            "integer",
            "pipeline-parallel size p",
            default=1,
            group="parallelism",
            minimum=1,
            maximum=1e6,
        ),
        Field(
            "zero_stage",
            "choice",
            "ZeRO stage",
            default="0",
            choices=tuple(str(stage) for stage in ZERO_STAGES),
            group="parallelism",
        ),
        Field(
            "recompute",
            "choice",
            "activation recomputation",
            default="none",
            choices=RECOMPUTE_MODES,
            group="parallelism",
        ),
        Field(
            "sequence_parallel",
            "flag",
            "sequence parallelism (with tensor parallel)",
            group="parallelism",
        ),
        Field(
            "gpu",
            "choice",
            "GPU, to check the fit",
            choices=tuple(gpu_names()),
            group="hardware",
        ),
    ),
    _parallel_rows,
)
