"""What every architecture answers: the parts of a count and the methods they share.

``_Architecture`` holds the answers of a dense model with one kind of attention (GPT-2 and
BERT use them as they are); ``Decoder`` answers in its own way, and ``_Family``, the base of
the preset families, hands every question to the ``Decoder`` its shapes fill.
"""

from functools import cached_property
from typing import TYPE_CHECKING

from startup_math._validate import divides, non_negative_number, positive_int

if TYPE_CHECKING:  # the families fill a Decoder, which builds on this module
    from startup_math.params.decoder import Decoder

PARTS = (
    "embeddings",
    "attention",
    "mlp",
    "router",
    "experts",
    "norms",
    "hyper_connections",
    "lm_head",
    "pooler",
)
"""Keys of every ``parameter_breakdown()`` result, in this order.

``mlp`` holds dense MLPs and shared experts, ``experts`` the routed experts and ``router``
the gating weights; the last two are zero for dense models. ``hyper_connections`` holds
DeepSeek-V4's weights that mix its parallel residual streams (zero elsewhere).
"""


class _Architecture:
    """What all architectures share; the dense, one-attention answers of GPT-2 and BERT.

    Each class defines ``n_heads``, ``parameter_breakdown()``, ``kv_cache_bytes_per_token()``
    and ``attention_score_dims()``; ``Decoder`` and the families that fill one answer the
    rest in their own way.
    """

    n_heads: int

    def parameter_breakdown(self) -> dict[str, int]:  # pragma: no cover (each class defines it)
        raise NotImplementedError

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:  # pragma: no cover
        raise NotImplementedError

    def attention_score_dims(self) -> tuple[int, int, int]:  # pragma: no cover (each class)
        raise NotImplementedError

    @property
    def is_decoder(self) -> bool:
        """Whether the model generates text token by token (keeps a KV cache)."""
        return True

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """Check that a tensor-parallel degree splits the attention heads evenly.

        Tensor parallelism gives every GPU the same number of heads, so the degree must
        divide ``n_heads`` (multi-head attention: every head has its own keys and values).

        Args:
            degree: GPUs sharing each layer.
            name: The argument's name, for the message.

        Returns:
            ``degree``.

        Raises:
            ValueError: if ``degree`` is not a positive integer or does not split the heads.

        Example:
            >>> from startup_math import preset
            >>> preset("gpt2-small").check_tensor_parallel(5, "gpus")
            Traceback (most recent call last):
            ...
            ValueError: gpus (5) must divide n_heads (12) exactly, remainder 2
        """
        count = positive_int(name, degree)
        divides(name, count, "n_heads", self.n_heads)
        return count

    def check_context(self, tokens: int, name: str = "seq_len") -> int:
        """Check that ``tokens`` fit in the model's context window, where it is known.

        Raises:
            ValueError: if ``tokens`` exceeds ``max_context``; the message gives both.
        """
        limit = getattr(self, "max_context", None)
        if limit is not None and tokens > limit:
            raise ValueError(
                f"{name} ({tokens:,} tokens) exceeds the model's context window ({limit:,} tokens)"
            )
        return tokens

    def parameter_count(self) -> int:
        """Return the total number of parameters, tied weights counted once."""
        return sum(self.parameter_breakdown().values())

    def active_parameter_count(self) -> int:
        """Return the parameters one token uses: all of them in a dense model."""
        return self.parameter_count()

    def non_embedding_parameter_count(self) -> int:
        """Return the total less the embedding tables and an untied language-model head.

        This is the N of Kaplan et al. 2020, "Scaling Laws for Neural Language Models"
        (arXiv:2001.08361, section 2.1), which excludes "all vocabulary and positional
        embeddings": token and position embeddings (and BERT's token-type embeddings), and
        the head when it is a separate matrix. Norms, including BERT's embedding LayerNorm,
        stay in.

        Returns:
            Non-embedding parameters.

        Example:
            >>> from startup_math import preset
            >>> preset("gpt2-small").non_embedding_parameter_count()
            85056000
        """
        breakdown = self.parameter_breakdown()
        return self.parameter_count() - breakdown["embeddings"] - breakdown["lm_head"]

    def kv_cache_bytes(self, tokens: float, dtype: str = "bf16") -> float:
        """Return the KV cache one sequence holds after ``tokens`` tokens, all layers.

        Here every layer caches every token: ``tokens x kv_cache_bytes_per_token()``.
        ``Decoder`` adds what does not grow (windows, recurrent states). ``tokens`` may be
        fractional, an average over a sequence's life.

        Raises:
            ValueError: if ``tokens`` is negative or not a number, ``dtype`` is unknown, or
                the model is an encoder.

        Example:
            >>> from startup_math import preset
            >>> preset("gpt2-small").kv_cache_bytes(1024, "fp16") / 2**20  # MiB
            36.0
        """
        count = non_negative_number("tokens", tokens)
        return self.kv_cache_bytes_per_token(dtype) * count

    def kv_cache_fixed_bytes(self, dtype: str = "bf16") -> float:
        """Return the cache a sequence holds whatever its length: none here.

        Raises:
            ValueError: if ``dtype`` is unknown, or the model is an encoder.
        """
        self.kv_cache_bytes_per_token(dtype)
        return 0.0

    def attention_scores(self, context: float) -> tuple[float, float]:
        """Return the attention-score widths of one token at ``context``, summed over layers.

        ``(n_layers x qk_width x context, n_layers x v_width x context)`` from
        ``attention_score_dims()``: the query-key products and the attention-weighted
        values of a token attending ``context`` earlier tokens, each a multiply-add (2
        FLOPs); see ``startup_math.compute.model_flops_per_token``.

        Raises:
            ValueError: if ``context`` is negative or not a number.
        """
        n_ctx = non_negative_number("context", context)
        layers, qk_width, v_width = self.attention_score_dims()
        return layers * qk_width * n_ctx, layers * v_width * n_ctx

    def parameters_read(self, tokens: int) -> float:
        """Return the parameters a forward step over ``tokens`` tokens reads: all of them.

        Raises:
            ValueError: if ``tokens`` is not a positive integer.
        """
        positive_int("tokens", tokens)
        return float(self.parameter_count())


