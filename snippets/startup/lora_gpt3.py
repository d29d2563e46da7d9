"""LoRA trainable parameters of GPT-3 175B, against the LoRA paper (Table 4 and Table 15)."""

from startup_math import LlamaArchitecture, weights_bytes
from startup_math.finetune import lora_parameter_count

# GPT-3 175B: 96 layers, d_model 12,288, 96 heads (Brown et al. 2020, Table 2.1). Its W_q,
# W_k, W_v and W_o are 12,288 x 12,288, as in a Llama block with as many KV heads as heads.
gpt3 = LlamaArchitecture(vocab_size=50257, d_model=12288, n_layers=96, n_heads=96, d_ff=49152)

QV, QKVO = ["q_proj", "v_proj"], ["q_proj", "k_proj", "v_proj", "o_proj"]
cases = [  # (adapted matrices, rank, the paper's figure in millions)
    ("W_q, W_v", QV, 1, 4.7),
    ("W_q, W_v", QV, 2, 9.4),
    ("W_q, W_v", QV, 4, 18.8),
    ("W_q, W_v", QV, 8, 37.7),
    ("W_q, W_k, W_v, W_o", QKVO, 4, 37.7),
]
print(f"{'adapted':20}{'r':>3}{'trainable':>13}{'paper':>8}{'difference':>12}")
for label, targets, rank, paper in cases:
    count = lora_parameter_count(gpt3, rank, targets)
    print(f"{label:20}{rank:>3}{count:>13,}{f'{paper}M':>8}{count / (paper * 1e6) - 1:>+12.2%}")

# Section 4.2: LoRA cuts training memory on GPT-3 175B "from 1.2TB to 350GB": the frozen
# fp16 weights, with the adapters and their optimizer state on top.
adapters = lora_parameter_count(gpt3, 4, QV) * 16  # fp32 weights, gradients, Adam m and v
print(f"frozen fp16 weights of 175e9 parameters: {weights_bytes(175e9, 'fp16') / 1e9:.0f} GB")
print(f"W_q, W_v adapters at r = 4 with their state: {adapters / 1e9:.2f} GB")
