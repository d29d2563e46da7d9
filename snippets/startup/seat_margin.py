"""Gross margin of a flat monthly seat when usage varies between users: the heavy tail decides."""

import math
import sys
from statistics import NormalDist

from scipy import integrate, stats

# Assumptions: replace them with the distribution measured in your beta.
SEAT = 20.0  # USD per user per month, flat
OTHER = 1.0  # USD per user per month besides inference: hosting, support
MEDIAN, SPREAD = 40.0, 1.2  # tasks per user per month: lognormal, median and sigma of its log
# The task of the unit-economics page: 4 calls, each reading 3,000 tokens and writing thinking
# tokens and a 300-token answer, at USD 2.00 / 10.00 per million input / output tokens.
CALLS, INPUT, ANSWER, PRICE_IN, PRICE_OUT = 4, 3_000, 300, 2.00, 10.00
INCLUDED, OVERAGE = 150, 0.25  # a fair-use plan: 150 tasks included, then USD 0.25 a task
TARGET = 0.70  # the gross margin the plan needs

PHI, Z = NormalDist().cdf, NormalDist().inv_cdf
MU = math.log(MEDIAN)


def task_cost(thinking):
    return CALLS * (INPUT * PRICE_IN + (thinking + ANSWER) * PRICE_OUT) / 1e6


def mean():  # E[N] of a lognormal
    return MEDIAN * math.exp(SPREAD**2 / 2)


def quantile(p):
    return MEDIAN * math.exp(SPREAD * Z(p))


def above(x):  # share of users with more than x tasks
    return 1 - PHI((math.log(x) - MU) / SPREAD)


def usage_share_of_top(p):  # share of all tasks run by the users above quantile p
    return 1 - PHI(Z(p) - SPREAD)


def overage(k):  # E[max(N - k, 0)]: tasks beyond the allowance, per user
    d1 = (MU + SPREAD**2 - math.log(k)) / SPREAD
    return mean() * PHI(d1) - k * PHI(d1 - SPREAD)


n_mean = mean()
print(
    f"tasks per user per month: median {MEDIAN:.0f}, mean {n_mean:.1f}, "
    f"90th percentile {quantile(0.9):.0f}, 99th {quantile(0.99):.0f}"
)
print(
    f"the top 10% of users run {usage_share_of_top(0.9):.1%} of the tasks, "
    f"the top 1% {usage_share_of_top(0.99):.1%}"
)
print(
    f"{INCLUDED} tasks included: {above(INCLUDED):.1%} of users go over, "
    f"the tasks beyond it average {overage(INCLUDED):.1f} per user, over all users"
)
print()
print(
    f"{'thinking/call':>13}{'USD/task':>9}{'users at a loss':>16}{'flat seat':>10}"
    f"{'with overage':>13}{'seat for ' + f'{TARGET:.0%}':>13}{'task for ' + f'{TARGET:.0%}':>13}"
)
for thinking in (1_000, 4_000):
    c = task_cost(thinking)
    cost = OTHER + c * n_mean  # per user per month
    at_loss = above((SEAT - OTHER) / c)  # users whose tasks cost more than the seat
    flat = 1 - cost / SEAT
    capped = 1 - cost / (SEAT + OVERAGE * overage(INCLUDED))
    seat_floor = cost / (1 - TARGET)  # the price floors for the target margin
    task_floor = c / (1 - TARGET)
    print(
        f"{thinking:>13,}{c:>9.4f}{at_loss:>16.1%}{flat:>10.1%}{capped:>13.1%}"
        f"{seat_floor:>13.2f}{task_floor:>13.3f}"
    )

# Check: the closed forms against numerical integration of SciPy's lognormal.
dist = stats.lognorm(s=SPREAD, scale=MEDIAN)
top = quantile(0.9)
numeric = {
    "mean": dist.expect(lambda n: n),
    "top 10% share": integrate.quad(lambda n: n * dist.pdf(n), top, math.inf)[0] / dist.mean(),
    "overage": integrate.quad(lambda n: (n - INCLUDED) * dist.pdf(n), INCLUDED, math.inf)[0],
    "over the allowance": dist.sf(INCLUDED),
}
closed = {
    "mean": n_mean,
    "top 10% share": usage_share_of_top(0.9),
    "overage": overage(INCLUDED),
    "over the allowance": above(INCLUDED),
}
wrong = [k for k in closed if not math.isclose(closed[k], numeric[k], rel_tol=1e-6)]
if wrong:
    sys.exit(f"check failed: closed form and integration disagree on {', '.join(wrong)}")
print("\ncheck passed: the closed forms match SciPy's lognormal, integrated numerically")
