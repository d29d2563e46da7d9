"""The standard library the calculator page ships: complete, compiled, the same every build."""

import json
import zipfile
from types import SimpleNamespace

import pytest

from scripts import pyodide_stdlib
from sitebuild import vendor_assets
from sitebuild.build import BuildError


@pytest.mark.slow
def test_the_list_holds_exactly_what_the_calculator_loads():
    # Pyodide in Node.js, doing what calculator.js does, with the whole standard library
    loaded = pyodide_stdlib.loaded_files()
    assert "json/__init__.py" in loaded and "statistics.py" in loaded
    assert "argparse.py" not in loaded  # the command line's, not the page's
    assert pyodide_stdlib.differences(loaded, vendor_assets.stdlib_list()) == []


def test_differences_name_each_file_and_which_way():
    assert pyodide_stdlib.differences(["a.py", "b.py"], ["a.py", "c.py"]) == [
        "loaded but not listed: b.py",
        "listed but not loaded: c.py",
    ]


@pytest.mark.slow
def test_the_shipped_zip_is_the_list_compiled_and_smaller(built_site):
    for root in (built_site.root, built_site.root / "en"):
        shipped = root / "assets" / "vendor" / "pyodide" / vendor_assets.STDLIB
        with zipfile.ZipFile(shipped) as archive:
            names = archive.namelist()
            want = sorted(name[:-3] + ".pyc" for name in vendor_assets.stdlib_list())
            assert names == want
            for name in names:
                header = archive.read(name)[:16]
                # PEP 552: flags 0b01 = hash-based, not checked against a source
                assert int.from_bytes(header[4:8], "little") == 0b01, name
        full = vendor_assets.PYODIDE / vendor_assets.STDLIB
        assert shipped.stat().st_size < 0.5 * full.stat().st_size


@pytest.mark.slow
def test_compiling_twice_gives_the_same_bytes(tmp_path, monkeypatch):
    shipped = vendor_assets.stdlib_zip()
    monkeypatch.setattr(vendor_assets, "STDLIB_CACHE", tmp_path)
    assert vendor_assets.stdlib_zip() == shipped  # compiled again, into an empty cache
    assert len(list(tmp_path.glob("python_stdlib-*.zip"))) == 1


def test_the_shipped_lock_file_lists_no_packages():
    lock = json.loads(
        vendor_assets.lock_without_packages(vendor_assets.PYODIDE / "pyodide-lock.json")
    )
    full = json.loads((vendor_assets.PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"] == {} and len(full["packages"]) > 100
    assert lock["info"] == full["info"]  # the version loadPyodide checks


def test_a_listed_file_pyodide_lacks_stops_the_build(tmp_path, monkeypatch):
    listed = tmp_path / "pyodide_stdlib.txt"
    listed.write_text("# comment\njson/__init__.py\nno_such_module.py\n", encoding="utf-8")
    monkeypatch.setattr(vendor_assets, "STDLIB_LIST", listed)
    with pytest.raises(BuildError, match=r"lists no_such_module.py, which .* does not hold"):
        vendor_assets.stdlib_zip()


def test_without_node_the_build_says_what_is_needed(tmp_path, monkeypatch):
    monkeypatch.setattr(vendor_assets, "STDLIB_CACHE", tmp_path)
    monkeypatch.setattr(vendor_assets, "shutil", SimpleNamespace(which=lambda name: None))
    with pytest.raises(BuildError, match=r"Node.js \(`node`\) is needed"):
        vendor_assets.stdlib_zip()
