"""ZeRO's Figure 1: model state per GPU for 7.5B parameters on 64 GPUs, stage by stage."""

from startup_math.parallel import zero_model_state

PSI = 7.5e9  # parameters; Rajbhandari et al. 2020 (arXiv:1910.02054), Figure 1
ND = 64  # data-parallel GPUs, same figure
PAPER_GB = {0: 120, 1: 31.4, 2: 16.6, 3: 1.9}  # per GPU, as the figure prints them
NAMES = {0: "baseline (DP)", 1: "stage 1 (P_os)", 2: "stage 2 (P_os+g)", 3: "stage 3 (P_os+g+p)"}

header = f"{'':20}{'weights':>9}{'grads':>9}{'optim':>9}{'total':>9}{'paper':>8}{'error':>8}"
print(header + "  (GB per GPU)")
for stage, name in NAMES.items():
    m = zero_model_state(PSI, stage, ND)
    parts = (m.weights, m.gradients, m.optimizer_state, m.total)
    cells = "".join(f"{x / 1e9:>9.3f}" for x in parts)
    error = m.total / 1e9 / PAPER_GB[stage] - 1
    print(f"{name:20}{cells}{PAPER_GB[stage]:>8}{error:>8.2%}")
print(f"stage 3 is 16 x PSI / ND = {16 * PSI / ND / 1e9:.3f} GB")
