"""``Decoder``: a decoder described by its layers, the class every preset family fills."""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from startup_math._validate import (
    boolean,
    non_negative_int,
    non_negative_number,
    optional_positive_int,
    positive_int,
)
from startup_math.memory import dtype_bytes
from startup_math.params.attention import GatedDeltaNet
from startup_math.params.base import PARTS, _Architecture
from startup_math.params.cards import ModelCard
from startup_math.params.layers import DenseMLP, Layer, MoE, _swiglu


@dataclass(frozen=True, kw_only=True)
class Decoder(_Architecture):
    """A decoder described by its layers: the general class every preset family fills.

    Token embedding, ``layers`` (each a pre-norm attention block and a pre-norm MLP with
    an RMSNorm weight each), a final RMSNorm and a language-model head, untied unless
    ``tie_embeddings``. DeepSeek-V4 widens the residual stream into ``hyper_connections``
    parallel streams (manifold-constrained hyper-connections, mHC): each block's attention
    and MLP then read and write them through learned mixing weights (``(2 + n) n`` outputs
    from the ``n x d_model`` streams, their biases and 3 scales), and a head mixes them
    back before the final norm (``n`` outputs, their biases and one scale).

    ``mtp`` lists multi-token-prediction (MTP) modules, blocks that predict a further
    token for speculative decoding: DeepSeek-V4, GLM-5 and Qwen3.5 ship one.
    ``transformers`` 5.23 does not build them, the publishers' totals leave them out, and
    so do ``parameter_count()`` and every other count here; ``mtp_parameter_count()`` gives
    their size: each module is one block (of the layer given), a projection of the
    embedded token and the hidden state (2 x d_model -> d_model), three RMSNorms and, with
    hyper-connections, a head.

    Attributes:
        vocab_size: Vocabulary size (``vocab_size``).
        d_model: Hidden size (``hidden_size``).
        layers: The blocks, in order (``num_hidden_layers`` of them).
        tie_embeddings: Whether the head shares the token embedding matrix.
        max_context: Longest sequence the released model supports
            (``max_position_embeddings``); ``None`` when unknown (not checked).
        hyper_connections: Residual streams (``hc_mult``); 0 for a plain residual.
        mtp: The MTP modules' blocks, not counted in the total.
        card: What the publisher states, or ``None``.
    """

    vocab_size: int
    d_model: int
    layers: tuple[Layer, ...]
    tie_embeddings: bool = False
    max_context: int | None = None
    hyper_connections: int = 0
    mtp: tuple[Layer, ...] = ()
    card: ModelCard | None = None

    def __post_init__(self) -> None:
        positive_int("vocab_size", self.vocab_size)
        positive_int("d_model", self.d_model)
        for name in ("layers", "mtp"):
            blocks = getattr(self, name)
            if not isinstance(blocks, tuple) or not all(isinstance(b, Layer) for b in blocks):
                raise ValueError(f"{name} must be a tuple of Layer, got {blocks!r}")
        if not self.layers:
            raise ValueError("layers must hold at least one Layer")
        boolean("tie_embeddings", self.tie_embeddings)
        optional_positive_int("max_context", self.max_context)
        non_negative_int("hyper_connections", self.hyper_connections)
        if self.card is not None and not isinstance(self.card, ModelCard):
            raise ValueError(f"card must be a ModelCard or None, got {self.card!r}")

    @property
    def n_layers(self) -> int:
        """Number of blocks, MTP modules excluded."""
        return len(self.layers)

    @property
    def n_heads(self) -> int:
        """Query heads of the first softmax-attention block (linear attention skipped)."""
        return next(
            layer.attention.n_heads
            for layer in self.layers
            if not isinstance(layer.attention, GatedDeltaNet)
        )

    def _mixing(self) -> int:
        """Weights of one hyper-connection mixing (before an attention or an MLP)."""
        n = self.hyper_connections
        return (2 + n) * n * n * self.d_model + (2 + n) * n + 3 if n else 0

    def _mixing_head(self) -> int:
        """Weights of the hyper-connection head that merges the streams."""
        n = self.hyper_connections
        return n * n * self.d_model + n + 1 if n else 0

    def _layer_parts(self, layer: Layer) -> Counter:
        """Parameters of one block by part of ``PARTS``."""
        d, attention, mlp = self.d_model, layer.attention, layer.mlp
        parts = Counter(
            attention=attention.weights(d),
            norms=2 * d + attention.norms(),
            hyper_connections=2 * self._mixing(),
        )
        if isinstance(mlp, DenseMLP):
            parts["mlp"] += _swiglu(d, mlp.d_ff)
        else:
            parts["mlp"] += mlp.shared_weights(d)
            parts["router"] += mlp.router_weights(d)
            parts["experts"] += mlp.n_experts * mlp.expert_weights(d)
        return parts

    def _skipped(self, layer: Layer) -> int:
        """Weights of the routed experts one token does not use in this block."""
        mlp = layer.mlp
        if isinstance(mlp, DenseMLP):
            return 0
        return (mlp.n_experts - mlp.top_k) * mlp.expert_weights(self.d_model)

    @cached_property
    def _layer_counts(self) -> Counter:
        """How many times each distinct block repeats (the blocks are frozen, hashable)."""
        return Counter(self.layers)

    def parameter_breakdown(self) -> dict[str, int]:
        """Count the parameters of each part of the model.

        Returns:
            A dict with the keys of ``PARTS``; the values add up to ``parameter_count()``.
            ``mlp`` holds dense MLPs and shared experts; ``norms`` every norm weight,
            those inside attention blocks included.
        """
        return dict(self._breakdown)  # a copy: the counts are computed once per decoder

    @cached_property
    def _breakdown(self) -> dict[str, int]:
        parts = dict.fromkeys(PARTS, 0)
        for layer, count in self._layer_counts.items():
            for part, value in self._layer_parts(layer).items():
                parts[part] += count * value
        parts["embeddings"] = self.vocab_size * self.d_model
        parts["norms"] += self.d_model
        parts["hyper_connections"] += self._mixing_head()
        parts["lm_head"] = 0 if self.tie_embeddings else self.vocab_size * self.d_model
        return parts

    def active_parameter_count(self) -> int:
        """Return the parameters one token uses: all but the routed experts it skips.

        In every MoE block a token runs through ``top_k`` of the ``n_experts`` routed
        experts; the other experts' weights are not used for it. Everything else counts in
        full: attention, norms, routers, shared experts, dense MLPs, the input embedding
        and the output head. Publishers differ on the last two (see
        ``ACTIVE_CONVENTIONS`` and ``card_parameter_counts()``): Mixtral 8x7B's "12.9B
        parameters per token" (Mistral AI, "Mixtral of experts", 2023) counts both, as this
        method does; DeepSeek-V3's 37B activated includes "0.9B for Embedding and 0.9B for
        the output Head" (README_WEIGHTS.md of github.com/deepseek-ai/DeepSeek-V3; this
        method counts 37.55B, and the tests record the 0.85B gap). For a dense model this
        is the total.

        About 2 x this many FLOPs are spent per token in the forward pass, 6 x in training
        (Kaplan et al. 2020, arXiv:2001.08361, section 2.1, applied to the weights used).

        Returns:
            Parameters used for one token.

        Example:
            >>> from startup_math import preset
            >>> preset("mixtral-8x7b").active_parameter_count()
            12879925248
        """
        skipped = sum(count * self._skipped(layer) for layer, count in self._layer_counts.items())
        return self.parameter_count() - skipped

    def card_parameter_counts(self) -> tuple[int, int]:
        """Return the total and the active count as the model card counts them.

        The total adds the vision encoder of a multimodal model (``ModelCard``); the active
        count leaves out the parts the publisher leaves out (``ACTIVE_CONVENTIONS``).

        Raises:
            ValueError: if the preset has no ``card``.

        Example:
            >>> from startup_math import preset
            >>> preset("gpt-oss-120b").card_parameter_counts()  # "117B", "5.1B"
            (116829156672, 5132849472)
        """
        if self.card is None:
            raise ValueError("this decoder has no model card")
        breakdown = self.parameter_breakdown()
        left_out = sum(breakdown[part] for part in self.card.active_leaves_out)
        total = self.parameter_count() + self.card.vision_parameters
        return total, self.active_parameter_count() - left_out

    def _mtp_module(self, layer: Layer) -> int:
        d = self.d_model
        return sum(self._layer_parts(layer).values()) + 2 * d * d + 3 * d + self._mixing_head()

    def mtp_parameter_count(self) -> int:
        """Return the parameters of the MTP modules, which no other count includes.

        Example:
            >>> from startup_math import preset
            >>> preset("glm-5").mtp_parameter_count()
            9952920320
        """
        return sum(self._mtp_module(layer) for layer in self.mtp)

    def mtp_active_parameter_count(self) -> int:
        """Return the MTP modules' parameters one drafted token uses."""
        return sum(self._mtp_module(layer) - self._skipped(layer) for layer in self.mtp)

    def _attentions(self) -> Counter:
        return Counter(layer.attention for layer in self.layers)

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """Return what the cache grows by per token, summed over all layers.

        Full-attention layers cache a key and a value vector per key/value head and
        token (``startup_math.memory.kv_cache_bytes``), MLA layers a latent (see
        ``MLA``), DeepSeek-V4's compressed layers an entry per m tokens (``CompressedMQA``).
        Sliding windows, chunks and linear attention add nothing per token once past
        their span: see ``kv_cache_fixed_bytes()``, and ``kv_cache_bytes()`` for both.

        Args:
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes per token.

        Raises:
            ValueError: if ``dtype`` is unknown.

        Example:
            >>> from startup_math import preset
            >>> preset("llama-3-8b").kv_cache_bytes_per_token("fp16")
            131072.0
            >>> preset("deepseek-v3").kv_cache_bytes_per_token("bf16")  # 61 x 576 x 2
            70272.0
        """
        size = dtype_bytes(dtype)
        per_token = sum(count * a.cache_per_token() for a, count in self._attentions().items())
        return float(per_token * size)

    def kv_cache_fixed_bytes(self, dtype: str = "bf16") -> float:
        """Return the most a sequence holds in parts that do not grow with it.

        Full sliding windows and chunks, recurrent states and convolution inputs of linear
        attention, compressor states; zero for a model whose layers all cache every token.

        Args:
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes per sequence.

        Raises:
            ValueError: if ``dtype`` is unknown.

        Example:
            >>> from startup_math import preset
            >>> preset("gpt-oss-120b").kv_cache_fixed_bytes("bf16")  # 18 x 128 x 1,024 x 2
            4718592.0
        """
        size = dtype_bytes(dtype)
        fixed = sum(count * a.cache_fixed() for a, count in self._attentions().items())
        return float(fixed * size)

    def kv_cache_bytes(self, tokens: float, dtype: str = "bf16") -> float:
        """Return the cache one sequence holds after ``tokens`` tokens, all layers.

        At most ``kv_cache_fixed_bytes() + tokens x kv_cache_bytes_per_token()``, and
        ``tokens x kv_cache_bytes_per_token()`` when every layer caches every token.
        ``tokens`` may be fractional, an average over a sequence's life.

        Args:
            tokens: Tokens of the sequence so far, prompt and output.
            dtype: Storage type of the cache, see ``startup_math.memory.DTYPE_BYTES``.

        Returns:
            Bytes.

        Raises:
            ValueError: if ``tokens`` is negative or not a number, or ``dtype`` is unknown.

        Example:
            >>> from startup_math import preset
            >>> arch = preset("gpt-oss-120b")  # 18 full layers, 18 of a 128-token window
            >>> arch.kv_cache_bytes(100) == 36 * 100 * 2048
            True
            >>> arch.kv_cache_bytes(10_000) == 18 * (10_000 + 128) * 2048
            True
        """
        count = non_negative_number("tokens", tokens)
        size = dtype_bytes(dtype)
        return float(sum(n * a.cache(count) for a, n in self._attentions().items()) * size)

    def attention_score_dims(self) -> tuple[int, int, int]:
        """Return ``(n_layers, qk_width, v_width)`` when every layer attends the whole context.

        ``qk_width`` is the summed width of the query-key dot products over all query
        heads, ``v_width`` that of the attention-weighted values (see
        ``GPT2Architecture.attention_score_dims``). With grouped-query attention every
        query head still takes its own dot products, so the widths count query heads; with
        MLA they are the decompressed widths (see ``MLA.scores``).

        Raises:
            ValueError: if the layers differ or some attend a window, chunks, a sparse
                selection or nothing (linear attention): use ``attention_scores(context)``.
        """
        attentions = self._attentions()
        attention = next(iter(attentions))
        if len(attentions) > 1 or not attention.attends_all:
            raise ValueError(
                "the layers do not all attend the whole context alike: "
                "use attention_scores(context)"
            )
        qk_width, v_width = attention.scores(1)
        return self.n_layers, int(qk_width), int(v_width)

    def attention_scores(self, context: float) -> tuple[float, float]:
        """Return the attention-score widths of one token at ``context``, summed over layers.

        Each layer's query-key and value widths times the tokens it attends: all
        ``context`` of them, at most a window or a chunk, the ``top_k`` an indexer picks
        (its own scoring of every token or entry added to the query-key side), compressed
        entries, or none (linear attention). Each unit is a multiply-add; see
        ``startup_math.compute.model_flops_per_token``. For chunked attention the chunk is
        an upper bound: a token attends only the earlier tokens of its own chunk.

        Args:
            context: Earlier tokens of the sequence; may be fractional (an average).

        Returns:
            ``(query-key, value)`` multiply-adds per token.

        Raises:
            ValueError: if ``context`` is negative or not a number.
        """
        n_ctx = non_negative_number("context", context)
        qk = v = 0.0
        for attention, count in self._attentions().items():
            layer_qk, layer_v = attention.scores(n_ctx)
            qk += count * layer_qk
            v += count * layer_v
        return qk, v

    def parameters_read(self, tokens: int) -> float:
        """Return the expected distinct parameters a forward step over ``tokens`` reads.

        For a decode step of a batch of ``tokens`` sequences (or a prefill of that many
        tokens), each routed-expert MoE layer reads only the experts some token picked.
        If every token picks its ``top_k`` of the ``n_experts`` experts independently and
        uniformly, an expert is skipped by one token with probability 1 - k/E, so on
        average E (1 - (1 - k/E)^T) experts per layer are read. Everything else (attention,
        norms, router, shared experts, dense MLPs, embeddings, head) is read once per step.
        One token reads ``active_parameter_count()``; many tokens approach
        ``parameter_count()``. Real routers are not uniform, so this is a model, not a
        measurement.

        The whole input-embedding table is counted although a step reads only the rows of
        its tokens: a small overcount (at most the ``embeddings`` part). For a dense model
        the result is the total.

        Args:
            tokens: Tokens processed in the step, at least 1.

        Returns:
            Expected parameters read, a float.

        Raises:
            ValueError: if ``tokens`` is not a positive integer.

        Example:
            >>> from startup_math import preset
            >>> arch = preset("mixtral-8x7b")
            >>> arch.parameters_read(1) == arch.active_parameter_count()
            True
            >>> round(arch.parameters_read(8) / arch.parameter_count(), 3)
            0.903
        """
        count = positive_int("tokens", tokens)
        read = float(self.parameter_count() - self.parameter_breakdown()["experts"])
        moe = Counter(layer.mlp for layer in self.layers if isinstance(layer.mlp, MoE))
        for mlp, layers in moe.items():
            n_experts, top_k = mlp.n_experts, mlp.top_k
            expected = n_experts * (1 - (1 - top_k / n_experts) ** count)
            read += layers * expected * mlp.expert_weights(self.d_model)
        return read

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """Check that a tensor-parallel degree splits every block's heads evenly.

        Tensor parallelism gives every GPU the same number of query heads, so the degree
        must divide ``n_heads``. Key/value heads are split too, or, when there are fewer of
        them than GPUs, copied: the degree must divide the KV heads or be a multiple of
        them (as vLLM and Megatron-LM require). A shared latent (MLA) or a shared
        key-value head (DeepSeek-V4) counts as one head. Linear attention splits its key
        heads (and with them the value heads), so the degree must divide them.

        Args:
            degree: GPUs sharing each layer.
            name: The argument's name, for the message.

        Returns:
            ``degree``.

        Raises:
            ValueError: if ``degree`` is not a positive integer or does not split the heads.

        Example:
            >>> from startup_math import preset
            >>> preset("mixtral-8x7b").check_tensor_parallel(3, "gpus")
            Traceback (most recent call last):
            ...
            ValueError: gpus (3) must divide n_heads (32) exactly, remainder 2
        """
        count = positive_int(name, degree)
        for attention in self._attentions():
            attention.check_split(name, count)
        return count
