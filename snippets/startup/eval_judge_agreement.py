"""Calibrating a model judge against human labels: raw agreement and Cohen's kappa.

The data are made up, generated below with a fixed seed so that the true answer is
known: 300 outputs, each truly good with probability 0.7; two human reviewers who
each misread an output 7% of the time; a lenient model judge that passes 25% of the
bad outputs and fails 4% of the good ones; and a "judge" that passes everything.
"""

import numpy as np

rng = np.random.default_rng(7)
N = 300
good = rng.random(N) < 0.70
human_a = np.where(rng.random(N) < 0.07, ~good, good)  # the reference labels
human_b = np.where(rng.random(N) < 0.07, ~good, good)  # a second reviewer
judge = np.where(good, rng.random(N) >= 0.04, rng.random(N) < 0.25)
always_pass = np.ones(N, dtype=bool)


def agreement(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """Observed agreement p_o, chance agreement p_e and Cohen's kappa (Cohen 1960)."""
    p_o = np.mean(a == b)
    p_e = np.mean(a) * np.mean(b) + np.mean(~a) * np.mean(~b)
    return p_o, p_e, (p_o - p_e) / (1 - p_e)


print("synthetic data: 300 outputs, labels pass/fail, reference = reviewer A")
print(f"{'rater':<13}{'pass rate':>10}{'p_o':>7}{'p_e':>7}{'kappa':>7}")
print(f"{'reviewer A':<13}{np.mean(human_a):>10.1%}")
for name, labels in (("reviewer B", human_b), ("model judge", judge), ("always pass", always_pass)):
    p_o, p_e, kappa = agreement(labels, human_a)
    print(f"{name:<13}{np.mean(labels):>10.1%}{p_o:>7.1%}{p_e:>7.1%}{kappa:>7.3f}")

fail_a = ~human_a
print(
    f"judge passes {np.mean(judge[fail_a]):.1%} of the outputs reviewer A failed, "
    f"reviewer B {np.mean(human_b[fail_a]):.1%}"
)

# How sure are we of the judge's kappa? Resample the 300 items with replacement.
boot = np.empty(2000)
for i in range(boot.size):
    idx = rng.integers(0, N, N)
    boot[i] = agreement(judge[idx], human_a[idx])[2]
low, high = np.percentile(boot, [2.5, 97.5])
print(f"judge kappa, 95% bootstrap interval over items: {low:.3f} to {high:.3f}")
