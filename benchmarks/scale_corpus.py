"""Knowledge folders of real English text at a chosen size, for the scale benchmark.

The text is what every Python installation has: the documentation topics of
``pydoc_data.topics`` and the docstrings of the standard library's (and installed
packages') modules, read with ``ast`` so that nothing is imported. It is cut into
articles of about 50 sentences, written as knowledge files beside the bundled articles.
"""

from __future__ import annotations

import ast
import re
import shutil
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

from bot.knowledge import VOCABULARY_FILE, bundled_knowledge_dir

SENTENCES_PER_ARTICLE = 50
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WHITESPACE = re.compile(r"\s+")
_NOT_PROSE = (">>>", "...", "=", "|", "#", "$ ", "    >>>")


def _prose(text: str) -> Iterator[str]:
    """Sentences of prose paragraphs: code, tables and headings left out."""
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().splitlines()]
        if not lines or any(line.startswith(_NOT_PROSE) for line in block.strip().splitlines()):
            continue
        paragraph = _WHITESPACE.sub(" ", " ".join(lines)).strip()
        if len(paragraph) < 30 or "---" in paragraph or not paragraph[0].isalpha():
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            if 15 <= len(sentence) <= 500 and sentence.endswith((".", "?", "!")):
                yield sentence


def _docstrings(root: Path) -> Iterator[str]:
    for path in sorted(root.rglob("*.py")):
        if "test" in path.parts[-1] or "/tests/" in str(path) or "site-packages/bot" in str(path):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                docstring = ast.get_docstring(node)
                if docstring:
                    yield docstring


def english_sentences(limit: int) -> list[str]:
    """Up to ``limit`` distinct English sentences from Python's documentation and docstrings."""
    import pydoc_data.topics

    seen: set[str] = set()
    found: list[str] = []
    sources = [*pydoc_data.topics.topics.values()]
    packages = [Path(path) for path in sys.path if "site-packages" in path]
    roots = [Path(sysconfig.get_paths()["stdlib"]), *packages]
    for text in [*sources, *(doc for root in roots for doc in _docstrings(root))]:
        for sentence in _prose(text):
            if sentence not in seen:
                seen.add(sentence)
                found.append(sentence)
                if len(found) >= limit:
                    return found
    return found


def build_folder(folder: Path, sentences: list[str]) -> Path:
    """A knowledge folder: the bundled articles plus the sentences as ~50-sentence articles."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    bundled = bundled_knowledge_dir()
    for path in [*bundled.glob("*.md"), bundled / VOCABULARY_FILE]:
        if path.exists():
            shutil.copy(path, folder / path.name)
    for number, start in enumerate(range(0, len(sentences), SENTENCES_PER_ARTICLE)):
        chunk = sentences[start : start + SENTENCES_PER_ARTICLE]
        paragraphs = [" ".join(chunk[at : at + 5]) for at in range(0, len(chunk), 5)]
        body = "\n\n".join(paragraphs)
        (folder / f"python-text-{number:05d}.md").write_text(
            f"---\nid: python-text-{number:05d}\ntitle: Python documentation, part {number}\n"
            f"publisher: null\nauthor: null\npublished: null\nurl: null\n---\n{body}\n",
            encoding="utf-8",
        )
    return folder
