"""Expected cost and quality per task of routing between a small and a large model.

Tasks are easy or hard (a share HARD of them is hard). Each model passes a task of each kind
with its own rate, measured on your evaluation set. A router sends each task to one model; it
misses a hard task (sends it to the small model) with rate alpha and sends an easy task to the
large model with rate beta. A cascade lets the small model answer every task and a checker
decide whether to keep the answer; a rejected task goes to the large model. The checker
rejects a correct answer with rate f_rej and keeps a wrong one with rate f_acc.

The closed forms below are checked against a seeded simulation of the same assumptions.
"""

import sys
from dataclasses import dataclass

import numpy as np

# Assumptions: round numbers, not any vendor's prices. Replace them with your own measurements.
HARD = 0.30  # share of tasks that are hard
ROUTER_COST = 0.0002  # USD per task for the routing decision (a classifier or a small call)
CHECK_COST = 0.0005  # USD per task for checking the small model's answer in a cascade
TASKS, SEED, TOLERANCE = 400_000, 7, 4.0  # simulated tasks, seed, standard errors allowed


def probability(name, value):
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
    return value


@dataclass(frozen=True)
class Model:
    cost: float  # USD per task
    easy: float  # pass rate on easy tasks
    hard: float  # pass rate on hard tasks

    def __post_init__(self):
        if not self.cost >= 0:
            raise ValueError(f"cost must be a non-negative number of USD, got {self.cost!r}")
        probability("easy", self.easy)
        probability("hard", self.hard)

    def quality(self, hard=HARD):
        return (1 - hard) * self.easy + hard * self.hard


SMALL = Model(cost=0.0020, easy=0.95, hard=0.55)
LARGE = Model(cost=0.0300, easy=0.97, hard=0.85)


def router(alpha, beta, route_cost=ROUTER_COST, small=SMALL, large=LARGE, hard=HARD):
    """Share answered by the small model, USD per task and pass rate of a router."""
    probability("alpha", alpha), probability("beta", beta), probability("hard", hard)
    if not route_cost >= 0:
        raise ValueError(f"route_cost must be a non-negative number of USD, got {route_cost!r}")
    r = (1 - hard) * (1 - beta) + hard * alpha
    cost = route_cost + r * small.cost + (1 - r) * large.cost
    quality = (1 - hard) * ((1 - beta) * small.easy + beta * large.easy) + hard * (
        alpha * small.hard + (1 - alpha) * large.hard
    )
    return r, cost, quality


def cascade(f_rej, f_acc, check_cost=CHECK_COST, small=SMALL, large=LARGE, hard=HARD):
    """Share kept from the small model, USD per task and pass rate of a cascade."""
    probability("f_rej", f_rej), probability("f_acc", f_acc), probability("hard", hard)
    if not check_cost >= 0:
        raise ValueError(f"check_cost must be a non-negative number of USD, got {check_cost!r}")
    escalated = quality = 0.0
    kinds = ((1 - hard, small.easy, large.easy), (hard, small.hard, large.hard))
    for weight, q_small, q_large in kinds:
        e = q_small * f_rej + (1 - q_small) * (1 - f_acc)  # share of this kind escalated
        escalated += weight * e
        quality += weight * (q_small * (1 - f_rej) + e * q_large)
    return 1 - escalated, small.cost + check_cost + escalated * large.cost, quality


def simulate(kind, a, b, extra, rng, n=TASKS, small=SMALL, large=LARGE, hard=HARD):
    """Cost and pass/fail of n simulated tasks, one random draw per step."""
    is_hard = rng.random(n) < hard
    q_small = np.where(is_hard, small.hard, small.easy)
    q_large = np.where(is_hard, large.hard, large.easy)
    if kind == "router":  # a = alpha, b = beta
        to_small = np.where(is_hard, rng.random(n) < a, rng.random(n) >= b)
        passed = np.where(to_small, rng.random(n) < q_small, rng.random(n) < q_large)
        cost = extra + np.where(to_small, small.cost, large.cost)  # extra: routing cost
    else:  # cascade: a = f_rej, b = f_acc
        small_right = rng.random(n) < q_small
        kept = np.where(small_right, rng.random(n) >= a, rng.random(n) < b)
        passed = np.where(kept, small_right, rng.random(n) < q_large)
        cost = small.cost + extra + np.where(kept, 0.0, large.cost)  # extra: checking cost
    return cost, passed.astype(float)


