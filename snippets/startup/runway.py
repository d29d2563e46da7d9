"""Runway month by month when inference is a cost per task: cash, gross margin and burn.

Customers pay a flat price per month. Each customer runs more tasks every month, and each
task costs less every month as model prices fall: the inference bill follows both. Every
input is a command-line option with the default below; --help lists them.
"""

import argparse
import math
import sys

# Assumptions: replace them with your own numbers. Amounts in USD, rates per month.
DEFAULTS = {
    "cash": 3_000_000.0,  # in the bank today
    "fixed": 150_000.0,  # salaries, office and tools: paid whatever the usage
    "customers": 20.0,  # paying customers today
    "customer_growth": 0.08,  # customers grow 8% a month
    "price": 2_000.0,  # per customer per month, flat
    "tasks": 10_000.0,  # tasks per customer per month today
    "usage_growth": 0.04,  # each customer runs 4% more tasks every month
    "task_cost": 0.076,  # inference per task today: the task of the unit-economics page
    "cost_decline": 0.05,  # the cost per task falls 5% a month
    "other_cost": 300.0,  # per customer per month: hosting, third-party APIs, support, review
    "threshold": 0.60,  # the gross margin the plan needs
    "months": 60,  # how far to look
}


def number(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    add = parser.add_argument
    add("--cash", type=number, default=DEFAULTS["cash"], help="cash today (USD)")
    add("--fixed", type=number, default=DEFAULTS["fixed"], help="fixed costs per month (USD)")
    add("--customers", type=number, default=DEFAULTS["customers"], help="paying customers today")
    add("--customer-growth", type=number, default=DEFAULTS["customer_growth"])
    add("--price", type=number, default=DEFAULTS["price"], help="USD per customer per month")
    add("--tasks", type=number, default=DEFAULTS["tasks"], help="tasks per customer per month")
    add("--usage-growth", type=number, default=DEFAULTS["usage_growth"])
    add("--task-cost", type=number, default=DEFAULTS["task_cost"], help="USD per task today")
    add("--cost-decline", type=number, default=DEFAULTS["cost_decline"])
    add("--other-cost", type=number, default=DEFAULTS["other_cost"], help="USD per customer")
    add("--threshold", type=number, default=DEFAULTS["threshold"], help="gross margin target")
    add("--months", type=int, default=DEFAULTS["months"], help="months to simulate")
    args = parser.parse_args(argv)
    rules = [
        ("cash", args.cash > 0, "must be positive (USD in the bank)"),
        ("fixed", args.fixed >= 0, "must be 0 or more (USD per month)"),
        ("customers", args.customers > 0, "must be positive"),
        ("customer-growth", args.customer_growth > -1, "must be above -1 (-1 loses everyone)"),
        ("price", args.price > 0, "must be positive (USD per customer per month)"),
        ("tasks", args.tasks >= 0, "must be 0 or more"),
        ("usage-growth", args.usage_growth > -1, "must be above -1"),
        ("task-cost", args.task_cost >= 0, "must be 0 or more (USD per task)"),
        ("cost-decline", args.cost_decline < 1, "must be below 1 (negative: the cost rises)"),
        ("other-cost", args.other_cost >= 0, "must be 0 or more (USD per customer per month)"),
        ("threshold", 0 < args.threshold < 1, "must be between 0 and 1, exclusive"),
        ("months", 1 <= args.months <= 600, "must be between 1 and 600"),
    ]
    for name, ok, rule in rules:
        if not ok:
            value = getattr(args, name.replace("-", "_"))
            parser.error(f"--{name} {rule}, got {value:g}")
    return args


def simulate(a, customer_growth=None, usage_growth=None, cost_decline=None):
    """One row per month t = 1..months; month 0 is today. Rates may be overridden."""
    g = a.customer_growth if customer_growth is None else customer_growth
    u = a.usage_growth if usage_growth is None else usage_growth
    d = a.cost_decline if cost_decline is None else cost_decline
    cash, rows = a.cash, []
    for t in range(1, a.months + 1):
        customers = a.customers * (1 + g) ** t
        tasks = a.tasks * (1 + u) ** t  # per customer
        task_cost = a.task_cost * (1 - d) ** t
        revenue = customers * a.price
        cogs = customers * (tasks * task_cost + a.other_cost)  # cost of revenue
        burn = a.fixed + cogs - revenue  # net burn; negative is a profit
        cash -= burn
        rows.append(
            dict(
                t=t,
                customers=customers,
                tasks=tasks,
                task_cost=task_cost,
                revenue=revenue,
                cogs=cogs,
                margin=1 - cogs / revenue,
                burn=burn,
                cash=cash,
            )
        )
    return rows


def runway(a, rows):
    """Months the cash lasts (fractional), or None if it lasts the whole horizon."""
    before = a.cash
    for r in rows:
        if r["cash"] < 0:
            return r["t"] - 1 + before / r["burn"]
        before = r["cash"]
    return None


def first(rows, test):
    return next((r["t"] for r in rows if test(r)), None)


def series(q, n):
    """q + q^2 + ... + q^n, the geometric series."""
    return n if q == 1 else q * (q**n - 1) / (q - 1)


def closed_form_cash(a, n):
    """Cash after n months from the sums of the three geometric series (no loop over months)."""
    g, u, d = a.customer_growth, a.usage_growth, a.cost_decline
    inference = a.customers * a.tasks * a.task_cost * series((1 + g) * (1 + u) * (1 - d), n)
    per_customer = (a.other_cost - a.price) * a.customers * series(1 + g, n)
    return a.cash - (a.fixed * n + inference + per_customer)


def scenarios(a):
    """The assumed case, three variations of it, and the constant burn the first check uses."""
    return {
        "as assumed": {},
        "customers grow half as fast": {"customer_growth": a.customer_growth / 2},
        "cost per task flat": {"cost_decline": 0.0},
        "tasks per customer flat": {"usage_growth": 0.0},
        "constant burn": {"customer_growth": 0.0, "usage_growth": 0.0, "cost_decline": 0.0},
    }


def months_text(months):
    return "never" if months is None else f"month {months}"


def main(argv=None):
    a = parse(argv)
    try:
        runs = {name: simulate(a, **change) for name, change in scenarios(a).items()}
        if not all(math.isfinite(v) for rows in runs.values() for r in rows for v in r.values()):
            raise OverflowError
    except (OverflowError, ZeroDivisionError):
        sys.exit(
            "runway.py: error: the amounts leave floating-point range (or revenue reaches zero) "
            f"within {a.months} months; lower --months or the growth rates"
        )
    rows = runs["as assumed"]
    print(
        f"{'month':>5}{'customers':>10}{'tasks/cust':>11}{'USD/task':>9}{'revenue':>11}"
        f"{'COGS':>11}{'margin':>8}{'net burn':>11}{'cash':>12}"
    )
    for r in rows:
        if r["t"] == 1 or r["t"] % (6 if r["t"] <= 36 else 12) == 0:
            print(
                f"{r['t']:>5}{r['customers']:>10,.0f}{r['tasks']:>11,.0f}{r['task_cost']:>9.4f}"
                f"{r['revenue']:>11,.0f}{r['cogs']:>11,.0f}{r['margin']:>8.1%}"
                f"{r['burn']:>11,.0f}{r['cash']:>12,.0f}"
            )

    # Burn multiple (David Sacks): net burn over a period / net new ARR in that period.
    window = rows[:12]
    net_burn = sum(r["burn"] for r in window)
    net_new_arr = 12 * (window[-1]["revenue"] - a.customers * a.price)
    label = f"burn multiple, months 1-{len(window)}: net burn / net new ARR"
    if net_burn <= 0:
        print(f"\n{label}: no net burn")
    elif net_new_arr <= 0:
        print(f"\n{label}: no net new ARR")
    else:
        print(f"\n{label} = {net_burn / net_new_arr:.2f}")

    head = f"margin >= {a.threshold:.0%}"
    print(f"\n{'scenario':<28}{'cash lasts':>14}{head:>17}{'burn <= 0':>11}")
    for name in list(runs)[:4]:
        months = runway(a, runs[name])
        lasts = f"{months:.1f} months" if months is not None else f"> {a.months} months"
        margin = first(runs[name], lambda r: r["margin"] >= a.threshold)
        profit = first(runs[name], lambda r: r["burn"] <= 0)
        print(f"{name:<28}{lasts:>14}{months_text(margin):>17}{months_text(profit):>11}")

    # Check 1: with no growth and no price change the burn is constant, and the cash lasts
    # cash / burn months; the loop must find the same.
    burn = a.fixed + a.customers * (a.tasks * a.task_cost + a.other_cost - a.price)
    found = runway(a, runs["constant burn"])
    expected = a.cash / burn if burn > 0 else None
    shown = ["lasts" if m is None else f"{m:.2f} months" for m in (found, expected)]
    print(
        f"\ncheck, constant burn of USD {burn:,.0f} a month: "
        f"loop {shown[0]}, cash / burn {shown[1]}"
    )
    # Check 2: the cash after the last month, summed as geometric series instead of a loop.
    summed = closed_form_cash(a, a.months)
    print(
        f"check, cash after month {a.months}: loop USD {rows[-1]['cash']:,.0f}, "
        f"geometric series USD {summed:,.0f}"
    )
    same_runway = (found is None) == (expected is None) and (
        found is None or math.isclose(found, expected, rel_tol=1e-9)
    )
    scale = a.cash + sum(r["revenue"] + r["cogs"] + a.fixed for r in rows)  # money that moved
    same_cash = math.isclose(rows[-1]["cash"], summed, rel_tol=0, abs_tol=1e-9 * scale)
    if not (same_runway and same_cash):
        sys.exit("check failed: the month-by-month loop and the closed forms disagree")
    print("checks passed: the loop agrees with both closed forms")


if __name__ == "__main__":
    main()
