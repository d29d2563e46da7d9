"""GRPO: reinforcement learning with a verifiable reward on small sums, in PyTorch."""

# %%
import argparse
import copy
import itertools
import math
import os
import statistics
import sys

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument("--group", type=int, default=8, help="answers sampled per problem (default 8)")
parser.add_argument("--figure", default="grpo_torch.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
if not 2 <= args.group <= 64:
    parser.error(f"--group must be from 2 to 64 (a group of 1 has no spread), got {args.group}")
accelerator = torch.accelerator.current_accelerator(check_available=True)  # CUDA, MPS, XPU or None
if args.device == "auto":
    args.device = accelerator.type if accelerator is not None else "cpu"
elif args.device != "cpu" and (accelerator is None or accelerator.type != args.device):
    found = accelerator.type if accelerator is not None else "none"
    parser.error(f"--device {args.device}: not available here (accelerator found: {found})")
print(f"device: {args.device}")

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")  # deterministic CUDA matmuls
torch.manual_seed(0)
# Deterministic kernels where PyTorch has them; on a GPU, an operation that has none
# warns instead of stopping the run.
torch.use_deterministic_algorithms(True, warn_only=True)
torch.backends.fp32_precision = "ieee"  # float32 on GPUs too, no TF32
torch.set_num_threads(1)  # a model this small runs faster on one CPU thread than on several

# %%
# The task: a + b for a and b from 0 to 19, each problem shown with 4 options, the right sum
# and 3 wrong ones within 3 of it, in random order. The reward is verifiable: 1 when the chosen
# option equals a + b, else 0. 300 problems train the policy; 100 others are held out.
OPTIONS = 4
rng = np.random.default_rng(0)
problems = np.array(list(itertools.product(range(20), repeat=2)))
sums = problems.sum(1)
options = np.empty((len(problems), OPTIONS), dtype=np.int64)
for i, s in enumerate(sums):
    wrong = [v for v in range(s - 3, s + 4) if v != s and v >= 0]
    options[i] = rng.permutation([s, *rng.choice(wrong, OPTIONS - 1, replace=False)])
answer = (options == sums[:, None]).argmax(1)  # which option is right
order = rng.permutation(len(problems))
held_out, train = order[:100], order[100:]


def features(index):
    """Each option as (a, b, option) / 5: the policy scores options one at a time."""
    a, b = (np.repeat(problems[index, k, None], OPTIONS, axis=1) for k in (0, 1))
    x = np.stack([a, b, options[index]], axis=-1) / 5
    return torch.tensor(x, dtype=torch.float32, device=args.device)


x_train, x_held_out = features(train), features(held_out)
y_train, y_held_out = (torch.from_numpy(answer[i]).to(args.device) for i in (train, held_out))
print(
    f"data: {len(train)} train / {len(held_out)} held-out problems a + b, "
    f"{OPTIONS} options each, reward 1 for the right sum"
)

# %%
# The policy gives each option a score; a softmax over a problem's 4 scores is pi(option | problem).
policy = nn.Sequential(nn.Linear(3, 32), nn.Tanh(), nn.Linear(32, 1)).to(args.device)
reference = copy.deepcopy(policy).requires_grad_(False)  # the starting policy, frozen, for the KL


def log_probs(model, x):
    return torch.log_softmax(model(x).squeeze(-1), dim=-1)  # (problems, OPTIONS)


def evaluate(x, y):
    with torch.no_grad():
        logp = log_probs(policy, x)
        kl = (logp.exp() * (logp - log_probs(reference, x))).sum(-1)  # exact KL(policy || ref)
    accuracy = (logp.argmax(-1) == y).float().mean().item()  # greedy: the most likely option
    p_right = logp.gather(1, y[:, None]).exp().mean().item()
    return accuracy, p_right, kl.mean().item()


accuracy, p_right, _ = evaluate(x_held_out, y_held_out)
print(f"before: held-out accuracy {accuracy:.4f} (chance 0.25), mean P(right option) {p_right:.4f}")


# %%
# Group-relative advantage (Shao et al. 2024, section 4.1.2): each answer's reward minus its
# group's mean, divided by the group's standard deviation. The paper does not say which
# standard deviation or how to avoid dividing by zero; this follows TRL's GRPOTrainer: the
# sample standard deviation (n - 1 in the denominator) plus 1e-4. A group whose answers all get
# the same reward has advantage 0 for every answer: it teaches nothing.
EPS_STD = 1e-4


def advantages(rewards):  # (problems, group)
    mean = rewards.mean(1, keepdim=True)
    return (rewards - mean) / (rewards.std(1, keepdim=True, correction=1) + EPS_STD)


# The clipped objective with the KL penalty (the paper's eq. 3), for one-token answers:
#   min(ratio * A, clip(ratio, 1 - eps, 1 + eps) * A) - beta * KL,  ratio = pi / pi_old,
# with KL estimated per sampled answer by the paper's eq. 4 (unbiased, never negative):
#   KL = pi_ref / pi - log(pi_ref / pi) - 1.
# beta = 0.001 is the value TRL's GRPOConfig documentation gives for DeepSeek-R1.
CLIP, BETA = 0.2, 0.001


def grpo_objective(logp, logp_old, logp_ref, advantage):
    ratio = torch.exp(logp - logp_old)
    surrogate = torch.minimum(ratio * advantage, ratio.clamp(1 - CLIP, 1 + CLIP) * advantage)
    kl = torch.exp(logp_ref - logp) - (logp_ref - logp) - 1
    clipped = ((ratio - 1).abs() > CLIP).float().mean()
    return (surrogate - BETA * kl).mean(), clipped  # mean over the group and the problems


# %%
# Each step samples a group of answers to every training problem from the current policy
# (pi_old), scores them with the verifier, and makes 2 updates on them: on the second, the
# policy has moved, the ratio is no longer 1, and the clip can act.
steps, updates = 300, 2
optimizer = torch.optim.Adam(policy.parameters(), lr=0.03)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps * updates)
print(
    f"GRPO: groups of {args.group} answers, eps {CLIP}, beta {BETA}, "
    f"advantage (r - group mean) / (sample std + {EPS_STD:g})"
)
all_right, all_wrong, checked = [], [], None
with torch.no_grad():
    logp_ref = log_probs(reference, x_train)
