"""Binary cross-entropy from logits, by hand with NumPy and with PyTorch."""

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


z = np.array([1.2, -0.8, 0.3, 2.0])  # one logit per sample
y = np.array([1.0, 0.0, 0.0, 1.0])  # true labels

p = 1.0 / (1.0 + np.exp(-z))  # predicted probability of class 1
per_sample = -(y * np.log(p) + (1 - y) * np.log(1 - p))
loss = per_sample.mean()

F = torch.nn.functional
t_z, t_y = torch.from_numpy(z).to(args.device), torch.from_numpy(y).to(args.device)
loss_logits = F.binary_cross_entropy_with_logits(t_z, t_y).item()  # stable: takes logits
loss_probs = F.binary_cross_entropy(torch.sigmoid(t_z), t_y).item()  # takes probabilities
np.testing.assert_allclose(loss_logits, loss, rtol=1e-12)
np.testing.assert_allclose(loss_probs, loss, rtol=1e-12)

print(f"p = sigmoid(z)                   = {fmt(p)}")
print(f"per-sample loss                  = {fmt(per_sample)}")
print(f"mean loss (NumPy)                = {loss:.4f}")
print(f"mean loss (BCE with logits)      = {loss_logits:.4f}")
print("NumPy and PyTorch agree")
