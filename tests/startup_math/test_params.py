import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from startup_math import (
    PRESETS,
    BertArchitecture,
    GPT2Architecture,
    LlamaArchitecture,
    preset,
)
from startup_math.params import PARTS

# Each published count below was also checked by building the Hugging Face model from its
# config on the meta device (transformers 5.23): see test_published_count_matches_built_model.
PUBLISHED = {
    # Radford et al. 2019, GPT-2 small ("124M"): vocab 50257, 1024 positions, d 768,
    # 12 layers, tied head. Hugging Face "gpt2" reports 124,439,808 parameters.
    "gpt2-small": 124_439_808,
    # Devlin et al. 2019, BERT-base uncased with pooler (Hugging Face "bert-base-uncased",
    # BertModel): 109,482,240 parameters.
    "bert-base-uncased": 109_482_240,
    # Touvron et al. 2023, arXiv:2307.09288, Llama 2 7B ("meta-llama/Llama-2-7b-hf"):
    # 6,738,415,616 parameters.
    "llama-2-7b": 6_738_415_616,
    # Llama Team 2024, arXiv:2407.21783, Llama 3 8B ("meta-llama/Meta-Llama-3-8B"):
    # 8,030,261,248 parameters.
    "llama-3-8b": 8_030_261_248,
    # Touvron et al. 2023, Llama 2 70B ("meta-llama/Llama-2-70b-hf"), "70B" rounded.
    "llama-2-70b": 68_976_648_192,
    # Llama 3.1 8B and Llama 3.3 70B keep the Llama 3 shapes ("8B", "70B").
    "llama-3.1-8b": 8_030_261_248,
    "llama-3.3-70b": 70_553_706_496,
    # Llama Team 2024, arXiv:2407.21783, Table 3: the flagship "405B".
    "llama-3.1-405b": 405_853_388_800,
}

SETTINGS = settings(max_examples=25, deadline=None)


@pytest.fixture(scope="module")
def hf():
    """transformers and torch; the test requirements install them,
    so a broken install fails these cross-checks instead of skipping them."""
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    return transformers, torch


def count(model) -> int:
    # .parameters() yields a tied (shared) tensor once.
    return sum(p.numel() for p in model.parameters())


def build(hf, model_class: str, config_class: str, **kwargs):
    transformers, torch = hf
    # Token ids inside any small vocabulary keep the config quiet.
    config = getattr(transformers, config_class)(
        bos_token_id=0, eos_token_id=0, pad_token_id=0, **kwargs
    )
    with torch.device("meta"):
        return getattr(transformers, model_class)(config)


def to_hf(arch) -> tuple[str, str, dict]:
    """The Hugging Face model class, config class and config for an architecture."""
    if isinstance(arch, GPT2Architecture):
        return (
            "GPT2LMHeadModel",
            "GPT2Config",
            dict(
                vocab_size=arch.vocab_size,
                n_positions=arch.n_positions,
                n_embd=arch.d_model,
                n_layer=arch.n_layers,
                n_head=arch.n_heads,
                n_inner=arch.d_ff,
                tie_word_embeddings=arch.tie_embeddings,
            ),
        )
    if isinstance(arch, LlamaArchitecture):
        return (
            "LlamaForCausalLM",
            "LlamaConfig",
            dict(
                vocab_size=arch.vocab_size,
                hidden_size=arch.d_model,
                num_hidden_layers=arch.n_layers,
                num_attention_heads=arch.n_heads,
                num_key_value_heads=arch.n_kv_heads,
                intermediate_size=arch.d_ff,
                head_dim=arch.head_dim,
                tie_word_embeddings=arch.tie_embeddings,
            ),
        )
    return (
        "BertModel",
        "BertConfig",
        dict(
            vocab_size=arch.vocab_size,
            max_position_embeddings=arch.n_positions,
            type_vocab_size=arch.n_token_types,
            hidden_size=arch.d_model,
            num_hidden_layers=arch.n_layers,
            num_attention_heads=arch.n_heads,
            intermediate_size=arch.d_ff,
            add_pooling_layer=arch.pooler,
        ),
    )


def hf_count(hf, arch) -> int:
    model_class, config_class, kwargs = to_hf(arch)
    if model_class == "BertModel":
        pooler = kwargs.pop("add_pooling_layer")
        transformers, torch = hf
        config = transformers.BertConfig(pad_token_id=0, **kwargs)
        with torch.device("meta"):
            return count(transformers.BertModel(config, add_pooling_layer=pooler))
    return count(build(hf, model_class, config_class, **kwargs))


