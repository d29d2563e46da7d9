"""The interface words the build writes into pages, per language, from sitebuild/words.yml.

The build's stages (page dates, the "What changed" page, notebook headers, the search dialog's
name), the theme's buttons and the PDF's cover take their words from one place:

    >>> import datetime as dt
    >>> words("en")["search"]
    'Search'
    >>> words("zh").fill("last_changed", date=words("zh").date(dt.date(2026, 12, 7)))
    '最后修改于 2026 年 12 月 7 日'

The file is checked when it is read: each language of the site must have an entry, and each
entry every key any other entry has. A missing word stops the build (a `MissingWord`, which
MkDocs reports as a build error) with the language and the key it lacks. The stage gives
the theme the language's words as `config.extra.words` (overrides/main.html uses them).
"""

import datetime as dt
import functools
import re
import string
from pathlib import Path

import yaml

from sitebuild.build import BuildError, Site
from sitebuild.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
WORDS_FILE = ROOT / "sitebuild" / "words.yml"


class MissingWord(BuildError):
    """A language lacks a word (or a format lacks a field); the message names both."""


class Words(dict):
    """One language's words: ``words["search"]``, formats filled with ``fill``."""

    def __init__(self, lang: str, entries: dict, source: str = "sitebuild/words.yml"):
        super().__init__(entries)
        self.lang = lang
        self.source = source

    def __missing__(self, key: str):
        raise MissingWord(
            f"words: language '{self.lang}' has no word for '{key}' in {self.source}; "
            f"add '{key}:' to its '{self.lang}:' entry"
        )

    def fill(self, key: str, **fields) -> str:
        """The format ``key`` with its fields filled in."""
        try:
            return self[key].format(**fields)
        except KeyError as field:
            raise MissingWord(
                f"words: '{key}' of language '{self.lang}' in {self.source} uses the field "
                f"{field}, which the build does not fill; it fills "
                f"{', '.join(sorted(fields)) or 'none'}"
            ) from None

    def date_fields(self, day: dt.date) -> dict:
        return {
            "year": day.year,
            "month": day.month,
            "month_name": self["month_names"][day.month - 1],
            "day": day.day,
        }

    def date(self, day: dt.date) -> str:
        """A day as pages write it: ``7 December 2026``, ``2026 年 12 月 7 日``."""
        return self.fill("date", **self.date_fields(day))

    def month(self, year: int, month: int) -> str:
        """A month as pages write it: ``December 2026``, ``2026 年 12 月``."""
        return self.fill("month", **self.date_fields(dt.date(year, month, 1)))

    def pattern(self, key: str) -> str:
        """A regular expression matching the date format ``key`` once filled in.

        The groups are named after the fields: year, month (a number), month_name, day.
        """
        fields = {
            "year": r"(?P<year>20\d\d)",
            "month": r"(?P<month>1[0-2]|[1-9])",
            "month_name": "(?P<month_name>" + "|".join(self["month_names"]) + ")",
            "day": r"(?P<day>3[01]|[12]\d|[1-9])",
        }
        out = []
        for text, field, _, _ in string.Formatter().parse(self[key]):
            out.append(re.escape(text))
            if field is not None:
                if field not in fields:
                    raise MissingWord(
                        f"words: '{key}' of language '{self.lang}' in {self.source} uses the field "
                        f"'{field}'; a date pattern has only {', '.join(fields)}"
                    )
                out.append(fields[field])
        return "".join(out)

    def month_of(self, match) -> tuple[int, int]:
        """(year, month) from a match of ``pattern``."""
        name = match.groupdict().get("month_name")
        month = self["month_names"].index(name) + 1 if name else int(match["month"])
        return int(match["year"]), month


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


@functools.cache
def _load(path: Path, mtime_ns: int) -> dict[str, dict]:
    name = shown(path)
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    keys = {key: lang for lang, entry in reversed(entries.items()) for key in entry or {}}
    for lang in LANGUAGES:
        if not isinstance(entries.get(lang), dict):
            raise MissingWord(
                f"words: {name} has no words for language '{lang}'; add a '{lang}:' entry "
                f"with the keys of the others"
            )
    for lang, entry in entries.items():
        for key, owner in keys.items():
            if key not in (entry or {}):
                raise MissingWord(
                    f"words: language '{lang}' has no word for '{key}' in {name} "
                    f"('{owner}' has one); add '{key}:' to its '{lang}:' entry"
                )
        months = (entry or {}).get("month_names")
        if not (isinstance(months, list) and len(months) == 12):
            raise MissingWord(
                f"words: language '{lang}' in {name} needs 'month_names:', a list of 12 names"
            )
    return entries


def words(lang: str, path: Path = WORDS_FILE) -> Words:
    """The words of language ``lang`` (raises ``MissingWord`` when any language lacks one)."""
    entries = _load(path, path.stat().st_mtime_ns)
    if lang not in entries:
        raise MissingWord(
            f"words: {shown(path)} has no words for language '{lang}'; add a '{lang}:' entry "
            f"with the keys of the others"
        )
    return Words(lang, entries[lang], shown(path))


class WordsStage:
    """The stage (sitebuild/build.py): the theme's words, as `extra.words`."""

    def configure(self, site: Site) -> None:
        site.extra["words"] = words(site.language)
