"""Model-state memory of QLoRA on Llama 2 7B (r = 16, all linear layers)."""

from startup_math import preset
from startup_math.finetune import linear_shapes, qlora_memory

arch = preset("llama-2-7b")
RANK, TARGETS = 16, "all-linear"

memory = qlora_memory(arch, RANK, TARGETS, double_quant=True, unquantized_dtype="bf16")
rows = [
    ("NF4 linear layers (4 bits)", memory.quantized_weights),
    ("quantization constants", memory.quantization_constants),
    ("embeddings, head, norms (bf16)", memory.unquantized_weights),
    ("frozen base", memory.base),
    ("adapters, gradients, Adam (16 B)", memory.total - memory.base),
    ("total, QLoRA", memory.total),
]
for label, size in rows:
    print(f"{label:34}{size / 1e9:>8.2f} GB")

quantized = arch.n_layers * sum(d_in * d_out for d_in, d_out in linear_shapes(arch).values())
print(f"quantized weights: {quantized:,} of {arch.parameter_count():,}")
constants = {}
for double_quant, label in ((False, "one fp32 per 64 weights"), (True, "double quantization")):
    size = qlora_memory(arch, RANK, TARGETS, double_quant=double_quant).quantization_constants
    constants[double_quant] = size
    print(f"constants, {label:25}{size * 8 / quantized:.3f} bit per weight")
saved = constants[False] - constants[True]
print(f"double quantization saves {saved * 8 / quantized:.3f} bit per weight, {saved / 1e9:.2f} GB")
