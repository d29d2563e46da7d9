"""One dense layer, z = W x + b and a = f(z), by hand with NumPy and with PyTorch."""

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


x = np.array([1.0, 2.0])  # one input with 2 features
W = np.array([[0.5, -0.2], [0.1, -0.3]])  # 2 neurons x 2 inputs
b = np.array([0.1, -0.1])

# By hand
z = W @ x + b
relu = np.maximum(z, 0.0)
sigmoid = 1.0 / (1.0 + np.exp(-z))

# PyTorch: nn.Linear stores weight as (out_features, in_features), like W
layer = torch.nn.Linear(2, 2, dtype=torch.float64, device=args.device)
with torch.no_grad():
    layer.weight.copy_(torch.from_numpy(W))
    layer.bias.copy_(torch.from_numpy(b))
z_torch = layer(torch.from_numpy(x).to(args.device)).detach().cpu().numpy()

np.testing.assert_allclose(z_torch, z, rtol=1e-12)
np.testing.assert_allclose(torch.relu(torch.from_numpy(z)).numpy(), relu, rtol=1e-12)
np.testing.assert_allclose(torch.sigmoid(torch.from_numpy(z)).numpy(), sigmoid, rtol=1e-12)

print(f"z = W x + b (NumPy)   = {fmt(z)}")
print(f"z (torch.nn.Linear)   = {fmt(z_torch)}")
print(f"ReLU(z)               = {fmt(relu)}")
print(f"sigmoid(z)            = {fmt(sigmoid)}")
print("NumPy and PyTorch agree")
