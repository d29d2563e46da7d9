"""DPO: tune a small policy on preference pairs against a frozen reference model, in TensorFlow
(Keras 3)."""

# %%
import argparse
import os
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
parser.add_argument("--beta", type=float, default=0.1, help="DPO's beta (default 0.1)")
parser.add_argument("--figure", default="dpo_tf.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
if not 0 < args.beta <= 10:
    parser.error(f"--beta must be above 0 and at most 10, got {args.beta}")
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
    parser.error("--device gpu: no GPU is visible to TensorFlow")
print("device:", "gpu" if tf.config.list_logical_devices("GPU") else "cpu")

keras.utils.set_random_seed(0)  # seeds Python, NumPy and TensorFlow
tf.config.experimental.enable_op_determinism()
tf.config.experimental.enable_tensor_float_32_execution(False)  # float32 on GPUs too, no TF32

# %%
# The task. A prompt is one of 4 topics seen through noise (8 numbers). A response is 4 tokens
# from a vocabulary of 6. The annotators' taste is hidden from the model: in topic c they like
# token c and dislike token (c + 1) % 4; tokens 4 and 5 are neutral. A response's hidden reward
# is the number of liked tokens minus the number of disliked ones, from -4 to 4.
TOPICS, FEATURES, LENGTH, VOCAB = 4, 8, 4, 6
rng = np.random.default_rng(0)
centres = rng.normal(size=(TOPICS, FEATURES)).astype(np.float32)


def make_prompts(n):
    topic = rng.integers(TOPICS, size=n)
    return topic, centres[topic] + rng.normal(scale=0.5, size=(n, FEATURES)).astype(np.float32)


def liked_and_disliked(topic):
    return topic, (topic + 1) % TOPICS


def hidden_reward(topic, responses):
    liked, disliked = liked_and_disliked(topic)
    return (responses == liked[:, None]).sum(1) - (responses == disliked[:, None]).sum(1)


def make_policy():
    """A prompt in, one distribution over the vocabulary per response position out (logits)."""
    return keras.Sequential(
        [
            keras.Input(shape=(FEATURES,)),
            keras.layers.Dense(32, activation="tanh"),
            keras.layers.Dense(LENGTH * VOCAB),
            keras.layers.Reshape((LENGTH, VOCAB)),
        ]
    )


def log_prob(model, x, y):
    """log pi(y | x): the sum of the log-probabilities of the response's 4 tokens."""
    logp = tf.nn.log_softmax(model(x), axis=-1)
    return tf.reduce_sum(logp * tf.one_hot(y, VOCAB), axis=[1, 2])


# The reference model stands for the model before preference tuning (after SFT, in practice).
# It stays frozen; the policy starts as a copy of it.
reference = make_policy()
reference.trainable = False


def sample(model, x, n):
    """n responses per prompt, drawn token by token with uniforms from NumPy's seeded generator."""
    p = tf.nn.softmax(model(x), axis=-1).numpy()
    u = rng.random(size=(len(x), n, LENGTH, 1))
    cdf = np.cumsum(p, axis=-1)[:, None]  # (prompts, 1, LENGTH, VOCAB)
    return np.minimum((u > cdf).sum(-1), VOCAB - 1)  # inverse-CDF sampling


def preference_pairs(n):
    """Two answers of the reference model per prompt; the annotator picks one (Bradley-Terry)."""
    topic, x = make_prompts(n)
    first, second = sample(reference, x, 2).transpose(1, 0, 2)
    margin = hidden_reward(topic, first) - hidden_reward(topic, second)
    first_wins = rng.random(n) < 1 / (1 + np.exp(-margin))  # P(first preferred) = sigmoid(margin)
    chosen = np.where(first_wins[:, None], first, second)
    rejected = np.where(first_wins[:, None], second, first)
    # the reference's log-probabilities never change: compute them once
    ref_chosen, ref_rejected = log_prob(reference, x, chosen), log_prob(reference, x, rejected)
    pairs = dict(x=x, chosen=chosen, rejected=rejected, ref_chosen=ref_chosen.numpy(),
                 ref_rejected=ref_rejected.numpy())  # fmt: skip
    return topic, pairs


_, train = preference_pairs(2000)
topic, held_out = preference_pairs(500)
chosen, rejected = held_out["chosen"], held_out["rejected"]
hidden_margin = hidden_reward(topic, chosen) - hidden_reward(topic, rejected)
# The annotators are noisy: how often their choice is the response with the higher hidden
# reward (a tie counts as half). A model that knew the hidden reward would agree this often.
label_quality = float(np.mean(np.where(hidden_margin == 0, 0.5, hidden_margin > 0)))
differs, truly_better = hidden_margin != 0, hidden_margin > 0
liked, disliked = liked_and_disliked(topic)
taste = (np.eye(VOCAB)[liked] - np.eye(VOCAB)[disliked]).astype(np.float32)[:, None]
print(f"data: {len(train['x'])} train / {len(held_out['x'])} held-out preference pairs")
print(f"held-out labels that agree with the hidden reward: {label_quality:.4f}")


# %%
def dpo_loss(policy, pairs, beta):
    """Rafailov et al. 2023, eq. 7: -log sigmoid(beta * (log-ratio chosen - log-ratio rejected))."""
    chosen_ratio = log_prob(policy, pairs["x"], pairs["chosen"]) - pairs["ref_chosen"]
    rejected_ratio = log_prob(policy, pairs["x"], pairs["rejected"]) - pairs["ref_rejected"]
    u = beta * (chosen_ratio - rejected_ratio)  # the implicit reward margin
    return -tf.reduce_mean(tf.math.log_sigmoid(u)), u


def evaluate(policy):
    """On the held-out pairs: agreement with the labels and with the hidden reward, the mean
    implicit reward margin; and, exactly over every possible response, the expected hidden
    reward and the KL divergence from the reference."""
    _, u = dpo_loss(policy, held_out, args.beta)
    u = u.numpy()
    p = tf.nn.softmax(policy(held_out["x"]), axis=-1)
    q = tf.nn.softmax(reference(held_out["x"]), axis=-1)
    kl = tf.reduce_sum(p * (tf.math.log(p) - tf.math.log(q)), axis=[1, 2])
    return {
        "accuracy": float(np.mean(u > 0)),
        "ranking": float(np.mean((u > 0)[differs] == truly_better[differs])),
        "margin": float(np.mean(u)),
        "reward": float(tf.reduce_mean(tf.reduce_sum(p * taste, axis=[1, 2]))),
        "kl": float(tf.reduce_mean(kl)),
    }


policy = keras.models.clone_model(reference)
policy.set_weights(reference.get_weights())
policy.trainable = True
before = evaluate(policy)
print(f"before: the policy is the reference, expected hidden reward {before['reward']:.4f}")

# %%
epochs, batch_size = 10, 100
steps = epochs * -(-len(train["x"]) // batch_size)
# the learning rate falls along a cosine from 0.01 to zero
optimizer = keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(0.01, steps))


@tf.function
def train_step(pairs):
    with tf.GradientTape() as tape:
        loss, _ = dpo_loss(policy, pairs, args.beta)
    gradients = tape.gradient(loss, policy.trainable_variables)
    optimizer.apply_gradients(zip(gradients, policy.trainable_variables, strict=True))
    return loss


order = np.random.default_rng(1)  # shuffles the same way on every run
# "ranking": on held-out pairs whose hidden rewards differ, how often the policy's implicit
# reward ranks the truly better response higher (the labels are noisy; the hidden taste is not)
history = {"loss": [], "ranking": [], "reward": [], "kl": []}
for epoch in range(1, epochs + 1):
    total = 0.0
    for batch in np.array_split(order.permutation(len(train["x"])), len(train["x"]) // batch_size):
        loss = train_step({k: v[batch] for k, v in train.items()})
        total += float(loss) * len(batch)
    history["loss"].append(total / len(train["x"]))
    now = evaluate(policy)
    for key in ("ranking", "reward", "kl"):
        history[key].append(now[key])
    if epoch % 2 == 0:
        print(
            f"epoch {epoch:2d}  train loss {history['loss'][-1]:.4f}  held-out ranking "
            f"{now['ranking']:.4f}  expected hidden reward {now['reward']:.4f}"
        )
after = evaluate(policy)
print(
    f"after: held-out preference accuracy {after['accuracy']:.4f} (the hidden reward scores "
    f"{label_quality:.4f}), mean implicit reward margin {after['margin']:.4f}"
)
print(
    f"after: expected hidden reward {after['reward']:.4f} (at most 4), "
    f"KL(policy || reference) {after['kl']:.4f} nats"
)


# %%
# The gradient, checked against the paper's form (section 4):
#   grad L = -beta * sigmoid(-u) * (grad log pi(chosen | x) - grad log pi(rejected | x)),
# averaged over pairs. The tape differentiates the loss; the formula takes the tape only for
# the log-probabilities, with the weights -beta * sigmoid(-u) / n held constant.
def gradients(tape, scalar):
    return tf.concat(
        [tf.reshape(g, [-1]) for g in tape.gradient(scalar, policy.trainable_variables)], 0
    )


with tf.GradientTape() as tape:
    loss, u = dpo_loss(policy, held_out, args.beta)
autograd = gradients(tape, loss)


def by_formula(weight):
    with tf.GradientTape() as tape:
        difference = log_prob(policy, held_out["x"], held_out["chosen"]) - log_prob(
            policy, held_out["x"], held_out["rejected"]
        )
        surrogate = tf.reduce_sum(tf.stop_gradient(weight) * difference)
    return gradients(tape, surrogate)


def relative_difference(g):
    return float(tf.norm(g - autograd) / tf.norm(autograd))


n = float(len(held_out["x"]))
paper = relative_difference(by_formula(-args.beta * tf.sigmoid(-u) / n))
flipped = relative_difference(by_formula(-args.beta * tf.sigmoid(u) / n))  # a wrong sign
print(f"gradient check: autograd and the paper's formula agree to 1e-4: {paper < 1e-4}")
print(f"the same check with sigmoid(+u) in the formula would fail: {flipped > 1e-2}")
if not (paper < 1e-4 and flipped > 1e-2):
    sys.exit(f"gradient check failed: relative difference {paper:.2e} (sign flipped {flipped:.2e})")
if after["ranking"] < 0.9 or after["reward"] - before["reward"] < 2.0:
    sys.exit(
        f"expected the truly better held-out response ranked higher in >= 0.9 of pairs and the "
        f"hidden reward up by >= 2.0, got {after['ranking']:.4f} and "
        f"{after['reward'] - before['reward']:.4f}"
    )

# %%
fig = Figure(figsize=(9, 3.6), layout="constrained")
left, right = fig.subplots(1, 2)
xs = range(1, epochs + 1)
left.plot(xs, history["loss"], marker="o", label="train loss")
left.plot(xs, history["ranking"], marker="s", label="held-out: truly better ranked higher")
left.set(xlabel="epoch", ylim=(0, 1.05), title="DPO training")
left.legend()
right.plot(xs, history["reward"], marker="o", label="expected hidden reward")
right.plot(xs, history["kl"], marker="s", label="KL(policy || reference)")
right.set(xlabel="epoch", title="What it bought, and what it cost")
right.legend()
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
