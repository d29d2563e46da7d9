"""Activation memory of a 7B Llama-sized model (d 4096, 32 heads, 32 layers) at 4,096
tokens, with the constants of Korthikanti et al. 2022 (a GPT block, not a Llama block)."""

from startup_math.activations import activation_bytes, activation_bytes_per_layer

S, B = 4096, 1  # tokens per sequence, sequences per micro-batch
H, A, L = 4096, 32, 32  # hidden size, heads, layers
VOCAB = 32000  # Llama 2 vocabulary, for the logits the formula leaves out

print(f"{'':36}{'per layer':>11}{f'{L} layers':>11}")
setups = {
    "no recomputation": {},
    "selective recomputation": {"recompute": "selective"},
    "full recomputation": {"recompute": "full"},
    "t=8 + sequence parallel": {"tensor_parallel": 8, "sequence_parallel": True},
    "t=8 + sequence parallel + selective": {
        "tensor_parallel": 8,
        "sequence_parallel": True,
        "recompute": "selective",
    },
}
for name, options in setups.items():
    layer = activation_bytes_per_layer(S, B, H, A, **options)
    total = activation_bytes(S, B, H, A, L, **options)
    print(f"{name:36}{layer / 1e9:>8.3f} GB{total / 1e9:>8.2f} GB")

scores = 5 * A * S / H  # the attention-score term 5as/h, against 34 for the rest
print(f"5as/h = {scores:.0f} against 34: the scores are {scores / (34 + scores):.1%} of a layer")
# FlashAttention / PyTorch SDPA never store the s x s scores: the same formula without 5as/h
no_scores = 34 * S * B * H * L
print(f"without stored scores (FlashAttention, SDPA): {no_scores / 1e9:.2f} GB for {L} layers")
logits = 4 * S * B * VOCAB  # fp32 logits for the loss, not in the formula
print(f"fp32 logits of one sequence: {logits / 1e9:.3f} GB")
