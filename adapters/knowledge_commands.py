"""``banbot init`` and ``banbot add``: start a knowledge folder, and bring articles into it.

The commands do the I/O (files, standard input, the network through ``adapters.fetch``)
and leave extraction and checks to the core (``bot.ingest``). Each source is one article;
a source that cannot be added is refused with a one-line reason, and the others still go
in. Files are written atomically, so a running ``banbot serve --watch`` never reads half
an article.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import date
from pathlib import Path

from bot.ingest import (
    Draft,
    IngestError,
    article_id,
    check,
    from_html,
    from_pdf,
    from_text,
    markdown,
    with_overrides,
    write_atomically,
)
from bot.knowledge import KNOWLEDGE_ENV, VOCABULARY_FILE, bundled_knowledge_dir, load_article, load_knowledge
from bot.models import Article

LOCAL_KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "text", ".md": "text"}


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``init`` and ``add`` commands to the command line."""
    init = commands.add_parser(
        "init", help="create a knowledge folder holding a copy of the bundled articles"
    )
    init.add_argument("folder", type=Path, help="the folder to create (it must not exist, or be empty)")
    init.set_defaults(handler=_init)

    add = commands.add_parser(
        "add",
        help="add articles from web pages, saved HTML, PDF or text files, or '-' for standard input",
        description=(
            "Adds each SOURCE as one article to the knowledge folder (--knowledge DIR or "
            f"${KNOWLEDGE_ENV}). Metadata given here overrides what the page says."
        ),
    )
    add.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="an http(s) URL, a .html/.pdf/.txt/.md file, or -"
    )
    add.add_argument("--id", help="the article's id (default: made from the publisher and title)")
    add.add_argument("--title", help="the title")
    add.add_argument("--publisher", help="the publisher")
    add.add_argument("--author", help="the author")
    add.add_argument("--published", type=_iso_date, metavar="YYYY-MM-DD", help="the publication date")
    add.add_argument("--url", help="the article's address")
    add.add_argument(
        "--dry-run", action="store_true", help="print the Markdown that would be written; write nothing"
    )
    add.set_defaults(handler=_add)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _init(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"banbot: {folder} already exists and is not an empty folder", file=sys.stderr)
        return 2
    folder.mkdir(parents=True, exist_ok=True)
    bundled = bundled_knowledge_dir()
    copied = 0
    for path in sorted([*bundled.glob("*.md"), *bundled.glob(VOCABULARY_FILE)]):
        shutil.copyfile(path, folder / path.name)  # the bundled copy may be read-only: not its mode
        copied += 1
    print(
        f"created {folder} with {copied} files; use it with --knowledge {folder} or {KNOWLEDGE_ENV}={folder}"
    )
    return 0


def _add(args: argparse.Namespace) -> int:
    chosen = args.knowledge or os.environ.get(KNOWLEDGE_ENV)
    if not chosen:
        print(
            f"banbot: no knowledge folder to add to: run `banbot init DIR` first, then use --knowledge DIR "
            f"or {KNOWLEDGE_ENV}=DIR",
            file=sys.stderr,
        )
        return 2
    folder = Path(chosen)
    if len(args.sources) > 1 and (args.id or args.title or args.url):
        print("banbot: --id, --title and --url name one article: give one SOURCE with them", file=sys.stderr)
        return 2
    if not folder.is_dir():
        print(f"banbot: {folder} is not a folder: run `banbot init {folder}` first", file=sys.stderr)
        return 2
    existing = _existing(folder)
    failures = 0
    for source in args.sources:
        try:
            draft = with_overrides(
                _read(source),
                id=args.id,
                title=args.title,
                publisher=args.publisher,
                author=args.author,
                published=args.published,
                url=args.url,
            )
            check(draft, existing)
        except IngestError as error:
            print(f"banbot: not added: {source}: {error}", file=sys.stderr)
            failures += 1
            continue
        text = markdown(draft)
        if args.dry_run:
            print(text)
            continue
        path = write_atomically(folder, f"{article_id(draft)}.md", text)
        existing.append(load_article(path))  # the next source is checked against it too
        _summary(path, draft)
    return 1 if failures else 0


def _existing(folder: Path) -> list[Article]:
    """The folder's articles, none for an empty folder (the first article is being added)."""
    return load_knowledge(folder) if any(folder.glob("*.md")) else []


def _read(source: str) -> Draft:
    """The draft article of one source: fetched, read from a file, or from standard input."""
    if source == "-":
        return from_text(sys.stdin.read())
    if source.startswith(("http://", "https://")):
        from adapters.fetch import fetch  # httpx only when a URL is given

        fetched = fetch(source)
        return _extract(fetched.kind, fetched.body, fetched.url)
    path = Path(source)
    kind = LOCAL_KINDS.get(path.suffix.lower())
    if kind is None:
        raise IngestError(f"unsupported file type {path.suffix or '(none)'!r} (use .html, .pdf, .txt or .md)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"cannot be read ({error.strerror})") from None
    return _extract(kind, data, None)


def _extract(kind: str, data: bytes, url: str | None) -> Draft:
    if kind == "pdf":
        draft = from_pdf(data)
        return with_overrides(draft, url=url)
    if kind == "html":
        return from_html(_html_text(data), url)
    try:
        return from_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise IngestError("the text file is not UTF-8") from None


def _html_text(data: bytes) -> str:
    """A page's text, its encoding detected by trafilatura (a wrong or missing header is common)."""
    from trafilatura.utils import decode_file

    text = decode_file(data)
    return text if isinstance(text, str) else text.decode("utf-8", errors="replace")


def _summary(path: Path, draft: Draft) -> None:
    found = draft.sentences
    print(f"added {path}")
    print(f"    title: {draft.title}")
    print(
        f"    publisher: {draft.publisher or 'unknown'}; author: {draft.author or 'unknown'}; "
        f"published: {draft.published or 'unknown'}"
    )
    print(f"    {len(found)} sentences, beginning: {' '.join(found[:2])}")
