"""Backpropagation for a small MLP: gradients by hand (NumPy) against TensorFlow autodiff."""

import argparse
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # hide TensorFlow's start-up log

import numpy as np
import tensorflow as tf

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--device", choices=["auto", "cpu", "gpu"], default="auto")
args = parser.parse_args()
if args.device == "cpu":
    tf.config.set_visible_devices([], "GPU")
elif args.device == "gpu" and not tf.config.list_physical_devices("GPU"):
    parser.error("--device gpu: no GPU is visible to TensorFlow")
print("device:", "gpu" if tf.config.list_logical_devices("GPU") else "cpu")


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

# Automatic differentiation with a gradient tape
params = {
    name: tf.Variable(value) for name, value in {"W1": W1, "b1": b1, "W2": W2, "b2": b2}.items()
}
with tf.GradientTape() as tape:
    t_hat = tf.tanh(X @ tf.transpose(params["W1"]) + params["b1"]) @ tf.transpose(params["W2"])
    t_hat = t_hat + params["b2"]
    t_loss = tf.reduce_mean((t_hat - Y) ** 2)
grads = dict(zip(params, tape.gradient(t_loss, list(params.values())), strict=True))

np.testing.assert_allclose(float(t_loss), loss, rtol=1e-12)
print(f"loss = {loss:.4f}")
for name, grad in hand.items():
    auto = grads[name].numpy()
    np.testing.assert_allclose(auto, grad, rtol=1e-10, atol=1e-12)
    print(f"dL/d{name}  hand     = {fmt(grad)}")
    print(f"        autograd = {fmt(auto)}")
print("hand-derived gradients match TensorFlow autodiff")