sizes = st.integers(min_value=1, max_value=6)


@st.composite
def gpt2_archs(draw):
    heads = draw(st.integers(1, 4))
    return GPT2Architecture(
        vocab_size=draw(st.integers(1, 300)),
        n_positions=draw(st.integers(1, 64)),
        d_model=heads * draw(sizes),
        n_layers=draw(st.integers(1, 3)),
        n_heads=heads,
        d_ff=draw(st.none() | st.integers(1, 64)),
        tie_embeddings=draw(st.booleans()),
    )


@st.composite
def llama_archs(draw):
    kv_heads = draw(st.integers(1, 3))
    heads = kv_heads * draw(st.integers(1, 3))
    # Rotary embeddings need an even head size.
    head_size = 2 * draw(sizes)
    # An explicit head size may differ from d_model / n_heads.
    head_dim = draw(st.none() | st.sampled_from([2, 4, 6, 8]))
    return LlamaArchitecture(
        vocab_size=draw(st.integers(1, 300)),
        d_model=heads * head_size,
        n_layers=draw(st.integers(1, 3)),
        n_heads=heads,
        n_kv_heads=draw(st.sampled_from([kv_heads, None])) if kv_heads == heads else kv_heads,
        d_ff=draw(st.integers(1, 64)),
        head_dim=head_dim,
        tie_embeddings=draw(st.booleans()),
    )


@st.composite
def bert_archs(draw):
    heads = draw(st.integers(1, 4))
    return BertArchitecture(
        vocab_size=draw(st.integers(1, 300)),
        n_positions=draw(st.integers(1, 64)),
        n_token_types=draw(st.integers(1, 3)),
        d_model=heads * draw(sizes),
        n_layers=draw(st.integers(1, 3)),
        n_heads=heads,
        d_ff=draw(st.integers(1, 64)),
        pooler=draw(st.booleans()),
    )


@SETTINGS
@given(gpt2_archs())
def test_gpt2_count_equals_transformers(hf, arch):
    assert arch.parameter_count() == hf_count(hf, arch)


@SETTINGS
@given(llama_archs())
def test_llama_count_equals_transformers(hf, arch):
    assert arch.parameter_count() == hf_count(hf, arch)


@SETTINGS
@given(bert_archs())
def test_bert_count_equals_transformers(hf, arch):
    assert arch.parameter_count() == hf_count(hf, arch)


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_published_counts(name):
    assert preset(name).parameter_count() == PUBLISHED[name]


@pytest.mark.parametrize("name", list(PUBLISHED))
def test_published_count_matches_built_model(hf, name):
    assert hf_count(hf, preset(name)) == PUBLISHED[name]


def test_bert_base_without_pooler():
    # The pooler is one 768 x 768 dense layer with bias: 590,592 parameters.
    without = BertArchitecture(30522, 512, 2, 768, 12, 12, 3072, pooler=False)
    assert without.parameter_count() == 109_482_240 - 590_592 == 108_891_648


def test_untying_adds_one_embedding_matrix():
    tied = PRESETS["gpt2-small"]
    untied = GPT2Architecture(50257, 1024, 768, 12, 12, tie_embeddings=False)
    assert untied.parameter_count() - tied.parameter_count() == 50257 * 768


def test_llama_3_grouped_query_attention_shrinks_k_and_v():
    # Llama 3 8B with 8 KV heads instead of 32: k and v shrink from 4096 to 1024 outputs.
    mha = LlamaArchitecture(128256, 4096, 32, 32, 14336, n_kv_heads=32)
    gqa = preset("llama-3-8b")
    assert mha.parameter_count() - gqa.parameter_count() == 32 * 2 * 4096 * (4096 - 1024)


@pytest.mark.parametrize("name", list(PRESETS))
def test_breakdown_sums_to_total(name):
    breakdown = preset(name).parameter_breakdown()
    assert tuple(breakdown) == PARTS
    assert sum(breakdown.values()) == preset(name).parameter_count()


@SETTINGS
@given(llama_archs(), st.integers(2, 4))
def test_more_layers_more_parameters(arch, k):
    deeper = LlamaArchitecture(
        arch.vocab_size,
        arch.d_model,
        arch.n_layers * k,
        arch.n_heads,
        arch.d_ff,
        arch.n_kv_heads,
        arch.head_dim,
        arch.tie_embeddings,
    )
    breakdown = arch.parameter_breakdown()
    per_layer = (breakdown["attention"] + breakdown["mlp"]) // arch.n_layers + 2 * arch.d_model
    assert deeper.parameter_count() - arch.parameter_count() == (k - 1) * arch.n_layers * per_layer


