"""`finetune`: LoRA and QLoRA parameters and memory, next to full fine-tuning."""

from startup_math.commands._core import (
    Command,
    Field,
    InputError,
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
from startup_math.finetune import (
    ALL_LINEAR,
    LORA_TARGETS,
    full_finetune_memory,
    lora_memory,
    lora_parameter_count,
    qlora_memory,
)
from startup_math.hardware import gpu_names
from startup_math.params.dense import LlamaArchitecture


def _finetune_rows(inputs: Inputs) -> list[Row]:
    arch = _architecture(inputs)
    if not isinstance(arch, LlamaArchitecture):
        raise InputError("preset", "LoRA counts are for Llama-style decoders (llama presets)")
    rank = inputs.get("rank")
    targets = inputs.get("targets")
    if targets is not None and targets.lower() != ALL_LINEAR:
        targets = tuple(name.strip() for name in targets.split(",") if name.strip())
    with _Blame("targets"):
        trainable = lora_parameter_count(arch, rank, targets)
        lora = lora_memory(arch, rank, targets)
        qlora = qlora_memory(arch, rank, targets)
    total = arch.parameter_count()
    full = full_finetune_memory(arch).total
    rows = [
        _row("n_params", "parameters", total, _count),
        _row("lora_params", "LoRA trainable parameters", trainable, _count),
        _row("lora_share", "trainable share", trainable / total, lambda v: f"{v:.3%}"),
        _row("full_bytes", "full fine-tuning state (16 B/parameter)", full, _gb),
        _row("lora_bytes", "LoRA state (bf16 base, fp32 adapters + AdamW)", lora.total, _gb),
        _row("qlora_bytes", "QLoRA state (NF4 base, double quantization)", qlora.total, _gb),
    ]
    if inputs.given("gpu"):
        gpu = _gpu(inputs)
        for key, used in (("full", full), ("lora", lora.total), ("qlora", qlora.total)):
            left = gpu.memory_bytes - used
            rows.append(
                _row(f"{key}_left_bytes", f"{key}: left on {gpu.name} for activations", left, _gb)
            )
    return rows


COMMAND = Command(
    "finetune",
    "LoRA and QLoRA trainable parameters and memory, next to full fine-tuning",
    (
        DECODER_PRESET,
        *_llama_arch_fields(),
        Field(
            "rank",
            "integer",
            "LoRA rank",
            default=16,
            group="LoRA",
            minimum=1,
            maximum=1e5,
        ),
        Field(
            "targets",
            "text",
            "adapted layers: all-linear, or names separated by commas from "
            f"{', '.join(LORA_TARGETS)} (default: q_proj,v_proj as peft does)",
            group="LoRA",
        ),
        Field(
            "gpu",
            "choice",
            "GPU, to show what is left for activations",
            choices=tuple(gpu_names()),
            group="hardware",
        ),
    ),
    _finetune_rows,
)
