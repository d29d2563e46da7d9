"""Mean squared error, by hand with NumPy and with TensorFlow."""

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


y = np.array([3.0, -0.5, 2.0, 7.0])  # targets
y_hat = np.array([2.5, 0.0, 2.0, 8.0])  # predictions

squared_errors = (y_hat - y) ** 2
mse = squared_errors.mean()  # averaged over the N = 4 samples
mse_tf = float(tf.keras.losses.MeanSquaredError(dtype="float64")(y, y_hat))
np.testing.assert_allclose(mse_tf, mse, rtol=1e-12)

print(f"squared errors           = {fmt(squared_errors)}")
print(f"MSE (NumPy)              = {mse:.4f}")
print(f"MSE (keras MSE)          = {mse_tf:.4f}")
print("NumPy and TensorFlow agree")
