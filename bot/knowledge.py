"""Loading and validating the knowledge folder: Markdown articles with YAML front matter."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.models import Article, Source
from bot.text import paragraphs

KNOWLEDGE_ENV = "BANBOT_KNOWLEDGE"
VOCABULARY_FILE = "vocabulary.yaml"
REQUIRED_FIELDS = ("id", "title", "publisher", "author", "published", "url")
NULLABLE_FIELDS = frozenset({"publisher", "author", "published", "url"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(.*)\Z", re.DOTALL)
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class KnowledgeError(Exception):
    """A knowledge folder or file that cannot be used; the message names the file."""


def bundled_knowledge_dir() -> Path:
    """The knowledge shipped with banbot: inside the installed package, or the checkout's."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "knowledge", package_dir.parent / "knowledge"):
        if candidate.is_dir():
            return candidate
    raise KnowledgeError(f"{package_dir.parent / 'knowledge'}: bundled knowledge folder not found")


def resolve_knowledge_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The folder to load: an explicit one, else ``$BANBOT_KNOWLEDGE``, else the bundled one."""
    chosen = explicit or os.environ.get(KNOWLEDGE_ENV)
    return Path(chosen) if chosen else bundled_knowledge_dir()


def load_knowledge(directory: str | os.PathLike[str] | None = None) -> list[Article]:
    """Load and validate every ``*.md`` article in the folder, sorted by file name."""
    folder = resolve_knowledge_dir(directory)
    if not folder.is_dir():
        raise KnowledgeError(f"{folder}: not a folder")
    paths = sorted(folder.glob("*.md"))
    if not paths:
        raise KnowledgeError(f"{folder}: no .md articles in the folder")
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in paths:
        article = load_article(path)
        if article.source.id in seen:
            raise KnowledgeError(
                f"{path}: id {article.source.id!r} is already used by {seen[article.source.id].name}"
            )
        seen[article.source.id] = path
        articles.append(article)
    return articles


def load_vocabulary(directory: str | os.PathLike[str] | None = None) -> tuple[tuple[str, ...], ...]:
    """The folder's own synonym groups from ``vocabulary.yaml``, or none when it has no such file.

    The file names what these articles call one thing in several ways (a country, a
    company, an agency): ``synonyms:`` then a list of groups, each a list of words or
    phrases. General English equivalences live in banbot itself (``bot/data``).
    """
    path = resolve_knowledge_dir(directory) / VOCABULARY_FILE
    if not path.exists():
        return ()
    try:
        data = yaml.safe_load(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise KnowledgeError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise KnowledgeError(f"{path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path}: not valid YAML ({_first_line(error)})") from None
    if data is None:
        return ()
    if not isinstance(data, dict) or set(data) - {"synonyms"}:
        raise KnowledgeError(f"{path}: must be a mapping with one key, 'synonyms'")
    groups = data.get("synonyms") or []
    if not isinstance(groups, list):
        raise KnowledgeError(f"{path}: 'synonyms' must be a list of groups")
    found = []
    for number, group in enumerate(groups, start=1):
        valid = isinstance(group, list) and len(group) >= 2
        if not valid or not all(isinstance(item, str) and item.strip() for item in group):
            raise KnowledgeError(f"{path}: synonym group {number} must be a list of two or more words")
        found.append(tuple(item.strip() for item in group))
    return tuple(found)


def knowledge_file_text(meta: Mapping[str, Any], body: str) -> str:
    """A knowledge file's text: its YAML front matter (``meta``, in order), then its body."""
    front = yaml.safe_dump(dict(meta), sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{body.strip()}\n"


def load_article(path: Path) -> Article:
    """Parse one article file, raising :class:`KnowledgeError` naming it on any problem."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise KnowledgeError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise KnowledgeError(f"{path}: cannot be read ({error.strerror})") from None
    text = text.removeprefix("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise KnowledgeError(f"{path}: no YAML front matter between '---' lines at the top")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise KnowledgeError(f"{path}: front matter is not valid YAML ({_first_line(error)})") from None
    except ValueError as error:
        # PyYAML turns "2024-13-45" into a date and fails with a plain ValueError.
        raise KnowledgeError(f"{path}: front matter holds an impossible value ({error})") from None
    if not isinstance(meta, dict):
        raise KnowledgeError(f"{path}: front matter must be a mapping of fields")
    body = match.group(2).strip()
    if not body:
        raise KnowledgeError(f"{path}: the article body is empty")
    if not any(paragraphs(body)):
        raise KnowledgeError(f"{path}: the article body has no prose to quote (only headings)")
    return Article(
        source=_source(path, meta), body=body, examples=_examples(path, meta), added=_added(path, meta)
    )


def _source(path: Path, meta: dict[str, Any]) -> Source:
    missing = [name for name in REQUIRED_FIELDS if name not in meta]
    if missing:
        raise KnowledgeError(f"{path}: front matter lacks {', '.join(missing)}")
    for name in REQUIRED_FIELDS:
        value = meta[name]
        if value is None and name in NULLABLE_FIELDS:
            continue
        if name == "published":
            valid = isinstance(value, date)
        else:
            valid = isinstance(value, str) and bool(value.strip())
        if not valid:
            kind = "an ISO date (YYYY-MM-DD) or null" if name == "published" else "a non-empty string"
            if name in NULLABLE_FIELDS and name != "published":
                kind += " or null"
            raise KnowledgeError(f"{path}: field {name!r} must be {kind}, not {value!r}")
    if not _ID.match(meta["id"]):
        raise KnowledgeError(f"{path}: id {meta['id']!r} must be lower case letters, digits, '.', '_' or '-'")
    return Source(
        id=meta["id"],
        title=meta["title"].strip(),
        publisher=meta["publisher"],
        author=meta["author"],
        published=meta["published"],
        url=meta["url"],
    )


def _added(path: Path, meta: dict[str, Any]) -> date | None:
    added = meta.get("added")
    if added is None:
        try:
            return date.fromtimestamp(path.stat().st_mtime)
        except OSError:
            return None
    if not isinstance(added, date):
        raise KnowledgeError(f"{path}: field 'added' must be an ISO date (YYYY-MM-DD), not {added!r}")
    return added


def _examples(path: Path, meta: dict[str, Any]) -> tuple[str, ...]:
    examples = meta.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(item, str) and item.strip() for item in examples):
        raise KnowledgeError(f"{path}: field 'examples' must be a list of questions")
    return tuple(item.strip() for item in examples)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
