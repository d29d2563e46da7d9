"""Full fine-tuning, LoRA and QLoRA: model state, and what is left on one GPU for activations."""

from startup_math import preset
from startup_math.finetune import full_finetune_memory, lora_memory, qlora_memory

RANK, TARGETS = 16, "all-linear"
CARDS_GB = (24, 48, 80)
models = {
    "Llama 2 7B": preset("llama-2-7b"),
    # 80 layers, width 8,192, 64 query and 8 KV heads, MLP 28,672 (arXiv:2407.21783, Table 3)
    "Llama 3 70B": preset("llama-3-70b"),
}

print(f"LoRA, QLoRA: r = {RANK} on all linear layers. GB = 10^9 bytes.")
print("Columns per GPU: GB left for activations, - if the model state does not fit.")
header = "".join(f"{f'{card} GB':>9}" for card in CARDS_GB)
print(f"{'model':13}{'method':7}{'state GB':>10}{header}")
for name, arch in models.items():
    methods = {
        "full": full_finetune_memory(arch).total,
        "LoRA": lora_memory(arch, RANK, TARGETS).total,
        "QLoRA": qlora_memory(arch, RANK, TARGETS).total,
    }
    for method, total in methods.items():
        left = "".join(
            f"{(card * 1e9 - total) / 1e9:>9.2f}" if total <= card * 1e9 else f"{'-':>9}"
            for card in CARDS_GB
        )
        print(f"{name:13}{method:7}{total / 1e9:>10.2f}{left}")
