"""How precisely an evaluation set of n items measures a pass rate."""

import math

Z = 1.959964  # two-sided 95% quantile of the standard normal


def wilson(rate: float, n: int) -> tuple[float, float]:
    """95% Wilson score interval for a pass rate observed on n items (Wilson 1927)."""
    centre = (rate + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * math.sqrt(rate * (1 - rate) / n + Z**2 / (4 * n**2))
    return centre - half, centre + half


print("95% interval for the true pass rate, given the rate observed on n items")
print(f"{'n':>6}{'observed 80%':>16}{'observed 95%':>16}")
for n in (30, 100, 300, 1000, 3000):
    cells = [f"{lo:.1%}-{hi:.1%}" for lo, hi in (wilson(0.80, n), wilson(0.95, n))]
    print(f"{n:>6}{cells[0]:>16}{cells[1]:>16}")

print()
print("no failure in n items: exact one-sided 95% bound (Clopper-Pearson), not Wilson")
for n in (30, 100, 300, 1000):
    # the largest rate p at which zero failures still has a 5% chance: (1 - p)^n = 0.05,
    # the exact binomial bound 1 - alpha^(1/n) (scipy: beta.ppf(0.95, 1, n) gives the same)
    bound = 1 - 0.05 ** (1 / n)
    print(f"{n:>6} items: {bound:.2%}  (rule of three, 3/n: {3 / n:.2%})")
