"""Published serving measurements against the calculator's bounds for the same setups."""

import argparse
import sys

from matplotlib.figure import Figure

from startup_math.measured import comparisons, fractions

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--figure", default="measured_vs_bound.png", help="where to save the plot")
args = parser.parse_args([] if "ipykernel" in sys.modules else None)

print(f"{'run':<40}{'measured':>10}{'bound':>10}{'share':>7}  bound by")
for c in comparisons():
    m = c.measurement
    print(f"{m.key:<40}{m.value:>10,.0f}{c.bound:>10,.0f}{c.fraction:>7.2f}  {c.binding}")
below = sum(1 for c in comparisons() if c.fraction <= 1)
print(f"\n{len(comparisons())} published runs, {below} of them at or below their bound")
for regime, moe in (("throughput", False), ("throughput", True), ("latency", None)):
    s = fractions(regime, moe=moe)
    kind = {False: "dense", True: "MoE", None: "all"}[moe]
    print(
        f"{regime} runs, {kind} ({s.count} fully described): share of the bound "
        f"{s.low:.2f} to {s.high:.2f}, median {s.median:.2f}"
    )

fig = Figure(figsize=(6.4, 4.8), layout="constrained")
ax = fig.subplots()
styles = {"throughput": ("o", "#1f5aa6"), "latency": ("^", "#c0561a")}
for regime, (marker, colour) in styles.items():
    chosen = [c for c in comparisons() if c.measurement.regime == regime]
    ax.scatter(
        [c.bound for c in chosen],
        [c.measurement.value for c in chosen],
        marker=marker,
        color=colour,
        label=f"{regime} runs",
    )
line = [10, 2e6]
ax.plot(line, line, color="#333333", label="the bound")
median = fractions("throughput").median
ax.plot(
    line,
    [x * median for x in line],
    color="#777777",
    linestyle="--",
    label=f"{median:.2f} of the bound",
)
ax.set(
    xscale="log",
    yscale="log",
    xlabel="bound for the setup (tokens/s)",
    ylabel="published measurement (tokens/s)",
    title="Every published run sits below its bound",
)
ax.legend(loc="upper left")
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
