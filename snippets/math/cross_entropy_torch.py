"""Categorical cross-entropy from logits, by hand with NumPy and with PyTorch."""

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


logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])  # N = 2 samples, K = 3 classes
labels = np.array([0, 1])  # true class of each sample
one_hot = np.eye(3)[labels]

shifted = logits - logits.max(axis=1, keepdims=True)
log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # log softmax
per_sample = -(one_hot * log_p).sum(axis=1)  # natural log, summed over classes
loss = per_sample.mean()  # averaged over samples

t_logits = torch.from_numpy(logits).to(args.device)
t_labels = torch.from_numpy(labels).to(args.device)
F = torch.nn.functional
per_sample_torch = F.cross_entropy(t_logits, t_labels, reduction="none").cpu().numpy()
loss_torch = F.cross_entropy(t_logits, t_labels).item()  # takes logits, not probabilities
np.testing.assert_allclose(per_sample_torch, per_sample, rtol=1e-12)
np.testing.assert_allclose(loss_torch, loss, rtol=1e-12)

# A single sample with true label [1, 0] and predicted probabilities [0.9, 0.1]
single = -(1 * np.log(0.9) + 0 * np.log(0.1))
single_torch = F.nll_loss(
    torch.log(torch.tensor([[0.9, 0.1]], dtype=torch.float64)), torch.tensor([0])
)
np.testing.assert_allclose(single_torch.item(), single, rtol=1e-12)

print(f"probabilities, sample 1      = {fmt(np.exp(log_p[0]))}")
print(f"probabilities, sample 2      = {fmt(np.exp(log_p[1]))}")
print(f"per-sample loss (NumPy)      = {fmt(per_sample)}")
print(f"per-sample loss (PyTorch)    = {fmt(per_sample_torch)}")
print(f"mean loss (NumPy)            = {loss:.4f}")
print(f"mean loss (F.cross_entropy)  = {loss_torch:.4f}")
print(f"one sample, p = [0.9, 0.1]   = {single:.4f}")
print("NumPy and PyTorch agree")
