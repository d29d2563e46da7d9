"""LoRA on today's MoE models: what peft's "all-linear" adapts, and what fits on one GPU."""

import sys

from startup_math import preset
from startup_math.decoder_lora import linear_layers
from startup_math.finetune import (
    full_finetune_memory,
    lora_memory,
    lora_parameter_count,
    qlora_memory,
)

RANK, TARGETS = 16, "all-linear"
CARDS_GB = (24, 48, 80)
models = {"Qwen3.5-35B-A3B": preset("qwen3.5-35b-a3b"), "gpt-oss-20b": preset("gpt-oss-20b")}

print(f"LoRA r = {RANK}, target_modules = {TARGETS!r}. M = 10^6 parameters.")
for name, arch in models.items():
    total = arch.parameter_count()
    experts = arch.parameter_breakdown()["experts"]
    adapted = sorted({layer for layer, _, _ in linear_layers(arch)})
    plain = lora_parameter_count(arch, RANK, TARGETS)
    with_experts = lora_parameter_count(arch, RANK, TARGETS, experts=True)
    print(f"{name}: {total / 1e9:.2f}B parameters, {experts / total:.1%} in routed experts")
    print(f"  adapted modules: {', '.join(adapted)}")
    print(f"  trainable, all-linear:   {plain / 1e6:8.2f} M ({plain / total:.3%})")
    print(f"  trainable, plus experts: {with_experts / 1e6:8.2f} M ({with_experts / total:.3%})")

# Hand check: gpt-oss-20b has only attention as nn.Linear. 24 layers, width 2,880,
# 64 query heads and 8 KV heads of 64: q 2,880 -> 4,096, k and v 2,880 -> 512, o 4,096 -> 2,880.
hand = 24 * RANK * ((2880 + 4096) + 2 * (2880 + 512) + (4096 + 2880))
if lora_parameter_count(models["gpt-oss-20b"], RANK, TARGETS) != hand:
    sys.exit("gpt-oss-20b: the count differs from the hand computation")
print(f"check: gpt-oss-20b by hand, 24 layers x 4 projections = {hand:,}")

print()
print("Model state, GB = 10^9 bytes; per GPU: GB left for activations, - if it does not fit.")
print("QLoRA: NF4 with double quantization of what bitsandbytes replaces (exact nn.Linear);")
print("QLoRA*: the routed experts in NF4 too, which transformers 5.23 does not do.")
header = "".join(f"{f'{card} GB':>9}" for card in CARDS_GB)
print(f"{'model':16}{'method':8}{'state GB':>10}{header}")
for name, arch in models.items():
    methods = {
        "full": full_finetune_memory(arch).total,
        "LoRA": lora_memory(arch, RANK, TARGETS).total,
        "QLoRA": qlora_memory(arch, RANK, TARGETS).total,
        "QLoRA*": qlora_memory(arch, RANK, TARGETS, quantize_experts=True).total,
    }
    for method, state in methods.items():
        left = "".join(
            f"{(card * 1e9 - state) / 1e9:>9.2f}" if state <= card * 1e9 else f"{'-':>9}"
            for card in CARDS_GB
        )
        print(f"{name:16}{method:8}{state / 1e9:>10.2f}{left}")
