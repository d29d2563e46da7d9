"""Gradient descent on a line fit: the update by hand (NumPy) against a Keras SGD optimizer."""

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


# Fit y = w x + b to four points that lie on y = 2x + 1, with MSE and plain gradient descent
x = np.array([0.0, 1.0, 2.0, 3.0])
y = np.array([1.0, 3.0, 5.0, 7.0])
lr = 0.1  # learning rate (eta)
steps = 100


def loss_and_grads(w, b):
    err = w * x + b - y
    return (err**2).mean(), 2 * (err * x).mean(), 2 * err.mean()


# By hand: theta <- theta - eta * dL/dtheta
w, b = 0.0, 0.0
hand = []
for _ in range(steps):
    loss, gw, gb = loss_and_grads(w, b)
    w, b = w - lr * gw, b - lr * gb
    hand.append((loss, w, b))

# TensorFlow: the same update with keras.optimizers.SGD
tw = tf.Variable(0.0, dtype=tf.float64)
tb = tf.Variable(0.0, dtype=tf.float64)
optimizer = tf.keras.optimizers.SGD(learning_rate=lr)
framework = []
for _ in range(steps):
    with tf.GradientTape() as tape:
        t_loss = tf.reduce_mean((tw * x + tb - y) ** 2)
    optimizer.apply_gradients(zip(tape.gradient(t_loss, [tw, tb]), [tw, tb], strict=True))
    framework.append((float(t_loss), float(tw), float(tb)))

# Keras keeps the learning rate in float32, so agreement is to about 1e-7
np.testing.assert_allclose(framework, hand, rtol=1e-6, atol=1e-9)
print("step  loss     w       b")
for step in (1, 2, 3, 10, 100):
    loss, w, b = hand[step - 1]
    print(f"{step:>4}  {loss:7.4f}  {w:.4f}  {b:.4f}")
print("NumPy and keras.optimizers.SGD agree at every step")
