"""Binary cross-entropy from logits, by hand with NumPy and with TensorFlow."""

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


z = np.array([1.2, -0.8, 0.3, 2.0])  # one logit per sample
y = np.array([1.0, 0.0, 0.0, 1.0])  # true labels

p = 1.0 / (1.0 + np.exp(-z))  # predicted probability of class 1
per_sample = -(y * np.log(p) + (1 - y) * np.log(1 - p))
loss = per_sample.mean()

per_sample_tf = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z).numpy()
bce = tf.keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")
loss_logits = float(bce(y[:, None], z[:, None]))  # Keras averages over the last axis first
np.testing.assert_allclose(per_sample_tf, per_sample, rtol=1e-12)
np.testing.assert_allclose(loss_logits, loss, rtol=1e-12)

print(f"p = sigmoid(z)                   = {fmt(p)}")
print(f"per-sample loss                  = {fmt(per_sample)}")
print(f"mean loss (NumPy)                = {loss:.4f}")
print(f"mean loss (BCE with logits)      = {loss_logits:.4f}")
print("NumPy and TensorFlow agree")
