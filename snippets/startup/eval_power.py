"""How many items a pass/fail comparison needs to detect a given improvement.

Paired: both versions run on the same n items. delta is the true improvement in pass
rate and psi the share of items on which the two versions disagree (one passes, the
other fails). Connor's (1987) sample size for McNemar's test:
    n = (z_alpha * sqrt(psi) + z_beta * sqrt(psi - delta^2))^2 / delta^2
Unpaired: each version on its own n items, the usual two-proportion formula.
"""

import numpy as np
from scipy import stats

ALPHA, POWER = 0.05, 0.80  # two-sided 5% test that finds a real improvement 80% of the time
Z_A, Z_B = stats.norm.ppf(1 - ALPHA / 2), stats.norm.ppf(POWER)
BASE = 0.75  # pass rate of the current version


def paired_n(delta: float, psi: float) -> int:
    root = Z_A * np.sqrt(psi) + Z_B * np.sqrt(psi - delta**2)
    return int(np.ceil(root**2 / delta**2))


def unpaired_n(delta: float) -> int:
    var = BASE * (1 - BASE) + (BASE + delta) * (1 - BASE - delta)
    return int(np.ceil((Z_A + Z_B) ** 2 * var / delta**2))


def paired_power(n: int, delta: float, psi: float) -> float:
    z = (delta * np.sqrt(n) - Z_A * np.sqrt(psi)) / np.sqrt(psi - delta**2)
    return float(stats.norm.cdf(z))


# A published worked example: 45% and 5% of pairs discordant each way -> 23 pairs.
print(f"check, discordant 0.45 and 0.05: {paired_n(0.40, 0.50)} pairs")
print(f"items needed: two-sided {ALPHA}, power {POWER:.0%}, current pass rate {BASE:.0%}")
header = ("improvement", "paired, 10% disagree", "paired, 20% disagree", "unpaired, each")
print(f"{header[0]:>12}{header[1]:>22}{header[2]:>22}{header[3]:>16}")
for delta in (0.10, 0.05, 0.03, 0.02, 0.01):
    cells = (paired_n(delta, 0.10), paired_n(delta, 0.20), unpaired_n(delta))
    print(f"{delta * 100:>9.0f} pts{cells[0]:>22,}{cells[1]:>22,}{cells[2]:>16,}")
print(f"power of 400 items, 4.5 points, 15.5% disagree: {paired_power(400, 0.045, 0.155):.0%}")

# Check by simulation: 5 points better, 20% disagreement, n from the formula.
rng = np.random.default_rng(0)
delta, psi = 0.05, 0.20
n = paired_n(delta, psi)
only_b = rng.binomial(n, (psi + delta) / 2, 4000)
only_a = rng.binomial(n - only_b, ((psi - delta) / 2) / (1 - (psi + delta) / 2))
z = (only_b - only_a) / np.sqrt(only_b + only_a)  # McNemar's test, no continuity correction
exact = np.array(
    [stats.binomtest(int(x), int(x + y)).pvalue for x, y in zip(only_b, only_a, strict=True)]
)
print(f"simulated, {n} items, 4000 evaluations: improvement found by McNemar's test in")
print(f"  {np.mean(np.abs(z) > Z_A):.1%} (normal form), {np.mean(exact < ALPHA):.1%} (exact form)")
