"""Training compute of GPT-3 175B with C = 6ND, against the figure its paper reports."""

from startup_math import training_flops

N = 175e9  # parameters
D = 300e9  # training tokens
REPORTED = 3.14e23  # Brown et al. 2020 (arXiv:2005.14165), Table D.1

flops = training_flops(N, D)
# Kaplan et al. 2020 add the attention scores: 96 layers, width 12,288, context 2,048
with_attention = training_flops(N, D, seq_len=2048, n_layers=96, d_model=12288)

print(f"6 N D                    {flops:.3e} FLOPs")
print(f"reported (Table D.1)     {REPORTED:.3e} FLOPs")
print(f"6 N D / reported         {flops / REPORTED:.3f}")
print(f"6 N D + attention term   {with_attention:.3e} FLOPs ({with_attention / flops - 1:+.1%})")
