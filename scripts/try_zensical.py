"""Build the site with Zensical and report what differs from the MkDocs build.

Zensical (the Material for MkDocs authors' successor) reads mkdocs.yml but runs no MkDocs
hooks or plugins other than its own. This script shows, page by page and asset by asset, what
moving the build to it would lose today:

    python scripts/try_zensical.py               # builds both with MkDocs too, for comparison
    python scripts/try_zensical.py --site site   # compares with an existing `make build`

It installs requirements/zensical.txt into its own environment (.cache/zensical/venv, the
network is needed once), builds a copy of the repository's files (Zensical writes only inside
the project), and prints a table. It exits non-zero only when a build fails.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitebuild.languages import CONFIGS as LANGUAGE_CONFIGS  # noqa: E402
from sitebuild.languages import site_dir  # noqa: E402

VENV = ROOT / ".cache" / "zensical" / "venv"
CONFIGS = {lang: path.name for lang, path in LANGUAGE_CONFIGS.items()}
# What each of our build stages leaves in a page, to count the pages that carry it
FEATURES = {
    "formulas typeset": re.compile(r"<mjx-container"),
    "formulas left as TeX": re.compile(r'class="arithmatex">\\[(\[]'),
    "diagrams drawn": re.compile(r"<template shadowrootmode"),
    "diagrams left as source": re.compile(r'<pre class="mermaid"'),
    "Content-Security-Policy": re.compile(r'http-equiv="Content-Security-Policy"'),
    "last-changed date": re.compile(r"<time datetime="),
    "link to the other language": re.compile(r'hreflang="(?:zh|en)"'),
    "calculator form": re.compile(r'id="calculator-form"'),
    "HTML loading from another host": re.compile(
        r'(?:src|href)="https?://(?!127\.0\.0\.1)[^"]+\.(?:js|css)'
    ),
}


def venv() -> Path:
    """The environment with Zensical, created on first use."""
    python = VENV / "bin" / "python"
    marker = VENV / ".installed"
    spec = ROOT / "requirements" / "zensical.txt"
    if not marker.is_file() or marker.read_text() != spec.read_text():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        done = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-r", str(spec)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            sys.exit(f"could not install {spec.relative_to(ROOT)}:\n{done.stderr[-3000:]}")
        marker.write_text(spec.read_text())
    return VENV / "bin" / "zensical"


def copy_project(target: Path) -> None:
    """The repository's tracked and new files (not ignored ones), as a build sees them."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)


def zensical_build(project: Path, out: Path) -> dict[str, float]:
    """Both languages with Zensical into out/<lang>; the seconds each took."""
    zensical, times = venv(), {}
    for lang, config in CONFIGS.items():
        path = project / config
        text = path.read_text(encoding="utf-8")
        # Zensical writes only inside the project
        text = re.sub(r"(?m)^site_dir: .*$", f"site_dir: {out.name}/{lang}", text)
        path.write_text(text, encoding="utf-8")
    for lang, config in CONFIGS.items():
        start = time.perf_counter()
        done = subprocess.run(
            [str(zensical), "build", "-f", config], cwd=project, capture_output=True, text=True
        )
        times[lang] = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(
                f"Zensical could not build {config}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
    return times


def mkdocs_build(out: Path) -> Path:
    for lang, config in CONFIGS.items():
        target = site_dir(out, lang)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-q",
                "-f",
                config,
                "-d",
                str(target),
            ],
            cwd=ROOT,
            check=True,
        )
    return out


def pages(root: Path, skip: Path | None = None) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in root.rglob("*.html")
        if skip is None or not p.is_relative_to(skip)
    }


def assets(root: Path, skip: Path | None = None) -> dict[str, int]:
    """Files under assets/, counted by their first two folders."""
    counts: dict[str, int] = {}
    base = root / "assets"
    for p in base.rglob("*") if base.is_dir() else []:
        if p.is_file() and (skip is None or not p.is_relative_to(skip)):
            key = "/".join(p.relative_to(base).parts[:2][:-1] or ["(top)"])
            counts[key] = counts.get(key, 0) + 1
    return counts


def search_entries(root: Path) -> tuple[str, int]:
    material = root / "search" / "search_index.json"
    if material.is_file():
        return "search/search_index.json", len(json.loads(material.read_text())["docs"])
    zensical = root / "search.json"
    if zensical.is_file():
        return "search.json", len(json.loads(zensical.read_text())["items"])
    return "none", 0


def compare(mkdocs_root: Path, zensical_root: Path, lang: str) -> list[tuple[str, str, str]]:
    """Rows (what, MkDocs, Zensical) for one language."""
    ours = site_dir(mkdocs_root, lang)
    # the default language's folder also holds the others' (Chinese at /, English at /en/)
    others = [site_dir(mkdocs_root, other) for other in LANGUAGE_CONFIGS if other != lang]
    skip = next((o for o in others if o.is_relative_to(ours) and o != ours), None)
    theirs = zensical_root / lang
    a, b = pages(ours, skip), pages(theirs)
    rows = [("pages (HTML files)", str(len(a)), str(len(b)))]
    for rel in sorted(set(a) - set(b)):
        rows.append((f"  only MkDocs: {rel}", "yes", "-"))
    for rel in sorted(set(b) - set(a)):
        rows.append((f"  only Zensical: {rel}", "-", "yes"))
    for name, pattern in FEATURES.items():
        count = [
            sum(1 for p in side.values() if pattern.search(p.read_text("utf-8"))) for side in (a, b)
        ]
        rows.append((f"pages with {name}", str(count[0]), str(count[1])))
    x, y = assets(ours, skip), assets(theirs)
    for key in sorted(set(x) | set(y)):
        if x.get(key) != y.get(key):
            rows.append((f"files in assets/{key}", str(x.get(key, 0)), str(y.get(key, 0))))
    (fa, na), (fb, nb) = search_entries(ours), search_entries(theirs)
    rows.append(("search index", f"{fa}: {na}", f"{fb}: {nb}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an existing MkDocs build of both languages")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        project = tmp_path / "project"
        copy_project(project)
        times = zensical_build(project, project / "zensical-site")
        reference = args.site or mkdocs_build(tmp_path / "mkdocs-site")
        for lang in CONFIGS:
            print(f"\n{lang}: Zensical built it in {times[lang]:.1f} s")
            rows = compare(reference, project / "zensical-site", lang)
            width = max(len(r[0]) for r in rows)
            print(f"{'':{width}}  {'MkDocs':>28}  {'Zensical':>28}")
            for what, left, right in rows:
                print(f"{what:{width}}  {left:>28}  {right:>28}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