for step in range(1, steps + 1):
    with torch.no_grad():
        logp_old = log_probs(policy, x_train)
    # G answers per problem, drawn by inverse-CDF with uniforms from NumPy's seeded generator
    cdf = logp_old.exp().cumsum(-1).cpu().numpy()[:, None]
    u = rng.random((len(train), args.group, 1))
    sampled = torch.from_numpy(np.minimum((u > cdf).sum(-1), OPTIONS - 1)).to(args.device)
    rewards = (sampled == y_train[:, None]).float()  # the verifier
    advantage = advantages(rewards)
    # a group whose answers are all right, or all wrong, has no signal
    all_right.append((rewards.min(1).values == 1).float().mean().item())
    all_wrong.append((rewards.max(1).values == 0).float().mean().item())
    if step == 1:
        print(
            f"step 1: mean reward {rewards.mean():.4f}, groups with every answer wrong "
            f"{all_wrong[0]:.2f}, every answer right {all_right[0]:.2f}"
        )
    old, ref = logp_old.gather(1, sampled), logp_ref.gather(1, sampled)
    for _ in range(updates):
        logp = log_probs(policy, x_train).gather(1, sampled)
        objective, clipped = grpo_objective(logp, old, ref, advantage)
        optimizer.zero_grad()
        (-objective).backward()  # gradient ascent on the objective
        optimizer.step()
        schedule.step()
    if checked is None and clipped > 0:  # the first step with a clipped ratio: kept for checks
        checked = dict(rewards=rewards, advantage=advantage, logp=logp.detach(), old=old, ref=ref,
                       objective=objective.item())  # fmt: skip
