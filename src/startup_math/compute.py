"""Training and inference compute.

The standard estimate for dense transformers (Kaplan et al. 2020, "Scaling Laws
for Neural Language Models", arXiv:2001.08361, section 2.1) is

    C = 6 * N * D

floating-point operations, where N is the number of non-embedding parameters and D
the number of training tokens: about 2N FLOPs per token for the forward pass and
4N for the backward pass. It leaves out the attention score computation, which is
small when the context length is short compared with 12 times the model width.

Two conventions for the attention scores are in use, and a published utilization (MFU)
is only comparable with a FLOP count made the same way:

* ``"kaplan"``: Kaplan et al. (Table 1) count the query-key dot products only. The forward
  pass costs C_forward ≈ 2 N + 2 n_layer n_ctx d_attn FLOPs per token, with n_ctx the
  context length and d_attn the attention width (the model width in standard
  transformers); training costs three times the forward pass.
* ``"palm"``: Chowdhery et al. 2022 ("PaLM", arXiv:2204.02311, Appendix B), who defined
  model FLOPs utilization, count the query-key products and the attention-weighted sum
  of the values: 6 N + 12 L H Q T FLOPs per training token (L layers, H heads of size Q,
  context T), that is 2 N + 4 L H Q T in the forward pass. PaLM 540B's reported 46.2%
  MFU comes out of this count with N the whole parameter count (see the tests), and it
  ignores the causal mask, as most MFU reports do.

N differs too: Kaplan et al.'s N excludes the embedding matrices, while PaLM's 46.2%
reproduces with the full count. The functions below take N as given; the architecture
classes in ``startup_math.params`` offer ``parameter_count()``,
``active_parameter_count()`` and ``non_embedding_parameter_count()``.
"""

from startup_math._validate import boolean, non_negative_number, positive_int, positive_number

FLOPS_PER_PARAM_PER_TOKEN = 6
"""Forward (2) plus backward (4) multiply-adds, counted as FLOPs, per parameter and token."""

FORWARD_FLOPS_PER_PARAM_PER_TOKEN = 2
"""One multiply and one add per parameter and token in the forward pass."""


ATTENTION_CONVENTIONS = ("kaplan", "palm")
"""How the attention scores are counted: QK^T only (Kaplan), or QK^T and AV (PaLM)."""


def _check_convention(attention: object) -> str:
    if attention not in ATTENTION_CONVENTIONS:
        raise ValueError(
            f"attention must be one of {', '.join(ATTENTION_CONVENTIONS)}, got {attention!r}"
        )
    return str(attention)


def _attention_flops_per_token(
    seq_len: int | None, n_layers: int | None, d_model: int | None, attention: str = "kaplan"
) -> float:
    """Return the forward attention term, or 0 if not asked for.

    2 n_layer n_ctx d_attn with ``"kaplan"``, twice that with ``"palm"``.
    """
    convention = _check_convention(attention)
    given = [value is not None for value in (seq_len, n_layers, d_model)]
    if not any(given):
        return 0.0
    if not all(given):
        raise ValueError(
            "seq_len, n_layers and d_model must be given together for the attention term, "
            f"got seq_len={seq_len!r}, n_layers={n_layers!r}, d_model={d_model!r}"
        )
    n_ctx = positive_int("seq_len", seq_len)
    layers = positive_int("n_layers", n_layers)
    width = positive_int("d_model", d_model)
    products = 1 if convention == "kaplan" else 2  # QK^T, or QK^T and AV
    return float(FORWARD_FLOPS_PER_PARAM_PER_TOKEN * products * layers * n_ctx * width)


def inference_flops_per_token(
    n_params: float,
    *,
    seq_len: int | None = None,
    n_layers: int | None = None,
    d_model: int | None = None,
    attention: str = "kaplan",
) -> float:
    """Estimate the forward-pass FLOPs to process or generate one token.

    Kaplan et al. 2020 (arXiv:2001.08361, Table 1): about 2N FLOPs per token, plus
    2 n_layer n_ctx d_attn for the attention scores when ``seq_len``, ``n_layers`` and
    ``d_model`` are given (all three or none); ``attention="palm"`` counts twice that
    (QK^T and AV, as PaLM's MFU does).

    Args:
        n_params: Number of model parameters N.
        seq_len: Context length n_ctx attended to.
        n_layers: Number of transformer layers.
        d_model: Attention width d_attn (the model width in standard transformers).
        attention: ``"kaplan"`` (QK^T only) or ``"palm"`` (QK^T and AV).

    Returns:
        Forward FLOPs per token.

    Raises:
        ValueError: if ``n_params`` is not a finite number greater than zero, if only some
            of the attention arguments are given, if one of them is not a positive
            integer, or if ``attention`` is not a known convention.

    Example:
        >>> f"{inference_flops_per_token(7e9):.1e}"
        '1.4e+10'
    """
    n = positive_number("n_params", n_params)
    scores = _attention_flops_per_token(seq_len, n_layers, d_model, attention)
    return FORWARD_FLOPS_PER_PARAM_PER_TOKEN * n + scores


