"""Backpropagation for a small MLP: gradients derived by hand (NumPy) against PyTorch autograd."""

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


# A 2-3-1 network: tanh hidden layer, linear output, MSE loss over N = 2 samples
X = np.array([[1.0, 2.0], [-1.0, 0.5]])  # N x 2
Y = np.array([[1.0], [0.0]])  # N x 1
W1 = np.array([[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2]])  # 3 x 2
b1 = np.array([0.0, 0.1, -0.1])
W2 = np.array([[0.3, -0.6, 0.2]])  # 1 x 3
b2 = np.array([0.05])
N = X.shape[0]

# Forward pass (rows are samples, so x W^T instead of W x)
Z1 = X @ W1.T + b1
H = np.tanh(Z1)
Y_hat = H @ W2.T + b2
loss = ((Y_hat - Y) ** 2).mean()

# Backward pass by hand: delta = dL/dz, layer by layer from the output
delta2 = 2 * (Y_hat - Y) / N  # dL/dY_hat, N x 1
dW2 = delta2.T @ H  # 1 x 3
db2 = delta2.sum(axis=0)
delta1 = (delta2 @ W2) * (1 - H**2)  # back through W2, then tanh'(z) = 1 - tanh(z)^2
dW1 = delta1.T @ X  # 3 x 2
db1 = delta1.sum(axis=0)
hand = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}

# Autograd
params = {
    name: torch.tensor(value, requires_grad=True, device=args.device)
    for name, value in {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.items()
}
tX = torch.from_numpy(X).to(args.device)
tY = torch.from_numpy(Y).to(args.device)
t_hat = torch.tanh(tX @ params["W1"].T + params["b1"]) @ params["W2"].T + params["b2"]
t_loss = torch.nn.functional.mse_loss(t_hat, tY)
t_loss.backward()

np.testing.assert_allclose(t_loss.item(), loss, rtol=1e-12)
print(f"loss = {loss:.4f}")
for name, grad in hand.items():
    auto = params[name].grad.cpu().numpy()
    np.testing.assert_allclose(auto, grad, rtol=1e-10, atol=1e-12)
    print(f"dL/d{name}  hand     = {fmt(grad)}")
    print(f"        autograd = {fmt(auto)}")
print("hand-derived gradients match PyTorch autograd")
