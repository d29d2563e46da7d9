"""Compute-optimal model size (Chinchilla).

Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models"
(arXiv:2203.15556), found that for a fixed training compute C the loss is lowest when
parameters N and tokens D grow in equal proportion, at roughly 20 tokens per parameter
(their 70B Chinchilla model was trained on 1.4T tokens). With C = 6 N D and D = r N:

    N = sqrt(C / (6 r)),    D = r N.

Caveats:

* The ratio r comes from fits over one data set, one model family and one training
  recipe; the paper's three fitting approaches disagree somewhat, and later
  re-analyses (Besiroglu et al. 2024, arXiv:2404.10102) revise the fitted constants.
  Treat r = 20 as a rule of thumb, not a constant of nature.
* It minimizes training compute only. A model that will serve many requests is
  cheaper over its life if it is smaller and trained on more tokens: Llama 3 8B was
  trained on about 15T tokens (Llama Team 2024, arXiv:2407.21783), almost 1,900 tokens
  per parameter.
"""

import math
from typing import NamedTuple

from startup_math._validate import positive_number
from startup_math.compute import FLOPS_PER_PARAM_PER_TOKEN

CHINCHILLA_TOKENS_PER_PARAM = 20.0
"""Compute-optimal training tokens per parameter, rounded (Hoffmann et al. 2022)."""


class ComputeOptimal(NamedTuple):
    """A compute-optimal model size and training-set size."""

    n_params: float
    """Parameters N."""
    n_tokens: float
    """Training tokens D."""


def chinchilla_optimal(
    compute_flops: float, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM
) -> ComputeOptimal:
    """Split a training compute budget into a model size and a number of tokens.

    Args:
        compute_flops: Training compute C in FLOPs.
        tokens_per_param: Tokens per parameter r; 20 by default.

    Returns:
        ``(n_params, n_tokens)`` with N = sqrt(C / (6 r)) and D = r N, so that 6 N D = C.

    Raises:
        ValueError: if either argument is not a finite number greater than zero.

    Example:
        >>> n, d = chinchilla_optimal(5.88e23)  # Chinchilla: 70B parameters, 1.4T tokens
        >>> f"{n:.3g} {d:.3g}"
        '7e+10 1.4e+12'
    """
    c = positive_number("compute_flops", compute_flops)
    r = positive_number("tokens_per_param", tokens_per_param)
    n = math.sqrt(c / (FLOPS_PER_PARAM_PER_TOKEN * r))
    return ComputeOptimal(n_params=n, n_tokens=r * n)


def chinchilla_tokens(
    n_params: float, tokens_per_param: float = CHINCHILLA_TOKENS_PER_PARAM
) -> float:
    """Return the compute-optimal number of training tokens for a model size.

    Args:
        n_params: Parameters N.
        tokens_per_param: Tokens per parameter r; 20 by default.

    Returns:
        D = r N.

    Raises:
        ValueError: if either argument is not a finite number greater than zero.

    Example:
        >>> chinchilla_tokens(70e9) / 1e12
        1.4
    """
    n = positive_number("n_params", n_params)
    r = positive_number("tokens_per_param", tokens_per_param)
    return r * n
