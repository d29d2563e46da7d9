"""Softmax, by hand with NumPy (the numerically stable form) and with PyTorch."""

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


z = np.array([2.0, 1.0, 0.1])  # logits for 3 classes


def softmax(logits):
    shifted = logits - logits.max()  # same result, but exp() cannot overflow
    e = np.exp(shifted)
    return e / e.sum()


p = softmax(z)
p_torch = torch.softmax(torch.from_numpy(z).to(args.device), dim=0).cpu().numpy()
np.testing.assert_allclose(p_torch, p, rtol=1e-12)

with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp(z + 1000) / np.exp(z + 1000).sum()
big = softmax(z + 1000)
big_torch = torch.softmax(torch.from_numpy(z + 1000).to(args.device), dim=0).cpu().numpy()
np.testing.assert_allclose(big, p, rtol=1e-12)
np.testing.assert_allclose(big_torch, p, rtol=1e-12)

print(f"softmax(z) (NumPy)            = {fmt(p)}")
print(f"softmax(z) (torch.softmax)    = {fmt(p_torch)}")
print(f"sum of probabilities          = {p.sum():.4f}")
print(f"naive exp(z + 1000) / sum     = {naive.tolist()}")
print(f"stable softmax(z + 1000)      = {fmt(big)}")
print("NumPy and PyTorch agree")