def test_preset_lookup_ignores_case_and_rejects_unknown():
    assert preset("LLaMA-3-8B") is PRESETS["llama-3-8b"]
    with pytest.raises(ValueError, match="unknown preset 'gpt-5': name must be one of gpt2-small"):
        preset("gpt-5")
    with pytest.raises(ValueError, match="name must be a string, got int 7"):
        preset(7)


def gpt2(**overrides):
    kwargs = dict(vocab_size=100, n_positions=16, d_model=32, n_layers=2, n_heads=4)
    return GPT2Architecture(**(kwargs | overrides))


def llama(**overrides):
    kwargs = dict(vocab_size=100, d_model=32, n_layers=2, n_heads=4, d_ff=64)
    return LlamaArchitecture(**(kwargs | overrides))


def bert(**overrides):
    kwargs = dict(
        vocab_size=100, n_positions=16, n_token_types=2, d_model=32, n_layers=2, n_heads=4, d_ff=64
    )
    return BertArchitecture(**(kwargs | overrides))


@pytest.mark.parametrize(
    ("factory", "overrides", "message"),
    [
        (gpt2, {"d_model": 30}, "n_heads (4) must divide d_model (30) exactly, remainder 2"),
        (gpt2, {"n_layers": 0}, "n_layers must be greater than zero, got 0"),
        (gpt2, {"vocab_size": -5}, "vocab_size must be greater than zero, got -5"),
        (gpt2, {"d_ff": 0}, "d_ff must be greater than zero, got 0"),
        (gpt2, {"n_heads": 4.0}, "n_heads must be an integer, got float 4.0"),
        (gpt2, {"n_positions": True}, "n_positions must be an integer, got bool True"),
        (gpt2, {"d_model": "768"}, "d_model must be an integer, got str '768'"),
        (gpt2, {"tie_embeddings": 1}, "tie_embeddings must be True or False, got int 1"),
        (llama, {"n_kv_heads": 3}, "n_kv_heads (3) must divide n_heads (4) exactly, remainder 1"),
        (llama, {"n_kv_heads": 0}, "n_kv_heads must be greater than zero, got 0"),
        (llama, {"n_heads": 5}, "n_heads (5) must divide d_model (32) exactly, remainder 2"),
        (llama, {"head_dim": 0}, "head_dim must be greater than zero, got 0"),
        (llama, {"d_ff": float("nan")}, "d_ff must be an integer, got float nan"),
        (llama, {"tie_embeddings": "no"}, "tie_embeddings must be True or False, got str 'no'"),
        (bert, {"d_model": 33}, "n_heads (4) must divide d_model (33) exactly, remainder 1"),
        (bert, {"n_token_types": 0}, "n_token_types must be greater than zero, got 0"),
        (bert, {"d_ff": None}, "d_ff must be an integer, got NoneType None"),
        (bert, {"pooler": None}, "pooler must be True or False, got NoneType None"),
    ],
)
def test_rejects_bad_architecture(factory, overrides, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        factory(**overrides)


def test_explicit_head_dim_sets_attention_width():
    # 4 query heads and 2 KV heads of size 16 on a 32-wide model: q and o are 32 x 64,
    # k and v 32 x 32; with the head size implied (8) they are 32 x 32 and 32 x 16.
    wide = llama(n_kv_heads=2, head_dim=16)
    assert wide.kv_cache_dims() == (2, 2, 16)
    assert wide.parameter_breakdown()["attention"] == 2 * (2 * 32 * 64 + 2 * 32 * 32)
    assert llama(n_kv_heads=2).parameter_breakdown()["attention"] == 2 * (2 * 32 * 32 + 2 * 32 * 16)
    with pytest.raises(ValueError, match=re.escape("n_heads (4) must divide d_model (30)")):
        llama(d_model=30, head_dim=8)


def test_llama_3_70b_published_count():
    # Llama Team 2024, arXiv:2407.21783, Table 3: 80 layers, width 8192, FFN 28672, 64 heads,
    # 8 KV heads. Hugging Face lists 70,553,706,496 parameters for the Llama 3 70B
    # checkpoints (safetensors metadata of Meta-Llama-3-70B and Llama-3.3-70B-Instruct).
    assert preset("llama-3-70b").parameter_count() == 70_553_706_496


def test_llama_3_70b_matches_built_model(hf):
    assert hf_count(hf, preset("llama-3-70b")) == 70_553_706_496


DENSE = ("gpt2-small", "bert-base-uncased", "llama-2-7b", "llama-3-8b", "llama-3-70b")


@pytest.mark.parametrize("name", DENSE)
@pytest.mark.parametrize("tokens", [1, 7, 4096])
def test_dense_models_use_and_read_every_parameter(name, tokens):
    arch = preset(name)
    breakdown = arch.parameter_breakdown()
    assert breakdown["router"] == breakdown["experts"] == 0
    assert arch.active_parameter_count() == arch.parameter_count()
    assert arch.parameters_read(tokens) == arch.parameter_count()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # GPT-2 small: total less 50,257 + 1,024 rows of 768 (tied head, nothing more).
        ("gpt2-small", 124_439_808 - (50257 + 1024) * 768),
        # BERT-base: word, position and token-type tables; the embedding LayerNorm stays.
        ("bert-base-uncased", 109_482_240 - (30522 + 512 + 2) * 768),
        # Llama 2 7B: embedding and untied head, 32,000 x 4,096 each.
        ("llama-2-7b", 6_738_415_616 - 2 * 32000 * 4096),
    ],
)
def test_non_embedding_count_is_kaplans_n(name, expected):
    # Kaplan et al. 2020, arXiv:2001.08361, section 2.1: N excludes vocabulary and
    # positional embeddings.
    assert preset(name).non_embedding_parameter_count() == expected


