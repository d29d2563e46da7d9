"""Model-state memory of LoRA on Llama 2 7B (r = 16, all linear layers), and full fine-tuning."""

from startup_math import preset
from startup_math.finetune import full_finetune_memory, lora_memory, lora_parameter_count

arch = preset("llama-2-7b")
RANK, TARGETS = 16, "all-linear"

print(f"trainable parameters: {lora_parameter_count(arch, RANK, TARGETS):,}")
# Frozen base in bf16; adapters in fp32 as peft leaves them; AdamW moments in fp32.
parts = lora_memory(arch, RANK, TARGETS, base_dtype="bf16", adapter_dtype="fp32").as_dict()
labels = {
    "base_weights": "frozen bf16 weights (2 B)",
    "adapter_weights": "adapter weights, fp32 (4 B)",
    "adapter_gradients": "adapter gradients, fp32 (4 B)",
    "adam_m": "Adam momentum m (4 B)",
    "adam_v": "Adam variance v (4 B)",
    "total": "total, LoRA",
}
for key, label in labels.items():
    print(f"{label:32}{parts[key] / 1e9:>8.2f} GB")
print(f"{'total, full fine-tuning':32}{full_finetune_memory(arch).total / 1e9:>8.2f} GB")
