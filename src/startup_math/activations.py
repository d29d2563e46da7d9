"""Activation memory of transformer training, with tensor, sequence and pipeline parallelism.

Korthikanti et al. 2022, "Reducing Activation Recomputation in Large Transformer Models"
(arXiv:2205.05198), section 4, count the bytes that the forward pass of one transformer
layer keeps for the backward pass, with 16-bit activations and 1-byte dropout masks.
With sequence length s, micro-batch b, hidden size h, a attention heads and tensor-parallel
size t, their Table 2 gives, per layer:

==========================================  ==========================
no parallelism                              sbh (34 + 5as/h)
tensor parallel                             sbh (10 + 24/t + 5as/(ht))
tensor + sequence parallel                  sbh (34/t + 5as/(ht))
tensor parallel + selective recomputation   sbh (10 + 24/t)
tensor + sequence + selective               sbh (34/t)
full recomputation                          sbh (2)
==========================================  ==========================

The 34 is 11 for the attention block, 19 for the MLP and 4 for the two layer norms; the
5as/h term holds the attention scores, softmax and its dropout (a s x s matrices per head)
and grows with the square of the sequence length. Selective recomputation drops exactly
that term (it recomputes the attention core in the backward pass); full recomputation
keeps only each layer's 16-bit input, 2sbh.

The constants belong to the paper's GPT architecture: an MLP 4h wide with GeLU, dropout
after attention and MLP, multi-head attention and LayerNorm. A Llama-style block (SwiGLU
MLP 8h/3 wide with three matrices, no dropout, RMSNorm, grouped-query attention) stores a
different set of tensors, and FlashAttention never stores the s x s scores at all, so
treat the results as the paper's model, not as a measurement of another architecture.
Outside the layers, the embedding, the final norm and the output logits are not counted.
"""

from startup_math._validate import boolean, divides, lookup, positive_int

RECOMPUTE_MODES = ("none", "selective", "full")
"""Values of ``recompute``: keep every activation, drop the attention core, keep layer inputs."""

_RECOMPUTE = {mode: mode for mode in RECOMPUTE_MODES}


def activation_bytes_per_layer(
    seq_len: int,
    micro_batch: int,
    d_model: int,
    n_heads: int,
    *,
    tensor_parallel: int = 1,
    sequence_parallel: bool = False,
    recompute: str = "none",
) -> int:
    """Return the activation bytes one GPU keeps for one transformer layer.

    Korthikanti et al. 2022 (arXiv:2205.05198), section 4, Table 2; see the module
    docstring for the formulas and the architecture they assume. Every term is an
    integer because ``tensor_parallel`` divides ``n_heads``, which divides ``d_model``.
    With full recomputation the paper's Table 2 gives ``2sbh`` whatever the parallelism;
    that is what is returned.

    Args:
        seq_len: Sequence length s in tokens.
        micro_batch: Micro-batch size b, sequences processed at once.
        d_model: Hidden size h.
        n_heads: Attention heads a; must divide ``d_model``.
        tensor_parallel: Tensor-parallel size t; must divide ``n_heads``.
        sequence_parallel: Whether layer norms and dropouts are split along the
            sequence across the tensor-parallel group (then t must divide ``seq_len``).
        recompute: ``"none"``, ``"selective"`` or ``"full"`` (see ``RECOMPUTE_MODES``).

    Returns:
        Bytes.

    Raises:
        ValueError: if a size is not a positive integer, a divisibility condition fails,
            ``sequence_parallel`` is not a bool or ``recompute`` is unknown.

    Example:
        >>> activation_bytes_per_layer(2048, 1, 12288, 96)  # GPT-3: sbh(34 + 80)
        2868903936
        >>> activation_bytes_per_layer(2048, 1, 12288, 96) // (2048 * 12288)
        114
    """
    s = positive_int("seq_len", seq_len)
    b = positive_int("micro_batch", micro_batch)
    h = positive_int("d_model", d_model)
    a = positive_int("n_heads", n_heads)
    t = positive_int("tensor_parallel", tensor_parallel)
    sp = boolean("sequence_parallel", sequence_parallel)
    mode = lookup(_RECOMPUTE, recompute, arg="recompute", what="recompute mode")
    divides("n_heads", a, "d_model", h)
    divides("tensor_parallel", t, "n_heads", a)
    if sp:
        divides("tensor_parallel", t, "seq_len", s)

    sbh = s * b * h
    if mode == "full":
        return 2 * sbh  # only the layer's input is kept
    # 5as/h * sbh = 5 a s^2 b: attention scores, softmax output and its dropout mask.
    scores = 0 if mode == "selective" else 5 * a * s * s * b // t
    if sp:
        return 34 * sbh // t + scores
    # Without sequence parallelism 10sbh (layer norms, dropouts, the inputs of the
    # attention and MLP blocks) is replicated on every tensor-parallel rank.
    return 10 * sbh + 24 * sbh // t + scores


