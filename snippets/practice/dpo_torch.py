"""DPO: tune a small policy on preference pairs against a frozen reference model, in PyTorch."""

# %%
import argparse
import copy
import os
import sys

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument("--beta", type=float, default=0.1, help="DPO's beta (default 0.1)")
parser.add_argument("--figure", default="dpo_torch.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
if not 0 < args.beta <= 10:
    parser.error(f"--beta must be above 0 and at most 10, got {args.beta}")
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


class Policy(nn.Module):
    """A prompt in, one distribution over the vocabulary per response position out."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(FEATURES, 32), nn.Tanh(), nn.Linear(32, LENGTH * VOCAB))

    def forward(self, x):
        return self.net(x).view(-1, LENGTH, VOCAB)  # logits


def log_prob(model, x, y):
    """log pi(y | x): the sum of the log-probabilities of the response's 4 tokens."""
    logp = torch.log_softmax(model(x), dim=-1)
    return logp.gather(-1, y.unsqueeze(-1)).squeeze(-1).sum(-1)


# The reference model stands for the model before preference tuning (after SFT, in practice).
# It stays frozen; the policy starts as a copy of it.
reference = Policy().to(args.device).requires_grad_(False)


def sample(model, x, n):
    """n responses per prompt, drawn token by token with uniforms from NumPy's seeded generator."""
    with torch.no_grad():
        p = torch.softmax(model(torch.from_numpy(x).to(args.device)), dim=-1).cpu().numpy()
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
    tensors = [torch.from_numpy(a).to(args.device) for a in (x, chosen, rejected)]
    x, chosen, rejected = tensors
    with torch.no_grad():  # the reference's log-probabilities never change: compute them once
        ref_chosen, ref_rejected = log_prob(reference, x, chosen), log_prob(reference, x, rejected)
    pairs = dict(x=x, chosen=chosen, rejected=rejected, ref_chosen=ref_chosen,
                 ref_rejected=ref_rejected)  # fmt: skip
    return topic, pairs


_, train = preference_pairs(2000)
topic, held_out = preference_pairs(500)
chosen_np, rejected_np = (held_out[k].cpu().numpy() for k in ("chosen", "rejected"))
hidden_margin = hidden_reward(topic, chosen_np) - hidden_reward(topic, rejected_np)
# The annotators are noisy: how often their choice is the response with the higher hidden
# reward (a tie counts as half). A model that knew the hidden reward would agree this often.
label_quality = float(np.mean(np.where(hidden_margin == 0, 0.5, hidden_margin > 0)))
differs = torch.from_numpy(hidden_margin != 0).to(args.device)
truly_better = torch.from_numpy(hidden_margin > 0).to(args.device)
liked, disliked = (torch.from_numpy(t) for t in liked_and_disliked(topic))
one_hot = nn.functional.one_hot
taste = (one_hot(liked, VOCAB) - one_hot(disliked, VOCAB)).float()[:, None].to(args.device)
print(f"data: {len(train['x'])} train / {len(held_out['x'])} held-out preference pairs")
print(f"held-out labels that agree with the hidden reward: {label_quality:.4f}")


# %%
def dpo_loss(policy, pairs, beta):
    """Rafailov et al. 2023, eq. 7: -log sigmoid(beta * (log-ratio chosen - log-ratio rejected))."""
    chosen_ratio = log_prob(policy, pairs["x"], pairs["chosen"]) - pairs["ref_chosen"]
    rejected_ratio = log_prob(policy, pairs["x"], pairs["rejected"]) - pairs["ref_rejected"]
    u = beta * (chosen_ratio - rejected_ratio)  # the implicit reward margin
    return -nn.functional.logsigmoid(u).mean(), u


def evaluate(policy):
    """On the held-out pairs: agreement with the labels and with the hidden reward, the mean
    implicit reward margin; and, exactly over every possible response, the expected hidden
    reward and the KL divergence from the reference."""
    with torch.no_grad():
        _, u = dpo_loss(policy, held_out, args.beta)
        p = torch.softmax(policy(held_out["x"]), dim=-1)
        q = torch.softmax(reference(held_out["x"]), dim=-1)
    return {
        "accuracy": (u > 0).float().mean().item(),
        "ranking": ((u > 0) == truly_better)[differs].float().mean().item(),
        "margin": u.mean().item(),
        "reward": (p * taste).sum((1, 2)).mean().item(),  # sum of P(liked) - P(disliked)
        "kl": (p * (p.log() - q.log())).sum((1, 2)).mean().item(),
    }


policy = copy.deepcopy(reference).requires_grad_(True)
before = evaluate(policy)
print(f"before: the policy is the reference, expected hidden reward {before['reward']:.4f}")

# %%
epochs, batch_size = 10, 100
optimizer = torch.optim.Adam(policy.parameters(), lr=0.01)
steps = epochs * -(-len(train["x"]) // batch_size)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)  # ends at zero
order = torch.Generator().manual_seed(0)  # shuffles the same way on every run
# "ranking": on held-out pairs whose hidden rewards differ, how often the policy's implicit
# reward ranks the truly better response higher (the labels are noisy; the hidden taste is not)
history = {"loss": [], "ranking": [], "reward": [], "kl": []}
for epoch in range(1, epochs + 1):
    total = 0.0
    for batch in torch.randperm(len(train["x"]), generator=order).split(batch_size):
        optimizer.zero_grad()
        loss, _ = dpo_loss(policy, {k: v[batch] for k, v in train.items()}, args.beta)
        loss.backward()
        optimizer.step()
        schedule.step()
        total += loss.item() * len(batch)
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
# averaged over pairs. Autograd differentiates the loss; the formula takes autograd only for
# the log-probabilities, with the weights -beta * sigmoid(-u) / n held constant.
def gradients(scalar):
    policy.zero_grad()
    scalar.backward()
    return torch.cat([p.grad.flatten() for p in policy.parameters()])


loss, u = dpo_loss(policy, held_out, args.beta)
autograd = gradients(loss)


def by_formula(weight):
    difference = log_prob(policy, held_out["x"], held_out["chosen"]) - log_prob(
        policy, held_out["x"], held_out["rejected"]
    )
    return gradients((weight.detach() * difference).sum())


def relative_difference(g):
    return ((g - autograd).norm() / autograd.norm()).item()


paper = relative_difference(by_formula(-args.beta * torch.sigmoid(-u) / len(u)))
flipped = relative_difference(by_formula(-args.beta * torch.sigmoid(u) / len(u)))  # a wrong sign
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
