"""How a per-step success rate p compounds over n steps: the task succeeds with p**n."""

import math

RATES = (0.99, 0.95, 0.90)  # assumption: probability that one step is right
STEPS = (1, 5, 10, 20, 50)
# Assumptions of the independence model: steps fail independently, and for the retry column a
# failed step is detected (a tool error, a failed validation) and retried once, independently.

print(f"{'p':>5}" + "".join(f"{f'n={n}':>8}" for n in STEPS) + f"{'longest n at 50%':>18}")
for p in RATES:
    longest = math.floor(math.log(0.5) / math.log(p))
    print(f"{p:>5.2f}" + "".join(f"{p**n:>8.1%}" for n in STEPS) + f"{longest:>18}")

print()
print(f"{'p':>5}{'10 steps':>10}{'runs per success':>18}{'p with one retry':>18}{'10 steps':>10}")
for p in RATES:
    retried = 1 - (1 - p) ** 2
    print(f"{p:>5.2f}{p**10:>10.1%}{1 / p**10:>18.2f}{retried:>18.4f}{retried**10:>10.1%}")
