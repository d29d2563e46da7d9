"""Gradient descent on a line fit: the update by hand (NumPy) against torch.optim.SGD."""

import argparse

import numpy as np
import torch

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps", "xpu"], default="auto")
args = parser.parse_args()
accelerator = torch.accelerator.current_accelerator(check_available=True)  # CUDA, MPS, XPU or None
if args.device == "auto":
    args.device = accelerator.type if accelerator is not None else "cpu"
elif args.device != "cpu" and (accelerator is None or accelerator.type != args.device):
    found = accelerator.type if accelerator is not None else "none"
    parser.error(f"--device {args.device}: not available here (accelerator found: {found})")
if args.device == "mps":  # Apple GPUs have no float64, which these checks need
    print("device: cpu (mps has no float64)")
    args.device = "cpu"
else:
    print(f"device: {args.device}")


def fmt(values):
    return "[" + ", ".join(f"{v:.4f}" for v in np.ravel(values)) + "]"


# Fit y = w x + b to four points that lie on y = 2x + 1, with MSE and plain gradient descent
x = np.array([0.0, 1.0, 2.0, 3.0])
y = np.array([1.0, 3.0, 5.0, 7.0])
lr = 0.1  # learning rate (eta)
steps = 100


def loss_and_grads(w, b):
    err = w * x + b - y
    return (err**2).mean(), 2 * (err * x).mean(), 2 * err.mean()


# By hand: theta <- theta - eta * dL/dtheta
w, b = 0.0, 0.0
hand = []
for _ in range(steps):
    loss, gw, gb = loss_and_grads(w, b)
    w, b = w - lr * gw, b - lr * gb
    hand.append((loss, w, b))

# PyTorch: the same update with torch.optim.SGD
tw = torch.zeros((), dtype=torch.float64, device=args.device, requires_grad=True)
tb = torch.zeros((), dtype=torch.float64, device=args.device, requires_grad=True)
tx, ty = torch.from_numpy(x).to(args.device), torch.from_numpy(y).to(args.device)
optimizer = torch.optim.SGD([tw, tb], lr=lr)
framework = []
for _ in range(steps):
    optimizer.zero_grad()
    t_loss = ((tw * tx + tb - ty) ** 2).mean()
    t_loss.backward()
    optimizer.step()
    framework.append((t_loss.item(), tw.item(), tb.item()))

np.testing.assert_allclose(framework, hand, rtol=1e-9, atol=1e-12)
print("step  loss     w       b")
for step in (1, 2, 3, 10, 100):
    loss, w, b = hand[step - 1]
    print(f"{step:>4}  {loss:7.4f}  {w:.4f}  {b:.4f}")
print("NumPy and torch.optim.SGD agree at every step")
