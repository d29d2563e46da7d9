"""GRPO: reinforcement learning with a verifiable reward on small sums, in TensorFlow (Keras 3)."""

# %%
import argparse
import itertools
import math
import os
import statistics
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's C++ log
# oneDNN's custom CPU kernels are on by default only on some CPUs, where they change the
# rounding and announce themselves on stderr; off, every CPU runs the same kernels.
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import keras
import numpy as np
import tensorflow as tf
from matplotlib.figure import Figure

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
parser.add_argument("--group", type=int, default=8, help="answers sampled per problem (default 8)")
parser.add_argument("--figure", default="grpo_tf.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
if not 2 <= args.group <= 64:
    parser.error(f"--group must be from 2 to 64 (a group of 1 has no spread), got {args.group}")
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
    parser.error("--device gpu: no GPU is visible to TensorFlow")
print("device:", "gpu" if tf.config.list_logical_devices("GPU") else "cpu")

keras.utils.set_random_seed(0)  # seeds Python, NumPy and TensorFlow
tf.config.experimental.enable_op_determinism()
tf.config.experimental.enable_tensor_float_32_execution(False)  # float32 on GPUs too, no TF32

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
    return (np.stack([a, b, options[index]], axis=-1) / 5).astype(np.float32)


x_train, x_held_out = features(train), features(held_out)
y_train, y_held_out = answer[train], answer[held_out]
print(
    f"data: {len(train)} train / {len(held_out)} held-out problems a + b, "
    f"{OPTIONS} options each, reward 1 for the right sum"
)

# %%
# The policy gives each option a score; a softmax over a problem's 4 scores is pi(option | problem).
policy = keras.Sequential(
    [
        keras.Input(shape=(OPTIONS, 3)),
        keras.layers.Dense(32, activation="tanh"),
        keras.layers.Dense(1),
    ]
)
reference = keras.models.clone_model(policy)  # the starting policy, frozen, for the KL
reference.set_weights(policy.get_weights())
reference.trainable = False


def log_probs(model, x):
    return tf.nn.log_softmax(tf.squeeze(model(x), -1), axis=-1)  # (problems, OPTIONS)


def evaluate(x, y):
    logp = log_probs(policy, x)
    kl = tf.reduce_sum(tf.exp(logp) * (logp - log_probs(reference, x)), -1)  # exact KL
    accuracy = float(np.mean(np.argmax(logp, -1) == y))  # greedy: the most likely option
    p_right = float(tf.reduce_mean(tf.exp(tf.gather(logp, y, batch_dims=1))))
    return accuracy, p_right, float(tf.reduce_mean(kl))


accuracy, p_right, _ = evaluate(x_held_out, y_held_out)
print(f"before: held-out accuracy {accuracy:.4f} (chance 0.25), mean P(right option) {p_right:.4f}")


# %%
# Group-relative advantage (Shao et al. 2024, section 4.1.2): each answer's reward minus its
# group's mean, divided by the group's standard deviation. The paper does not say which
# standard deviation or how to avoid dividing by zero; this follows TRL's GRPOTrainer: the
# sample standard deviation (n - 1 in the denominator) plus 1e-4. tf.math.reduce_std divides
# by n, so the code divides by n - 1 itself. A group whose answers all get the same reward has
# advantage 0 for every answer: it teaches nothing.
EPS_STD = 1e-4


def advantages(rewards):  # (problems, group)
    mean = tf.reduce_mean(rewards, 1, keepdims=True)
    n = tf.cast(tf.shape(rewards)[1], rewards.dtype)
    std = tf.sqrt(tf.reduce_sum((rewards - mean) ** 2, 1, keepdims=True) / (n - 1))
    return (rewards - mean) / (std + EPS_STD)


# The clipped objective with the KL penalty (the paper's eq. 3), for one-token answers:
#   min(ratio * A, clip(ratio, 1 - eps, 1 + eps) * A) - beta * KL,  ratio = pi / pi_old,
# with KL estimated per sampled answer by the paper's eq. 4 (unbiased, never negative):
#   KL = pi_ref / pi - log(pi_ref / pi) - 1.
# beta = 0.001 is the value TRL's GRPOConfig documentation gives for DeepSeek-R1.
CLIP, BETA = 0.2, 0.001


def grpo_objective(logp, logp_old, logp_ref, advantage):
    ratio = tf.exp(logp - logp_old)
    clipped_ratio = tf.clip_by_value(ratio, 1 - CLIP, 1 + CLIP)
    surrogate = tf.minimum(ratio * advantage, clipped_ratio * advantage)
    kl = tf.exp(logp_ref - logp) - (logp_ref - logp) - 1
    clipped = tf.reduce_mean(tf.cast(tf.abs(ratio - 1) > CLIP, tf.float32))
    return tf.reduce_mean(surrogate - BETA * kl), clipped  # mean over the group and the problems


# %%
# Each step samples a group of answers to every training problem from the current policy
# (pi_old), scores them with the verifier, and makes 2 updates on them: on the second, the
# policy has moved, the ratio is no longer 1, and the clip can act.
steps, updates = 300, 2
# the learning rate falls along a cosine from 0.03 to zero
optimizer = keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(0.03, steps * updates))


