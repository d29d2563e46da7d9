import doctest
import importlib
import pkgutil

import pytest

import startup_math

MODULES = sorted(info.name for info in pkgutil.iter_modules(startup_math.__path__, "startup_math."))
SUBMODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(startup_math.__path__, "startup_math.")
    if info.name.count(".") > 1  # inside a subpackage (params, measured, commands)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


@pytest.mark.parametrize("name", SUBMODULES)
def test_docstring_examples_of_subpackage_modules(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0


def test_public_api_is_exported():
    for name in startup_math.__all__:
        assert hasattr(startup_math, name), name