@SETTINGS
@given(st.one_of(gpt2_archs(), llama_archs()))
def test_decoder_kv_bytes_agree_with_kv_cache_dims(arch):
    layers, kv_heads, head_dim = arch.kv_cache_dims()
    assert arch.kv_cache_bytes_per_token("fp16") == 2 * layers * kv_heads * head_dim * 2
    assert arch.kv_cache_bytes_per_token("int4") == layers * kv_heads * head_dim


def cache_elements_per_token(hf, arch) -> int:
    """Elements transformers' cache holds per token, all layers, after a short prompt."""
    transformers, torch = hf
    model_class, config_class, kwargs = to_hf(arch)
    config = getattr(transformers, config_class)(
        bos_token_id=0, eos_token_id=0, pad_token_id=0, **kwargs
    )
    torch.manual_seed(0)
    model = getattr(transformers, model_class)(config).eval()
    tokens = min(5, getattr(arch, "n_positions", 5))
    ids = torch.randint(0, arch.vocab_size, (1, tokens))
    with torch.no_grad():
        cache = model(ids, use_cache=True).past_key_values
    total = 0
    for layer in cache.layers:
        for tensor in (layer.keys, layer.values):
            assert tensor.shape[0] == 1 and tensor.shape[2] == tokens
            total += tensor.shape[1] * tensor.shape[3]
    return total


@settings(max_examples=10, deadline=None)
@given(st.one_of(gpt2_archs(), llama_archs()))
def test_kv_cache_equals_what_transformers_caches(hf, arch):
    assert arch.kv_cache_bytes_per_token("bf16") == 2 * cache_elements_per_token(hf, arch)


def test_published_kv_cache_per_token():
    # Llama 2 7B: 2 x 32 layers x 32 heads x 128 x 2 bytes (fp16) = 524,288 bytes.
    assert preset("llama-2-7b").kv_cache_bytes_per_token("fp16") == 524_288
    # Llama 3 8B, 8 KV heads: a quarter of that.
    assert preset("llama-3-8b").kv_cache_bytes_per_token() == 131_072


def test_encoder_has_no_kv_cache():
    with pytest.raises(ValueError, match="BertArchitecture is an encoder: .* no KV cache"):
        preset("bert-base-uncased").kv_cache_bytes_per_token()


@pytest.mark.parametrize(
    ("name", "dims"),
    [
        ("gpt2-small", (12, 768, 768)),
        ("bert-base-uncased", (12, 768, 768)),
        # Grouped-query attention: every query head still takes its own dot products.
        ("llama-3-8b", (32, 4096, 4096)),
        ("llama-3-70b", (80, 8192, 8192)),
    ],
)
def test_attention_score_dims_of_dense_models(name, dims):
    assert preset(name).attention_score_dims() == dims


def test_explicit_head_dim_sets_attention_score_width():
    assert llama(n_kv_heads=2, head_dim=16).attention_score_dims() == (2, 64, 64)


@pytest.mark.parametrize("tokens", [0, -3, 2.0, False])
def test_parameters_read_rejects_bad_tokens(tokens):
    with pytest.raises(ValueError, match="tokens must be"):
        preset("llama-2-7b").parameters_read(tokens)


def test_kv_cache_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="unknown dtype 'fp6'"):
        preset("llama-3-8b").kv_cache_bytes_per_token("fp6")
