"""Trainable parameters of LoRA on Llama 2 7B, on q and v and on every linear layer."""

from startup_math import preset
from startup_math.finetune import linear_shapes, lora_parameter_count

arch = preset("llama-2-7b")
N = arch.parameter_count()

print(f"each of the {arch.n_layers} blocks: d_in -> d_out")
for name, (d_in, d_out) in linear_shapes(arch).items():
    print(f"  {name:10}{d_in:>6} -> {d_out:<6} LoRA adds r x {d_in + d_out:,}")
print(f"{'targets':16}{'r':>3}{'trainable':>13}{'of all ' + f'{N:,}':>24}")
for targets, label in ((None, "q_proj, v_proj"), ("all-linear", "all-linear")):
    for rank in (8, 16):
        trainable = lora_parameter_count(arch, rank, targets)  # None: peft's default for Llama
        print(f"{label:16}{rank:>3}{trainable:>13,}{trainable / N:>24.3%}")
