"""Dense presets: GPT-2, BERT, Llama 2 and Llama 3."""

from dataclasses import replace

from startup_math.params.dense import BertArchitecture, GPT2Architecture, LlamaArchitecture

_LLAMA_3_8B = LlamaArchitecture(
    vocab_size=128256,
    d_model=4096,
    n_layers=32,
    n_heads=32,
    n_kv_heads=8,
    d_ff=14336,
    max_context=8192,
)
_LLAMA_3_70B = LlamaArchitecture(
    vocab_size=128256,
    d_model=8192,
    n_layers=80,
    n_heads=64,
    n_kv_heads=8,
    d_ff=28672,
    max_context=8192,
)


DENSE_PRESETS = {
    # Radford et al. 2019; Hugging Face "gpt2" config.
    "gpt2-small": GPT2Architecture(
        vocab_size=50257, n_positions=1024, d_model=768, n_layers=12, n_heads=12
    ),
    # Devlin et al. 2019, BERT-base; Hugging Face "bert-base-uncased" config.
    "bert-base-uncased": BertArchitecture(
        vocab_size=30522,
        n_positions=512,
        n_token_types=2,
        d_model=768,
        n_layers=12,
        n_heads=12,
        d_ff=3072,
    ),
    # Touvron et al. 2023, arXiv:2307.09288; Hugging Face "meta-llama/Llama-2-7b-hf" config.
    # max_position_embeddings 4096.
    "llama-2-7b": LlamaArchitecture(
        vocab_size=32000, d_model=4096, n_layers=32, n_heads=32, d_ff=11008, max_context=4096
    ),
    # Llama Team 2024, arXiv:2407.21783, Table 3; "meta-llama/Meta-Llama-3-8B" config:
    # max_position_embeddings 8192.
    "llama-3-8b": _LLAMA_3_8B,
    # Llama Team 2024, arXiv:2407.21783, Table 3; "meta-llama/Meta-Llama-3-70B" config.json:
    # hidden_size 8192, intermediate_size 28672, 80 layers, 64 heads, 8 KV heads,
    # vocab_size 128256, tie_word_embeddings false, max_position_embeddings 8192.
    "llama-3-70b": _LLAMA_3_70B,
    # Touvron et al. 2023, arXiv:2307.09288; "meta-llama/Llama-2-70b-hf" config.json:
    # hidden_size 8192, intermediate_size 28672, 80 layers, 64 heads, 8 KV heads,
    # vocab_size 32000, max_position_embeddings 4096.
    "llama-2-70b": LlamaArchitecture(
        vocab_size=32000,
        d_model=8192,
        n_layers=80,
        n_heads=64,
        n_kv_heads=8,
        d_ff=28672,
        max_context=4096,
    ),
    # Llama 3.1 and 3.3 keep the Llama 3 shapes and extend the context with RoPE scaling:
    # "meta-llama/Llama-3.1-8B" and "meta-llama/Llama-3.3-70B-Instruct" config.json,
    # max_position_embeddings 131072.
    "llama-3.1-8b": replace(_LLAMA_3_8B, max_context=131072),
    "llama-3.3-70b": replace(_LLAMA_3_70B, max_context=131072),
    # Llama Team 2024, arXiv:2407.21783, Table 3 (126 layers, model dimension 16,384, FFN
    # dimension 53,248, 128 heads, 8 KV heads); "meta-llama/Llama-3.1-405B" config.json:
    # vocab_size 128256, max_position_embeddings 131072.
    "llama-3.1-405b": LlamaArchitecture(
        vocab_size=128256,
        d_model=16384,
        n_layers=126,
        n_heads=128,
        n_kv_heads=8,
        d_ff=53248,
        max_context=131072,
    ),
}
"""Dense presets by name, in the order ``PRESETS`` lists them."""
