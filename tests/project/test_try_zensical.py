"""scripts/try_zensical.py compares two builds; its comparison, on two small made-up sites."""

from scripts.try_zensical import compare


def page(root, rel, body):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_compare_names_missing_pages_lost_stages_and_assets(tmp_path):
    ours, theirs = tmp_path / "mkdocs", tmp_path / "zensical"
    typeset = '<span class="arithmatex"><mjx-container class="MathJax"></mjx-container></span>'
    page(ours, "index.html", typeset + '<meta http-equiv="Content-Security-Policy">')
    page(ours, "math/notebook/index.html", "")
    page(ours, "en/index.html", "")  # the other language's build is left out for zh
    page(theirs, "zh/index.html", r'<span class="arithmatex">\(x\)</span>')
    (ours / "assets" / "vendor" / "mermaid").mkdir(parents=True)
    (ours / "assets" / "vendor" / "mermaid" / "mermaid.js").write_text("")
    rows = {what: (left, right) for what, left, right in compare(ours, theirs, "zh")}
    assert rows["pages (HTML files)"] == ("2", "1")
    assert rows["  only MkDocs: math/notebook/index.html"] == ("yes", "-")
    assert rows["pages with formulas typeset"] == ("1", "0")
    assert rows["pages with formulas left as TeX"] == ("0", "1")
    assert rows["pages with Content-Security-Policy"] == ("1", "0")
    assert rows["files in assets/vendor"] == ("1", "0")
    assert rows["search index"] == ("none: 0", "none: 0")