def training_flops(
    n_params: float,
    n_tokens: float,
    *,
    seq_len: int | None = None,
    n_layers: int | None = None,
    d_model: int | None = None,
    attention: str = "kaplan",
) -> float:
    """Estimate the floating-point operations needed to train a dense transformer.

    Without the keyword arguments this is C = 6 N D (Kaplan et al. 2020, section 2.1).
    With ``seq_len``, ``n_layers`` and ``d_model`` (all three or none) it adds the
    attention score term, three times the forward cost: C = D (6 N + 6 n_layer n_ctx
    d_attn) in Kaplan et al.'s convention (Table 1), C = D (6 N + 12 L H Q T) in PaLM's
    (``attention="palm"``; H Q = d_attn).

    Args:
        n_params: Number of model parameters N (for example ``7e9``).
        n_tokens: Number of training tokens D (for example ``2e12``).
        seq_len: Training context length n_ctx.
        n_layers: Number of transformer layers.
        d_model: Attention width d_attn (the model width in standard transformers).
        attention: ``"kaplan"`` (QK^T only) or ``"palm"`` (QK^T and AV).

    Returns:
        The training compute in FLOPs.

    Raises:
        ValueError: if ``n_params`` or ``n_tokens`` is not a finite number greater than
            zero, if only some of the attention arguments are given, if one of them is
            not a positive integer, or if ``attention`` is not a known convention.

    Example:
        >>> f"{training_flops(175e9, 300e9):.3e}"
        '3.150e+23'
        >>> f"{training_flops(175e9, 300e9, seq_len=2048, n_layers=96, d_model=12288):.3e}"
        '3.193e+23'
    """
    n = positive_number("n_params", n_params)
    d = positive_number("n_tokens", n_tokens)
    scores = _attention_flops_per_token(seq_len, n_layers, d_model, attention)
    return (FLOPS_PER_PARAM_PER_TOKEN * n + 3 * scores) * d


def model_flops_per_token(
    arch: object, context: float = 0.0, *, attention: str = "palm", training: bool = False
) -> float:
    """Return the model FLOPs per token of an architecture at a given context length.

    2 N_active per token in the forward pass, with N_active the parameters a token uses
    (``arch.active_parameter_count()``: all of them for a dense model, embeddings
    included as in PaLM's MFU), plus the attention scores over ``context`` earlier
    tokens from ``arch.attention_scores(context)``: 2 L d_qk n_ctx (``"kaplan"``) or
    2 L (d_qk + d_v) n_ctx (``"palm"``) when every layer attends the whole context, less
    where layers attend a window, a chunk, a sparse selection or nothing (linear
    attention). Training is three times the forward pass. ``context`` may be
    fractional, an average over the tokens of a sequence.

    Args:
        arch: An architecture from ``startup_math.params`` (dense or mixture-of-experts).
        context: Tokens attended to, n_ctx; 0 leaves out the attention scores.
        attention: ``"kaplan"`` or ``"palm"``.
        training: Count forward and backward (3x) instead of the forward pass.

    Returns:
        FLOPs per token.

    Raises:
        ValueError: if ``context`` is negative or not a finite number, ``attention`` is
            unknown, or ``training`` is not a bool.

    Example:
        >>> from startup_math import preset
        >>> f"{model_flops_per_token(preset('llama-2-7b')):.4e}"
        '1.3477e+10'
    """
    n_ctx = non_negative_number("context", context)
    convention = _check_convention(attention)
    boolean("training", training)
    qk, v = arch.attention_scores(n_ctx)  # type: ignore[attr-defined]
    scores = qk if convention == "kaplan" else qk + v
    forward = FORWARD_FLOPS_PER_PARAM_PER_TOKEN * (
        arch.active_parameter_count()  # type: ignore[attr-defined]
        + scores
    )
    return 3 * forward if training else float(forward)
