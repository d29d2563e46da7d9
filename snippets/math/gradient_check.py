# %% [markdown] lang="en"
# # Gradient check: finite differences against the analytic gradient
#
# Backpropagation gives exact gradients, but a hand-written backward pass is easy to get
# wrong. A gradient check compares it with a numerical estimate: nudge one parameter by a
# small step h in each direction and measure how the loss changes.

# %% [markdown] lang="zh"
# # 梯度检验：用有限差分核对解析梯度
#
# 反向传播算出的梯度是精确的，但手写的反向传播很容易出错。梯度检验用数值估计来核对它：
# 把某个参数分别向两边挪动一个小步长 h，看损失变化了多少。

# %%
import numpy as np

rng = np.random.default_rng(0)
logits = rng.normal(size=(4, 3))  # 4 samples, 3 classes
labels = np.array([0, 2, 1, 2])


def loss_fn(z):
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_p[np.arange(len(labels)), labels].mean()


print(f"loss = {loss_fn(logits):.4f}")

# %% [markdown] lang="en"
# For softmax followed by cross-entropy, the gradient with respect to the logits is
# (p - y) / N: the predicted probabilities minus the one-hot labels, divided by the
# number of samples.

# %% [markdown] lang="zh"
# softmax 接交叉熵时，损失对 logits 的梯度是 (p - y) / N：预测概率减去 one-hot 标签，
# 再除以样本数。

# %%
p = np.exp(logits - logits.max(axis=1, keepdims=True))
p /= p.sum(axis=1, keepdims=True)
analytic = (p - np.eye(3)[labels]) / len(labels)

# %% [markdown] lang="en"
# The central difference (L(z + h) - L(z - h)) / 2h has an error of order h², so with
# h = 1e-5 in float64 the two gradients should agree to about 1e-10.

# %% [markdown] lang="zh"
# 中心差分 (L(z + h) - L(z - h)) / 2h 的误差是 h² 量级，float64 下取 h = 1e-5，
# 两种梯度应当相差 1e-10 左右。

# %%
h = 1e-5
numeric = np.zeros_like(logits)
for index in np.ndindex(logits.shape):
    step = np.zeros_like(logits)
    step[index] = h
    numeric[index] = (loss_fn(logits + step) - loss_fn(logits - step)) / (2 * h)

error = np.abs(numeric - analytic).max()
assert error < 1e-9, f"the analytic gradient is wrong: difference {error:.1e}"
print("largest difference < 1e-9: the analytic gradient passes the check")
