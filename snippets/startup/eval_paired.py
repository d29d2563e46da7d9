"""Two versions scored pass/fail on the same 400 items: the paired difference.

The data are made up, generated with a fixed seed: items differ widely in difficulty,
and version B is a little better than version A on every item. Each output is sampled
once, as in a single evaluation run.
"""

import numpy as np
from scipy import stats

rng = np.random.default_rng(11)
N = 400
difficulty = rng.normal(0.0, 4.0, N)
p_a = 1 / (1 + np.exp(-(3.0 - difficulty)))  # chance that version A passes each item
p_b = 1 / (1 + np.exp(-(3.6 - difficulty)))  # version B: a little better everywhere
a = rng.random(N) < p_a
b = rng.random(N) < p_b
d = b.astype(float) - a.astype(float)  # per item: +1, 0 or -1
print(f"true pass rates: A {p_a.mean():.1%}, B {p_b.mean():.1%}")
print(f"measured on {N} items: A {a.mean():.1%}, B {b.mean():.1%}, difference {d.mean():+.1%}")

only_a, only_b = int(np.sum(a & ~b)), int(np.sum(~a & b))
print(f"both pass {np.sum(a & b)}, only A {only_a}, only B {only_b}, both fail {np.sum(~a & ~b)}")

z = stats.norm.ppf(0.975)
half = z * d.std(ddof=1) / np.sqrt(N)
print(f"paired, normal approximation: {d.mean() - half:+.1%} to {d.mean() + half:+.1%}")

boot = np.empty(10_000)
for i in range(boot.size):
    boot[i] = d[rng.integers(0, N, N)].mean()  # resample items, each pair stays together
low, high = np.percentile(boot, [2.5, 97.5])
print(f"paired, bootstrap over items: {low:+.1%} to {high:+.1%}")

half_u = z * np.sqrt(a.mean() * (1 - a.mean()) / N + b.mean() * (1 - b.mean()) / N)
print(f"unpaired, ignoring the pairs: {d.mean() - half_u:+.1%} to {d.mean() + half_u:+.1%}")

# McNemar (1947): only the items on which the two versions disagree carry information.
exact = stats.binomtest(only_b, only_a + only_b, 0.5).pvalue
chi2 = (abs(only_b - only_a) - 1) ** 2 / (only_b + only_a)
print(
    f"McNemar: exact p = {exact:.3f}; chi-squared, continuity-corrected, p = "
    f"{stats.chi2.sf(chi2, 1):.3f}"
)

# Version A run twice on the same items: only the sampled outputs change.
reruns = [(rng.random(N) < p_a).mean() - (rng.random(N) < p_a).mean() for _ in range(2000)]
lo, hi = np.percentile(reruns, [2.5, 97.5])
print(f"A against itself, 2000 pairs of runs: 95% of the differences in {lo:+.1%} to {hi:+.1%}")
