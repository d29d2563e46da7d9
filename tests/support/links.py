"""An offline link checker for the built site: every internal link and anchor must resolve.

Links to other hosts are collected and listed, never fetched.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "blob"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        for key in ("href", "src"):
            if values.get(key) is not None and tag in {
                "a",
                "link",
                "script",
                "img",
                "source",
                "iframe",
            }:
                self.links.append((tag, values[key]))


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    broken: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


def check_site(root: Path) -> Report:
    """Check every HTML file under `root` (the vendored folders excepted)."""
    parsed: dict[Path, _Collector] = {}

    def parse(path: Path) -> _Collector:
        if path not in parsed:
            collector = _Collector()
            collector.feed(path.read_text(encoding="utf-8", errors="replace"))
            parsed[path] = collector
        return parsed[path]

    report = Report()
    html_files = sorted(p for p in root.rglob("*.html") if "vendor" not in p.parts)
    for page in html_files:
        report.pages += 1
        for _tag, url in parse(page).links:
            report.links += 1
            parts = urlsplit(url)
            if parts.scheme in {"http", "https"} or url.startswith("//"):
                report.external.add(url)
                continue
            if parts.scheme in SKIP_SCHEMES or (not parts.path and not parts.fragment):
                continue
            name = page.relative_to(root).as_posix()
            if parts.path.startswith("/") and page.name != "404.html":
                # 404.html is served for any missing path, so MkDocs gives it root-relative links
                report.broken.append(f"{name}: '{url}' is an absolute path; use a relative link")
                continue
            base = root / "index.html" if parts.path.startswith("/") else page
            path = unquote(parts.path).lstrip("/") or "."
            target = page if not parts.path else _resolve(base, path, root)
            if target is None:
                report.broken.append(f"{name}: link '{url}' points to a file that does not exist")
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in parse(target).ids:
                    report.broken.append(
                        f"{name}: link '{url}' points to #{parts.fragment}, "
                        f"which {target.relative_to(root).as_posix()} does not have"
                    )
    return report


def _resolve(page: Path, path: str, root: Path) -> Path | None:
    target = Path(str(PurePosixPath(page.parent.as_posix()) / path)).resolve()
    if not target.is_relative_to(root.resolve()):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None