@tf.function
def update(sampled, old, ref, advantage):
    with tf.GradientTape() as tape:
        logp = tf.gather(log_probs(policy, x_train), sampled, batch_dims=1)
        objective, clipped = grpo_objective(logp, old, ref, advantage)
        loss = -objective  # gradient ascent on the objective
    gradients = tape.gradient(loss, policy.trainable_variables)
    optimizer.apply_gradients(zip(gradients, policy.trainable_variables, strict=True))
    return logp, objective, clipped


print(
    f"GRPO: groups of {args.group} answers, eps {CLIP}, beta {BETA}, "
    f"advantage (r - group mean) / (sample std + {EPS_STD:g})"
)
all_right, all_wrong, checked = [], [], None
logp_ref = log_probs(reference, x_train)
for step in range(1, steps + 1):
    logp_old = log_probs(policy, x_train)
    # G answers per problem, drawn by inverse-CDF with uniforms from NumPy's seeded generator
    cdf = np.cumsum(np.exp(logp_old.numpy()), -1)[:, None]
    u = rng.random((len(train), args.group, 1))
    sampled = np.minimum((u > cdf).sum(-1), OPTIONS - 1)
    rewards = (sampled == y_train[:, None]).astype(np.float32)  # the verifier
    advantage = advantages(tf.constant(rewards))
    # a group whose answers are all right, or all wrong, has no signal
    all_right.append(float(np.mean(rewards.min(1) == 1)))
    all_wrong.append(float(np.mean(rewards.max(1) == 0)))
    if step == 1:
        print(
            f"step 1: mean reward {rewards.mean():.4f}, groups with every answer wrong "
            f"{all_wrong[0]:.2f}, every answer right {all_right[0]:.2f}"
        )
    old = tf.gather(logp_old, sampled, batch_dims=1)
    ref = tf.gather(logp_ref, sampled, batch_dims=1)
    for _ in range(updates):
        logp, objective, clipped = update(sampled, old, ref, advantage)
    if checked is None and clipped > 0:  # the first step with a clipped ratio: kept for checks
        checked = dict(rewards=rewards, advantage=advantage.numpy(), logp=logp.numpy(),
                       old=old.numpy(), ref=ref.numpy(), objective=float(objective))  # fmt: skip
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
rewards = checked["rewards"]


def by_hand(spread):
    rows = [[(r - statistics.mean(g)) / (spread(g) + EPS_STD) for r in g] for g in rewards.tolist()]
    return np.array(rows)


ours = checked["advantage"]
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
logp, logp_ref = log_probs(policy, x_held_out), log_probs(reference, x_held_out)
estimate = tf.reduce_sum(tf.exp(logp) * (tf.exp(logp_ref - logp) - (logp_ref - logp) - 1), -1)
exact = tf.reduce_sum(tf.exp(logp) * (logp - logp_ref), -1)
kl_ok = np.allclose(estimate, exact, rtol=1e-4, atol=1e-6)
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
    p = np.exp(log_probs(model, x_held_out).numpy())
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
