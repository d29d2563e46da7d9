"""Calculators for the numbers a large-model startup needs first.

The functions are small and exact, validate their input, and say where each
formula comes from. The guide's chapters call them from runnable snippets.

* ``params``: exact parameter counts of GPT-2, Llama, BERT and mixture-of-experts
  (Mixtral, Qwen3-MoE, DeepSeek-V3) architectures, total and active.
* ``compute``: training and inference FLOPs.
* ``hardware``: peak figures of common GPUs and a dated price snapshot.
* ``cost``: GPU-hours, wall-clock days and money for a training run.
* ``memory``: weights, KV cache and mixed-precision training memory.
* ``finetune``: LoRA and QLoRA trainable parameters and memory, next to full fine-tuning.
* ``activations``: activation memory of a transformer layer (Korthikanti et al. 2022).
* ``parallel``: memory per GPU under ZeRO and tensor/pipeline parallelism.
* ``scaling``: Chinchilla compute-optimal model size.
* ``decode``: the roofline of a decoding step (memory time against compute time).
* ``serving``: a replica's memory, speed, time to first token and cost per token.
* ``self_hosting``: rented GPU time per million tokens, API versus self-hosting.
* ``measured``: published serving measurements against the calculator's bounds.
* ``commands``: named inputs to result rows, shared by the command line and the guide's
  calculator page.

``python -m startup_math --help`` runs them from the command line.
"""

from startup_math.activations import RECOMPUTE_MODES, activation_bytes, activation_bytes_per_layer
from startup_math.commands import InputError, run_command
from startup_math.compute import inference_flops_per_token, model_flops_per_token, training_flops
from startup_math.cost import gpu_hours, implied_mfu, training_cost, wall_clock_days
from startup_math.decode import (
    DecodeStep,
    Roofline,
    check_fits,
    decode_step,
    expected_tokens_per_step,
    roofline,
    speculative_step,
)
from startup_math.finetune import (
    LORA_TARGETS,
    PEFT_DEFAULT_TARGETS,
    LoraMemory,
    QLoraMemory,
    full_finetune_memory,
    linear_shapes,
    lora_memory,
    lora_parameter_count,
    qlora_memory,
)
from startup_math.hardware import (
    GPU,
    GPUS,
    PRICE_SNAPSHOT,
    PriceQuote,
    compute_dtype,
    get_gpu,
    gpu_names,
)
from startup_math.measured import MEASUREMENTS, Comparison, comparisons, fractions
from startup_math.measured.measurement import Measurement
from startup_math.memory import (
    DTYPE_BYTES,
    TrainingMemory,
    dtype_bytes,
    kv_cache_bytes,
    training_memory,
    weights_bytes,
)
from startup_math.parallel import ZERO_STAGES, GPUMemory, memory_per_gpu, zero_model_state
from startup_math.params.attention import GQA, MLA, CompressedMQA, Indexer
from startup_math.params.cards import ACTIVE_CONVENTIONS, ModelCard
from startup_math.params.decoder import Decoder
from startup_math.params.dense import BertArchitecture, GPT2Architecture, LlamaArchitecture
from startup_math.params.layers import DenseMLP, Layer, MoE
from startup_math.params.linear_attention import GatedDeltaNet
from startup_math.params.moe import (
    DeepseekV3Architecture,
    MixtralArchitecture,
    Qwen3MoeArchitecture,
)
from startup_math.params.presets import PRESETS, preset
from startup_math.scaling import ComputeOptimal, chinchilla_optimal, chinchilla_tokens
from startup_math.self_hosting import BreakEven, break_even, cost_per_million_tokens
from startup_math.serving import ServingEstimate, estimate_serving

__all__ = [
    "ACTIVE_CONVENTIONS",
    "BertArchitecture",
    "BreakEven",
    "Comparison",
    "CompressedMQA",
    "ComputeOptimal",
    "DTYPE_BYTES",
    "DecodeStep",
    "Decoder",
    "DeepseekV3Architecture",
    "DenseMLP",
    "GPT2Architecture",
    "GPU",
    "GPUMemory",
    "GPUS",
    "GQA",
    "GatedDeltaNet",
    "Indexer",
    "InputError",
    "LORA_TARGETS",
    "Layer",
    "LlamaArchitecture",
    "LoraMemory",
    "MEASUREMENTS",
    "MLA",
    "Measurement",
    "MixtralArchitecture",
    "MoE",
    "ModelCard",
    "PEFT_DEFAULT_TARGETS",
    "PRESETS",
    "PRICE_SNAPSHOT",
    "PriceQuote",
    "QLoraMemory",
    "Qwen3MoeArchitecture",
    "RECOMPUTE_MODES",
    "Roofline",
    "ServingEstimate",
    "TrainingMemory",
    "ZERO_STAGES",
    "activation_bytes",
    "activation_bytes_per_layer",
    "break_even",
    "check_fits",
    "chinchilla_optimal",
    "chinchilla_tokens",
    "comparisons",
    "compute_dtype",
    "cost_per_million_tokens",
    "decode_step",
    "dtype_bytes",
    "estimate_serving",
    "expected_tokens_per_step",
    "fractions",
    "full_finetune_memory",
    "get_gpu",
    "gpu_hours",
    "gpu_names",
    "implied_mfu",
    "inference_flops_per_token",
    "kv_cache_bytes",
    "linear_shapes",
    "lora_memory",
    "lora_parameter_count",
    "memory_per_gpu",
    "model_flops_per_token",
    "preset",
    "qlora_memory",
    "roofline",
    "run_command",
    "speculative_step",
    "training_cost",
    "training_flops",
    "training_memory",
    "wall_clock_days",
    "weights_bytes",
    "zero_model_state",
]
__version__ = "0.5.0"