class _Family(_Architecture):
    """A preset family whose shapes fill a ``Decoder``, which answers every question."""

    def _decoder(self) -> "Decoder":  # pragma: no cover (each family defines it)
        raise NotImplementedError

    @cached_property
    def decoder(self) -> "Decoder":
        """The general description these shapes fill."""
        return self._decoder()

    def _stack(self, layers: tuple) -> "Decoder":
        """A ``Decoder`` of these ``layers`` with the family's vocabulary, width, tying and
        context (the fields every family has)."""
        from startup_math.params.decoder import Decoder  # it builds on this module

        return Decoder(
            vocab_size=self.vocab_size,  # type: ignore[attr-defined]
            d_model=self.d_model,  # type: ignore[attr-defined]
            layers=layers,
            tie_embeddings=self.tie_embeddings,  # type: ignore[attr-defined]
            max_context=self.max_context,  # type: ignore[attr-defined]
        )

    def parameter_breakdown(self) -> dict[str, int]:
        """See ``Decoder.parameter_breakdown``."""
        return self.decoder.parameter_breakdown()

    def active_parameter_count(self) -> int:
        """See ``Decoder.active_parameter_count``."""
        return self.decoder.active_parameter_count()

    def kv_cache_bytes_per_token(self, dtype: str = "bf16") -> float:
        """See ``Decoder.kv_cache_bytes_per_token``."""
        return self.decoder.kv_cache_bytes_per_token(dtype)

    def kv_cache_bytes(self, tokens: float, dtype: str = "bf16") -> float:
        """See ``Decoder.kv_cache_bytes``."""
        return self.decoder.kv_cache_bytes(tokens, dtype)

    def kv_cache_fixed_bytes(self, dtype: str = "bf16") -> float:
        """See ``Decoder.kv_cache_fixed_bytes``."""
        return self.decoder.kv_cache_fixed_bytes(dtype)

    def attention_score_dims(self) -> tuple[int, int, int]:
        """See ``Decoder.attention_score_dims``."""
        return self.decoder.attention_score_dims()

    def attention_scores(self, context: float) -> tuple[float, float]:
        """See ``Decoder.attention_scores``."""
        return self.decoder.attention_scores(context)

    def parameters_read(self, tokens: int) -> float:
        """See ``Decoder.parameters_read``."""
        return self.decoder.parameters_read(tokens)

    def check_tensor_parallel(self, degree: int, name: str = "tensor_parallel") -> int:
        """See ``Decoder.check_tensor_parallel``."""
        return self.decoder.check_tensor_parallel(degree, name)