train_accuracy, _, _ = evaluate(x_train, y_train)
accuracy, p_right, kl = evaluate(x_held_out, y_held_out)
print(f"after {steps} steps: train accuracy {train_accuracy:.4f}, held-out accuracy {accuracy:.4f}")
print(f"after: held-out mean P(right option) {p_right:.4f}, KL(policy || reference) {kl:.2f} nats")
print(
    f"last 60 steps: groups with every answer right {np.mean(all_right[-60:]):.2f}, "
    f"every answer wrong {np.mean(all_wrong[-60:]):.2f}"
)

# %%
# Checks against independent computations, each of which can fail. They use the first step
# with an answer whose ratio left [1 - eps, 1 + eps].
if checked is None:
    sys.exit("no ratio was ever clipped: nothing to check the clipped objective on")
# 1. The advantages of that step, recomputed group by group with Python's statistics module
#    (stdev is the sample standard deviation); the population one (pstdev) must differ.
rewards = checked["rewards"].cpu().numpy()


def by_hand(spread):
    rows = [[(r - statistics.mean(g)) / (spread(g) + EPS_STD) for r in g] for g in rewards.tolist()]
    return np.array(rows)


ours = checked["advantage"].cpu().numpy()
sample_ok = np.allclose(ours, by_hand(statistics.stdev), rtol=1e-5, atol=1e-5)
population_differs = not np.allclose(ours, by_hand(statistics.pstdev), rtol=1e-5, atol=1e-5)
print(f"check: advantages equal statistics.stdev's, group by group: {sample_ok}")
print(f"check: with the population deviation (pstdev) they would not: {population_differs}")
# 2. The objective of that step's last update, answer by answer with the math module.
terms = []
for lp, lo, lr, a in zip(*(checked[k].flatten().tolist() for k in ("logp", "old", "ref")),
                         checked["advantage"].flatten().tolist(), strict=True):  # fmt: skip
    ratio = math.exp(lp - lo)
    clipped_ratio = min(max(ratio, 1 - CLIP), 1 + CLIP)
    kl_term = math.exp(lr - lp) - (lr - lp) - 1
    terms.append(min(ratio * a, clipped_ratio * a) - BETA * kl_term)
mean = statistics.fmean(terms)
objective_ok = math.isclose(mean, checked["objective"], rel_tol=1e-4, abs_tol=1e-6)
print(f"check: the clipped objective equals an answer-by-answer computation: {objective_ok}")
# 3. The KL estimator is unbiased: its mean under the policy, summed exactly over the 4
#    options, equals the exact KL, on every held-out problem.
with torch.no_grad():
    logp, logp_ref = log_probs(policy, x_held_out), log_probs(reference, x_held_out)
estimate = (logp.exp() * (torch.exp(logp_ref - logp) - (logp_ref - logp) - 1)).sum(-1)
exact = (logp.exp() * (logp - logp_ref)).sum(-1)
kl_ok = torch.allclose(estimate, exact, rtol=1e-4, atol=1e-6)
print(f"check: the KL estimator's mean over the policy equals the exact KL: {kl_ok}")
if not (sample_ok and population_differs and objective_ok and kl_ok):
    sys.exit("a check against an independent computation failed")
if accuracy < 0.95 or p_right < 0.8:
    sys.exit(f"expected held-out accuracy >= 0.95 and mean P(right) >= 0.8, got "
             f"{accuracy:.4f} and {p_right:.4f}")  # fmt: skip

# %%
# What the policy learned: on held-out problems, the mean probability of an option by its
# distance from the right sum (each problem shows the right sum and 3 of the 6 distances).
distance = options[held_out] - sums[held_out, None]
distances = np.arange(-3, 4)


def by_distance(model):
    with torch.no_grad():
        p = log_probs(model, x_held_out).exp().cpu().numpy()
    return [p[distance == d].mean() for d in distances]


fig = Figure(figsize=(6, 3.6), layout="constrained")
ax = fig.subplots()
ax.plot(distances, by_distance(reference), marker="o", label="before (the reference)")
ax.plot(distances, by_distance(policy), marker="s", label=f"after {steps} GRPO steps")
ax.set(xlabel="option - (a + b)", ylabel="mean probability", ylim=(0, 1.05),
       title="Held-out problems: where the policy puts its probability")  # fmt: skip
ax.legend()
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
