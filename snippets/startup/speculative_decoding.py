"""Speculative decoding: expected tokens per step, and what it does to the decoding bound."""

from startup_math import estimate_serving, expected_tokens_per_step, preset

print("expected tokens per step, E = (1 - a^(g+1)) / (1 - a)")
print(f"{'acceptance a':>12}" + "".join(f"{f'g = {g}':>8}" for g in (1, 3, 5)))
for alpha in (0.6, 0.8, 0.9):
    cells = "".join(f"{expected_tokens_per_step(alpha, g):>8.2f}" for g in (1, 3, 5))
    print(f"{alpha:>12}{cells}")

# Llama 3.3 70B in FP8 on two H100s, a 1B-parameter draft proposing 3 tokens a step,
# 80% of them accepted. Bounds: every efficiency at 1.
arch = preset("llama-3.3-70b")


def speed(batch, draft_tokens):
    est = estimate_serving(
        arch,
        "H100-SXM",
        batch_size=batch,
        prompt_tokens=1000,
        output_tokens=500,
        price_per_gpu_hour=0.0,
        gpus=2,
        weight_dtype="fp8",
        kv_dtype="fp8",
        draft_tokens=draft_tokens,
        acceptance_rate=0.8 if draft_tokens else 0.0,
        draft_params=1e9 if draft_tokens else 0.0,
    )
    return est.decode


print()
print(f"{'batch':>5}{'plain tokens/s each':>21}{'speculative':>13}{'gain':>6}  bound by")
for batch in (1, 16, 64, 256):
    plain, spec = speed(batch, 0), speed(batch, 3)
    each, faster = plain.tokens_per_second_per_sequence, spec.tokens_per_second_per_sequence
    print(f"{batch:>5}{each:>21.1f}{faster:>13.1f}{faster / each:>6.2f}  {spec.bound}")
