"""A small CNN that reads scikit-learn's 8x8 handwritten digits, in PyTorch."""

# %%
import argparse
import os
import sys

import numpy as np
import torch
from matplotlib.figure import Figure
from sklearn.datasets import load_digits
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from torch import nn

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
parser.add_argument("--figure", default="digits_cnn_torch.png", help="where to save the plot")
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
torch.backends.fp32_precision = "ieee"  # float32 on GPUs too: no TF32 convolutions or RNNs

# %%
# 1,797 grey-scale images of 8x8 pixels (values 0-16), shipped with scikit-learn.
digits = load_digits()
x = (digits.images / 16.0).astype(np.float32)[:, None, :, :]  # (N, channel, height, width)
y = digits.target
x_train, x_rest, y_train, y_rest = train_test_split(x, y, test_size=0.4, stratify=y, random_state=0)
x_val, x_test, y_val, y_test = train_test_split(
    x_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=0
)
print(
    f"data: {len(x_train)} train / {len(x_val)} validation / {len(x_test)} test images, "
    f"8x8 pixels, {len(digits.target_names)} classes"
)


def tensors(images, labels):
    return torch.from_numpy(images).to(args.device), torch.from_numpy(labels).to(args.device)


(x_train, y_train), (x_val, y_val), (x_test, y_test) = (
    tensors(x_train, y_train),
    tensors(x_val, y_val),
    tensors(x_test, y_test),
)

# %%
model = nn.Sequential(
    nn.Conv2d(1, 16, kernel_size=3, padding=1),  # 16 filters, 8x8 -> 8x8
    nn.ReLU(),
    nn.Conv2d(16, 32, kernel_size=3, padding=1),  # 32 filters, 8x8 -> 8x8
    nn.ReLU(),
    nn.MaxPool2d(2),  # 8x8 -> 4x4
    nn.Flatten(),
    nn.Dropout(0.3),  # while training, zero 30% of the features at random
    nn.Linear(32 * 4 * 4, 64),
    nn.ReLU(),
    nn.Linear(64, 10),  # one logit per digit; softmax is inside the loss
).to(args.device)
loss_fn = nn.CrossEntropyLoss()
epochs, batch_size = 15, 32
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
# The learning rate falls along a cosine to zero by the last step: the model settles, so a CPU's
# rounding cannot tip the images near a decision boundary from one class to another.
steps = epochs * -(-len(x_train) // batch_size)
schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
print(f"parameters: {sum(p.numel() for p in model.parameters()):,}")


def accuracy(images, labels):
    model.eval()
    with torch.no_grad():
        predicted = model(images).argmax(dim=1)
    return (predicted == labels).float().mean().item(), predicted


# %%
order = torch.Generator().manual_seed(0)  # shuffles the same way on every run
history = {"loss": [], "val_accuracy": []}
for epoch in range(1, epochs + 1):
    model.train()
    total = 0.0
    for batch in torch.randperm(len(x_train), generator=order).split(batch_size):
        optimizer.zero_grad()
        loss = loss_fn(model(x_train[batch]), y_train[batch])
        loss.backward()
        optimizer.step()
        schedule.step()
        total += loss.item() * len(batch)
    history["loss"].append(total / len(x_train))
    history["val_accuracy"].append(accuracy(x_val, y_val)[0])
    if epoch % 3 == 0:
        print(
            f"epoch {epoch:2d}  train loss {history['loss'][-1]:.4f}  "
            f"validation accuracy {history['val_accuracy'][-1]:.4f}"
        )

# %%
test_accuracy, predicted = accuracy(x_test, y_test)
print(f"test accuracy: {test_accuracy:.4f} ({round(test_accuracy * len(y_test))}/{len(y_test)})")
if test_accuracy < 0.95:
    sys.exit(f"test accuracy {test_accuracy:.4f} is below the 0.95 bar")

# %%
fig = Figure(figsize=(9, 3.6), layout="constrained")
curve, matrix = fig.subplots(1, 2, width_ratios=[1.2, 1])
steps = range(1, epochs + 1)
curve.plot(steps, history["loss"], marker="o", label="train loss")
curve.plot(steps, history["val_accuracy"], marker="s", label="validation accuracy")
curve.set(xlabel="epoch", ylim=(0, 2.4), title="Training curve")
curve.legend()
counts = confusion_matrix(y_test.cpu(), predicted.cpu())
matrix.imshow(counts, cmap="Blues")
for (i, j), n in np.ndenumerate(counts):
    if n:
        matrix.text(j, i, n, ha="center", va="center", color="white" if n > 20 else "black")
matrix.set(
    xticks=range(10),
    yticks=range(10),
    xlabel="predicted",
    ylabel="true",
    title="Test set confusion matrix",
)
fig.savefig(args.figure, dpi=80, metadata={"Software": None})
print(f"figure saved: {args.figure}")
