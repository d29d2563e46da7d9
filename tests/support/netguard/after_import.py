"""Run a function on a module right after it is first imported (for the test-only patches here)."""

import importlib.abc
import importlib.util
import sys

_PATCHES: dict[str, list] = {}


def when_imported(name: str, patch) -> None:
    """Call patch(module) once `name` has been imported; install the finder on first use."""
    _PATCHES.setdefault(name, []).append(patch)
    if not any(isinstance(f, _AfterImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport())


class _AfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name not in _PATCHES:
            return None
        sys.meta_path.remove(self)  # find the real module with the other finders
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            for patch in _PATCHES[name]:
                patch(module)

        spec.loader.exec_module = exec_module
        return spec
