"""Does QLoRA fit LLaMA 65B on one 48 GB GPU, as the QLoRA paper says? Model state only."""

from startup_math import LlamaArchitecture
from startup_math.finetune import full_finetune_memory, lora_parameter_count, qlora_memory

# LLaMA 65B (Touvron et al. 2023, Table 2); SwiGLU size and vocabulary from its config.
llama = LlamaArchitecture(vocab_size=32000, d_model=8192, n_layers=80, n_heads=64, d_ff=22016)
GPU = 48e9  # bytes

print(f"parameters: {llama.parameter_count():,}")
print(f"{'full fine-tuning (16 B)':32}{full_finetune_memory(llama).total / 1e9:>9.2f} GB")
# The paper's script for 65B: r = 64 on all linear layers, NF4 with double quantization,
# adapters cast to bf16, paged AdamW with 32-bit moments: 2 + 2 + 4 + 4 = 12 B each.
print(f"QLoRA, trainable parameters: {lora_parameter_count(llama, 64, 'all-linear'):,}")
print(f"{'frozen base':32}{qlora_memory(llama, 64, 'all-linear').base / 1e9:>9.2f} GB")
for dtype, size in (("bf16", 12), ("fp32", 16)):
    total = qlora_memory(llama, 64, "all-linear", adapter_dtype=dtype).total
    label = f"total, {dtype} adapters ({size} B)"
    print(f"{label:32}{total / 1e9:>9.2f} GB, {(GPU - total) / 1e9:.2f} GB left of 48 GB")
