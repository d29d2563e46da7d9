"""Mean squared error, by hand with NumPy and with PyTorch."""

import argparse

import numpy as np
import torch

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
args = parser.parse_args()
if args.device == "auto":
    args.device = "cuda" if torch.cuda.is_available() else "cpu"
if args.device == "cuda" and not torch.cuda.is_available():
    parser.error("--device cuda: no CUDA device is available")
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
