"""Compute-optimal size for the Llama 2 7B budget, and how far real models go past it."""

from startup_math import chinchilla_optimal, chinchilla_tokens, preset, training_flops

n_llama2 = preset("llama-2-7b").parameter_count()
budget = training_flops(n_llama2, 2e12)  # the Llama 2 7B pretraining compute
optimal = chinchilla_optimal(budget)  # 20 tokens per parameter

print(f"compute budget                 {budget:.3e} FLOPs")
print(f"compute-optimal parameters     {optimal.n_params / 1e9:.1f}B")
print(f"compute-optimal tokens         {optimal.n_tokens / 1e9:.0f}B")
print(f"optimal tokens for Llama 2 7B  {chinchilla_tokens(n_llama2) / 1e9:.0f}B")
print()
# Tokens per parameter actually used: 2T (arXiv:2307.09288), about 15T (arXiv:2407.21783)
print(f"{'model':12}{'parameters':>16}{'tokens':>8}{'tokens/param':>14}")
for name, tokens in [("llama-2-7b", 2e12), ("llama-3-8b", 15e12)]:
    n = preset(name).parameter_count()
    print(f"{name:12}{n:>16,}{tokens / 1e12:>7.0f}T{tokens / n:>14,.0f}")
