"""Mean squared error, by hand with NumPy and with PyTorch."""

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


y = np.array([3.0, -0.5, 2.0, 7.0])  # targets
y_hat = np.array([2.5, 0.0, 2.0, 8.0])  # predictions

squared_errors = (y_hat - y) ** 2
mse = squared_errors.mean()  # averaged over the N = 4 samples
mse_torch = torch.nn.functional.mse_loss(
    torch.from_numpy(y_hat).to(args.device), torch.from_numpy(y).to(args.device)
).item()
np.testing.assert_allclose(mse_torch, mse, rtol=1e-12)

print(f"squared errors           = {fmt(squared_errors)}")
print(f"MSE (NumPy)              = {mse:.4f}")
print(f"MSE (F.mse_loss)         = {mse_torch:.4f}")
print("NumPy and PyTorch agree")