def activation_bytes(
    seq_len: int,
    micro_batch: int,
    d_model: int,
    n_heads: int,
    n_layers: int,
    *,
    tensor_parallel: int = 1,
    sequence_parallel: bool = False,
    recompute: str = "none",
    pipeline_parallel: int = 1,
    n_micro_batches: int | None = None,
) -> int:
    """Return the activation bytes on the most loaded GPU for a whole model.

    Without pipeline parallelism that is ``n_layers`` times the per-layer figure. With a
    pipeline of p stages run on the 1F1B schedule (PipeDream-Flush, Narayanan et al.
    2021, arXiv:2104.04473, section 2.2.1), a stage keeps the activations of at most p
    micro-batches whose backward pass is still outstanding; the first stage reaches that
    bound, holding p micro-batches of its L/p layers: the same L layers' worth as without
    a pipeline (Korthikanti et al. 2022, section 4). With fewer micro-batches m than
    stages, only m are in flight. The interleaved schedule, which holds somewhat more, is
    not modelled.

    Args:
        seq_len: Sequence length s in tokens.
        micro_batch: Micro-batch size b.
        d_model: Hidden size h.
        n_heads: Attention heads a.
        n_layers: Transformer layers L; ``pipeline_parallel`` must divide it.
        tensor_parallel: Tensor-parallel size t.
        sequence_parallel: Whether sequence parallelism is on.
        recompute: ``"none"``, ``"selective"`` or ``"full"``.
        pipeline_parallel: Pipeline stages p.
        n_micro_batches: Micro-batches per step m; ``None`` means at least p.

    Returns:
        Bytes held by the first pipeline stage (by every GPU when p is 1).

    Raises:
        ValueError: as ``activation_bytes_per_layer``, or if ``n_layers``,
            ``pipeline_parallel`` or ``n_micro_batches`` is not a positive integer, or p
            does not divide ``n_layers``.

    Example:
        >>> per_layer = activation_bytes_per_layer(4096, 1, 4096, 32, recompute="full")
        >>> activation_bytes(4096, 1, 4096, 32, 32, recompute="full") == 32 * per_layer
        True
        >>> activation_bytes(
        ...     4096, 1, 4096, 32, 32, recompute="full", pipeline_parallel=4
        ... ) == 32 * per_layer
        True
    """
    layers = positive_int("n_layers", n_layers)
    p = positive_int("pipeline_parallel", pipeline_parallel)
    divides("pipeline_parallel", p, "n_layers", layers)
    in_flight = (
        p if n_micro_batches is None else min(p, positive_int("n_micro_batches", n_micro_batches))
    )
    per_layer = activation_bytes_per_layer(
        seq_len,
        micro_batch,
        d_model,
        n_heads,
        tensor_parallel=tensor_parallel,
        sequence_parallel=sequence_parallel,
        recompute=recompute,
    )
    return per_layer * (layers // p) * in_flight
