"""XOR: a linear model cannot separate it, a one-hidden-layer MLP can. In PyTorch."""

# %%
import argparse
import os
import sys

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument("--figure", default="xor_torch.png", help="where to save the plot")
# In Jupyter, ignore the kernel's own command-line arguments.
args = parser.parse_args([] if "ipykernel" in sys.modules else None)
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

# %%
# Noisy XOR: points scattered around the four corners of the unit square.
# The label is 1 when exactly one coordinate is near 1.
corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
labels = np.array([0, 1, 1, 0], dtype=np.float32)
rng = np.random.default_rng(0)


def sample(per_corner):
    x = np.repeat(corners, per_corner, axis=0)
    x = x + rng.normal(scale=0.15, size=x.shape).astype(np.float32)
    return x, np.repeat(labels, per_corner)


x_train, y_train = sample(100)  # 400 training points
x_test, y_test = sample(50)  # 200 held-out points, drawn separately
print(f"data: {len(x_train)} train / {len(x_test)} test points, 2 features, labels 0/1")
x_train, y_train, x_test, y_test = (
    torch.from_numpy(a).to(args.device) for a in (x_train, y_train, x_test, y_test)
)

# %%
models = {
    "linear": nn.Linear(2, 1),  # logistic regression: one weighted sum, one logit
    "MLP": nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1)),  # 8 hidden units
}
loss_fn = nn.BCEWithLogitsLoss()  # sigmoid + binary cross-entropy, computed stably


def accuracy(model, x, y):
    with torch.no_grad():
        return ((model(x).squeeze(1) > 0).float() == y).float().mean().item()


# %%
for name, model in models.items():
    model.to(args.device)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(300):  # full-batch gradient steps
        optimizer.zero_grad()
        loss = loss_fn(model(x_train).squeeze(1), y_train)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        loss = loss_fn(model(x_train).squeeze(1), y_train)
    print(
        f"{name:6s}  final train loss {loss.item():.4f}  "
        f"train accuracy {accuracy(model, x_train, y_train):.4f}  "
        f"test accuracy {accuracy(model, x_test, y_test):.4f}"
    )

# %%
test_linear = accuracy(models["linear"], x_test, y_test)
test_mlp = accuracy(models["MLP"], x_test, y_test)
if test_linear > 0.75 or test_mlp < 1.0:
    sys.exit(f"expected linear <= 0.75 and MLP = 1.0, got {test_linear:.4f} and {test_mlp:.4f}")
with torch.no_grad():
    grid = torch.from_numpy(corners).to(args.device)
    for name, model in models.items():
        p = torch.sigmoid(model(grid)).squeeze(1).cpu().numpy()
        print(
            f"{name:6s}  P(label 1) at (0,0) (0,1) (1,0) (1,1): " + "  ".join(f"{v:.2f}" for v in p)
        )

# %%
fig = Figure(figsize=(8, 3.8), layout="constrained")
axes = fig.subplots(1, 2, sharey=True)
xs = np.linspace(-0.6, 1.6, 221, dtype=np.float32)
mesh = np.stack(np.meshgrid(xs, xs), axis=-1).reshape(-1, 2)
points, classes = x_test.cpu().numpy(), y_test.cpu().numpy()
for ax, (name, model) in zip(axes, models.items(), strict=True):
    with torch.no_grad():
        p = torch.sigmoid(model(torch.from_numpy(mesh).to(args.device))).cpu().numpy()
    ax.contourf(
        xs, xs, p.reshape(len(xs), len(xs)), levels=[0, 0.5, 1], colors=["#dbe4f3", "#f6dcc6"]
    )
    for label, marker, colour in ((0, "o", "#1f5aa6"), (1, "^", "#c0561a")):
        chosen = points[classes == label]
        ax.scatter(
            chosen[:, 0], chosen[:, 1], s=12, marker=marker, color=colour, label=f"label {label}"
        )
    accuracy_text = f"test accuracy {accuracy(model, x_test, y_test):.2f}"
    ax.set(title=f"{name}: {accuracy_text}", xlabel="x1", aspect="equal")
axes[0].set(ylabel="x2")
axes[1].legend(loc="center")
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
