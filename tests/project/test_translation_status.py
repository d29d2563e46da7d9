"""The translation freshness command names the language that changed last."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "translation_status.py"


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def status(repo, *args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(repo), *args], capture_output=True, text=True
    )


def make_repo(tmp_path):
    repo = tmp_path / "repo"
    for lang, text in [("zh", "# 成本\n"), ("en", "# Costs\n")]:
        (repo / "docs" / lang).mkdir(parents=True)
        (repo / "docs" / lang / "costs.md").write_text(text, encoding="utf-8")
        (repo / "docs" / lang / "index.md").write_text("# x\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "both")
    return repo


def test_pages_in_step_are_not_listed(tmp_path):
    done = status(make_repo(tmp_path), "--check")
    assert done.returncode == 0
    assert "same commit in both languages" in done.stdout


def test_newer_language_is_named(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "docs" / "en" / "costs.md").write_text(
        "# Costs\n\nGPU prices fell.\n", encoding="utf-8"
    )
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "english only")
    done = status(repo, "--check")
    assert done.returncode == 1
    line = next(line for line in done.stdout.splitlines() if line.startswith("costs.md"))
    assert line.split()[1] == "en"
    assert "index.md" not in done.stdout


def test_uncommitted_change_counts_as_newer(tmp_path):
    repo = make_repo(tmp_path)
    (repo / "docs" / "zh" / "costs.md").write_text("# 成本\n\n显卡降价了。\n", encoding="utf-8")
    done = status(repo)
    assert done.returncode == 0  # informational without --check
    assert "costs.md" in done.stdout and " zh " in done.stdout and "uncommitted" in done.stdout


def test_wrong_root_is_a_clear_error(tmp_path):
    done = status(tmp_path)
    assert done.returncode == 2
    assert "has no docs/zh/ folder" in done.stderr
