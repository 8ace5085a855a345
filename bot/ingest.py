"""Turning a web page, a PDF or a text into a knowledge article: its text, metadata and file.

Extraction is left to libraries made for it: trafilatura (with htmldate) finds a news
page's main text and metadata, pypdf a PDF's text. What is kept is the article's
paragraphs, verbatim; navigation, captions, share links and comment boxes stay out. The
result is checked before it is written: enough text, and not a copy of an article the
folder already holds.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from bot.knowledge import knowledge_file_text
from bot.models import Article
from bot.text import body_sentences, dedupe_key

MIN_SENTENCES = 3
# A new article whose sentences are mostly in one article already is a copy of it.
DUPLICATE_SHARE = 0.6


class IngestError(Exception):
    """A source that cannot become an article; the message says why in one line."""


@dataclass(frozen=True)
class Draft:
    """An article about to be written: metadata and prose paragraphs."""

    title: str | None
    paragraphs: tuple[str, ...]
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    url: str | None = None
    id: str | None = None

    @property
    def sentences(self) -> list[str]:
        return list(body_sentences("\n\n".join(self.paragraphs)))


def from_html(html: str, url: str | None = None) -> Draft:
    """The main text and metadata of a news page, by trafilatura."""
    import trafilatura  # loaded only to add an article

    extracted = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=True,
        favor_precision=True,
        # The date the page states, not one guessed from its text or address.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if extracted is not None and not isinstance(extracted, dict):
        extracted = extracted.as_dict()
    document: dict[str, Any] = extracted or {}
    if not document.get("text"):
        raise IngestError("no article text found on the page")
    title = _clean(document.get("title"))
    # With formatting, headings come as "## ..." blocks; emphasis marks are not the text.
    blocks = []
    for block in re.split(r"\n\s*\n", document["text"]):
        block = re.sub(r"\s+", " ", block).strip()
        if block.startswith("#"):
            heading = block.lstrip("#").strip()
            if heading and heading != title:
                blocks.append(f"## {heading}")
            continue
        block = re.sub(r"\*\*(.+?)\*\*", r"\1", block)
        block = re.sub(r"(?<![\w*])\*(\S[^*]*?)\*(?![\w*])", r"\1", block)
        if block and any(char.isalpha() for char in block):
            blocks.append(block)
    # A headline or a lede printed twice is one paragraph of the article, or none; and a
    # paragraph that does not stand verbatim in the page's text is not kept at all.
    page_text = _folded(trafilatura.html2txt(html))
    kept = [
        block for block in blocks if block != title and (block.startswith("#") or _folded(block) in page_text)
    ]
    published = _as_date(document.get("date"))
    return Draft(
        title=title,
        paragraphs=tuple(dict.fromkeys(kept)),
        publisher=_clean(document.get("sitename")),
        author=_clean(document.get("author")),
        published=published,
        url=_clean(document.get("url")) or url,
    )


def from_pdf(data: bytes) -> Draft:
    """The text of a PDF, by pypdf; its title from the document's metadata where it has one."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, OSError) as error:
        raise IngestError(f"not a readable PDF ({error})") from None
    if not text.strip():
        raise IngestError("the PDF has no text layer (a scan?)")
    # PDF lines end inside sentences: a paragraph is a block between blank lines.
    blocks = [re.sub(r"-\n(?=[a-z])", "", block) for block in re.split(r"\n\s*\n", text)]
    return Draft(title=_clean(title), paragraphs=tuple(_text_paragraphs("\n\n".join(blocks), joined=True)))


def from_text(text: str) -> Draft:
    """A plain text or Markdown article: blank-line paragraphs, a first ``# Heading`` as title."""
    title = None
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("# "):
        title = lines[0][2:].strip()
        text = "\n".join(lines[1:])
    return Draft(title=title, paragraphs=tuple(_text_paragraphs(text, joined=True)))


def with_overrides(draft: Draft, **given: object) -> Draft:
    """The draft with the metadata given on the command line in place of what was found."""
    chosen = {key: value for key, value in given.items() if value is not None}
    return replace(draft, **chosen)  # type: ignore[arg-type]


def article_id(draft: Draft) -> str:
    """The id: ``--id`` as given, else made from the publisher and the title."""
    if draft.id:
        return draft.id
    words = " ".join(part for part in (draft.publisher, draft.title) if part)
    folded = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:80].strip("-")
    if not slug:
        raise IngestError("the article has no title to make an id from (give --title or --id)")
    return slug


def check(draft: Draft, existing: Sequence[Article]) -> None:
    """Refuse a draft with too little text, or that repeats an article already present."""
    if not draft.title:
        raise IngestError("the article has no title (give --title)")
    found = draft.sentences
    if len(found) < MIN_SENTENCES:
        raise IngestError(f"too little article text ({len(found)} sentences; at least {MIN_SENTENCES})")
    identifier = article_id(draft)
    keys = {dedupe_key(sentence) for sentence in found}
    for article in existing:
        if article.source.id == identifier:
            raise IngestError(f"an article with the id {identifier!r} is already in the folder")
        if draft.url and article.source.url and article.source.url.rstrip("/") == draft.url.rstrip("/"):
            raise IngestError(f"duplicate: {article.source.id} has the same URL")
        theirs = {dedupe_key(sentence) for sentence in body_sentences(article.body)}
        if keys and len(keys & theirs) >= DUPLICATE_SHARE * len(keys):
            raise IngestError(f"duplicate: its text mostly repeats {article.source.id}")


def markdown(draft: Draft) -> str:
    """The knowledge file: YAML front matter, then the paragraphs."""
    meta = {
        "id": article_id(draft),
        "title": draft.title,
        "publisher": draft.publisher,
        "author": draft.author,
        "published": draft.published,
        "url": draft.url,
        "added": date.today(),
    }
    return knowledge_file_text(meta, "\n\n".join(draft.paragraphs))


def write_atomically(folder: Path, name: str, text: str) -> Path:
    """Write the file through a temporary one renamed into place: a watcher never sees half."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".adding-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        target = folder / name
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _text_paragraphs(text: str, joined: bool = False) -> list[str]:
    """Prose paragraphs: blank-line blocks (or, from trafilatura, one a line), white space folded."""
    blocks = re.split(r"\n\s*\n", text) if joined else text.splitlines()
    found = []
    for block in blocks:
        paragraph = re.sub(r"\s+", " ", block).strip()
        if paragraph and not paragraph.startswith("#") and any(char.isalpha() for char in paragraph):
            found.append(paragraph)
    return found


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = re.sub(r"\s+", " ", value).strip()
    return cleaned or None


def _as_date(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
