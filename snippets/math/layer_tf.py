"""One dense layer, z = W x + b and a = f(z), by hand with NumPy and with TensorFlow."""

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


x = np.array([1.0, 2.0])  # one input with 2 features
W = np.array([[0.5, -0.2], [0.1, -0.3]])  # 2 neurons x 2 inputs
b = np.array([0.1, -0.1])

# By hand
z = W @ x + b
relu = np.maximum(z, 0.0)
sigmoid = 1.0 / (1.0 + np.exp(-z))

# Keras: Dense computes x @ kernel + bias, so its kernel is W transposed
layer = tf.keras.layers.Dense(2, dtype="float64")
layer.build((None, 2))
layer.set_weights([W.T, b])
z_tf = layer(x[np.newaxis, :]).numpy()[0]

np.testing.assert_allclose(z_tf, z, rtol=1e-12)
np.testing.assert_allclose(tf.nn.relu(z).numpy(), relu, rtol=1e-12)
np.testing.assert_allclose(tf.sigmoid(z).numpy(), sigmoid, rtol=1e-12)

print(f"z = W x + b (NumPy)   = {fmt(z)}")
print(f"z (keras Dense)       = {fmt(z_tf)}")
print(f"ReLU(z)               = {fmt(relu)}")
print(f"sigmoid(z)            = {fmt(sigmoid)}")
print("NumPy and TensorFlow agree")
