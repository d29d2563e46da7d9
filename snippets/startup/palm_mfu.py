"""PaLM 540B's reported MFU, recomputed under three ways of counting FLOPs."""

from startup_math import training_flops

# Chowdhery et al. 2022 (arXiv:2204.02311): 540B parameters, 118 layers, 48 heads of size
# 256, sequence length 2,048; 238.3K tokens/s on 6,144 TPU v4 chips, reported MFU 46.2%.
N = 540e9
LAYERS, HEADS, HEAD_DIM, SEQ_LEN = 118, 48, 256, 2048
TOKENS_PER_S = 238.3e3
CHIPS, PEAK = 6144, 275e12  # TPU v4 peak per chip, bf16 (Google Cloud TPU v4 documentation)

attention = dict(seq_len=SEQ_LEN, n_layers=LAYERS, d_model=HEADS * HEAD_DIM)
per_token = {
    "6N, no attention": training_flops(N, 1),
    "Kaplan: QK^T only": training_flops(N, 1, **attention, attention="kaplan"),
    "PaLM: QK^T and AV": training_flops(N, 1, **attention, attention="palm"),
}
print(f"{'convention':20}{'FLOPs/token':>14}{'MFU':>8}")
for name, flops in per_token.items():
    mfu = flops * TOKENS_PER_S / (CHIPS * PEAK)
    print(f"{name:20}{flops:>14.4e}{mfu:>8.1%}")