def z(formula, sample):
    """Distance of the formula from the simulated mean, in standard errors."""
    se = sample.std(ddof=1) / np.sqrt(sample.size)
    return abs(formula - sample.mean()) / se if se > 0 else float(formula != sample.mean())


STRATEGIES = [  # label, kind, the two error rates, routing or checking cost in USD per task
    ("random split, 70% to small", "router", 0.70, 0.30, 0.0),
    ("router, perfect", "router", 0.0, 0.0, ROUTER_COST),
    ("router, misses 20% hard, 10% easy", "router", 0.20, 0.10, ROUTER_COST),
    ("cascade, rejects 10% right, keeps 50% wrong", "cascade", 0.10, 0.50, CHECK_COST),
]


def formula(kind, a, b, extra):
    return router(a, b, extra) if kind == "router" else cascade(a, b, extra)


print(f"tasks: {HARD:.0%} hard; router USD {ROUTER_COST:.4f}, checker USD {CHECK_COST:.4f}")
print(f"{'model':<10}{'USD/task':>10}{'easy':>7}{'hard':>7}{'all':>8}")
for name, m in (("small", SMALL), ("large", LARGE)):
    print(f"{name:<10}{m.cost:>10.4f}{m.easy:>7.0%}{m.hard:>7.0%}{m.quality():>8.1%}")
print()
print(f"{'strategy':<45}{'by small':>9}{'USD/task':>10}{'quality':>9}{'USD/pass':>10}")
rows = [("large model only", 0.0, LARGE.cost, LARGE.quality())]
rows.append(("small model only", 1.0, SMALL.cost, SMALL.quality()))
rows += [(label, *formula(*args)) for label, *args in STRATEGIES]
for label, share, cost, quality in rows:
    print(f"{label:<45}{share:>9.1%}{cost:>10.4f}{quality:>9.1%}{cost / quality:>10.4f}")

print()
print("router sending 10% of easy tasks to the large model, by the share of hard tasks it misses")
print(f"{'misses':>7}{'USD/task':>10}{'quality':>9}")
for alpha in (0.0, 0.1, 0.2, 0.4):
    _, cost, quality = router(alpha, 0.10)
    print(f"{alpha:>7.0%}{cost:>10.4f}{quality:>9.1%}")

print()
print(
    f"check: {TASKS:,} simulated tasks each (seed {SEED}), tolerance {TOLERANCE:g} standard errors"
)
rng = np.random.default_rng(SEED)
failed = []
for label, *args in STRATEGIES:
    _, cost, quality = formula(*args)
    sim_cost, sim_pass = simulate(*args, rng)
    zc, zq = z(cost, sim_cost), z(quality, sim_pass)
    print(
        f"  {label:<45}quality {sim_pass.mean():.1%} (z {zq:.1f}), "
        f"USD {sim_cost.mean():.4f} (z {zc:.1f})"
    )
    if max(zc, zq) > TOLERANCE:
        failed.append(label)

# The check must be able to fail: the perfect router's formula against the imperfect router.
label, *args = STRATEGIES[2]
_, _, wrong = formula("router", 0.0, 0.0, ROUTER_COST)
zw = z(wrong, simulate(*args, rng)[1])
print(f"  errors ignored, '{label}': {wrong:.1%} (z {zw:.1f})")
if zw <= TOLERANCE:
    failed.append("the check did not reject a wrong formula")
if failed:
    sys.exit(f"formula and simulation disagree: {', '.join(failed)}")
print("every formula agrees with the simulation, and the wrong one is rejected")
