"""Korthikanti et al. 2022: the attention-score term for GPT-3 and MT-NLG, and what
selective recomputation saves."""

from startup_math.activations import activation_bytes_per_layer

S = 2048  # sequence length of both models in the paper
# name: (hidden size h, heads a, saving stated in the paper)
MODELS = {"GPT-3 175B": (12288, 96, 0.70), "MT-NLG 530B": (20480, 128, 0.65)}

print(f"{'':13}{'34 + 5as/h':>12}{'5as/h':>7}{'saved':>9}{'paper':>7}{'t=8, SP':>9}")
for name, (h, a, paper) in MODELS.items():
    sbh = S * 1 * h  # micro-batch 1
    full = activation_bytes_per_layer(S, 1, h, a)
    selective = activation_bytes_per_layer(S, 1, h, a, recompute="selective")
    # The same ratio with tensor parallelism 8 and sequence parallelism
    sp = dict(tensor_parallel=8, sequence_parallel=True)
    full_sp = activation_bytes_per_layer(S, 1, h, a, **sp)
    selective_sp = activation_bytes_per_layer(S, 1, h, a, recompute="selective", **sp)
    print(
        f"{name:13}{full / sbh:>12.0f}{(full - selective) / sbh:>7.0f}"
        f"{1 - selective / full:>9.2%}{paper:>7.0%}{1 - selective_sp / full_sp:>9.2%}"
    )
