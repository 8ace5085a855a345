"""The sentence encoder and the support it gives: closeness in meaning, kept in the index cache."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import write_knowledge

import bot.meaning
from adapters.cli import main
from bot.answerer import Answerer
from bot.knowledge import load_knowledge
from bot.meaning import DIMENSIONS, MeaningError, SentenceEncoder, bundled_encoder
from bot.support import MEANING_FEATURES, bundled_support_model

BRIDGE = [{"id": "bridge", "body": "The Springfield bridge reopens on March 3."}]


def test_vectors_are_unit_length_and_paraphrases_are_closest() -> None:
    question, paraphrase, unrelated = bundled_encoder().encode(
        [
            "When will my antivirus stop getting patches?",
            "Kaspersky will stop providing security updates on September 29.",
            "The Springfield bridge reopens on March 3 after repairs.",
        ]
    )
    assert question.shape == (DIMENSIONS,)
    assert np.allclose(np.linalg.norm([question, paraphrase, unrelated], axis=1), 1.0, atol=1e-4)
    assert question @ paraphrase > question @ unrelated + 0.2


def test_a_text_is_encoded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    encoder = bundled_encoder()
    first = encoder.encode(["The shop opens on Saturdays only, its manager said."])

    def no_model(*_: object) -> np.ndarray:
        raise AssertionError("a remembered text was encoded again")

    monkeypatch.setattr(SentenceEncoder, "_run", staticmethod(no_model))
    again = encoder.encode(["The shop opens on Saturdays only, its manager said."])
    assert np.array_equal(first, again)


def test_a_broken_model_file_is_a_meaning_error_naming_it(tmp_path: Path) -> None:
    model = tmp_path / "model.onnx"
    model.write_bytes(b"not a model")
    tokenizer = Path(str(bot.meaning.resources.files("bot") / "data" / "minilm-tokenizer.json"))
    with pytest.raises(MeaningError, match=r"model\.onnx"):
        SentenceEncoder(model, tokenizer).encode(["anything"])


def test_the_cli_reports_an_encoder_that_cannot_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_knowledge(tmp_path, BRIDGE)
    broken = tmp_path / "model.onnx"
    broken.write_bytes(b"not a model")
    tokenizer = bundled_encoder().tokenizer_path
    monkeypatch.setattr(bot.meaning, "bundled_encoder", lambda: SentenceEncoder(broken, tokenizer))
    monkeypatch.setattr("bot.answerer.bundled_encoder", lambda: SentenceEncoder(broken, tokenizer))
    monkeypatch.setenv("BANBOT_CACHE_DIR", "")
    assert main(["--knowledge", str(folder), "--meaning", "ask", "When does the bridge reopen?"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("banbot: model error:")
    assert "Traceback" not in error


class _Meaningless(SentenceEncoder):
    """Each text a random direction of its own: no two texts are close in meaning."""

    def __init__(self) -> None:
        super().__init__(Path("unused"), Path("unused"))

    def encode(self, texts: Sequence[str], remember: bool = True) -> np.ndarray:
        vectors = np.array(
            [np.random.default_rng(zlib.crc32(text.encode())).normal(size=DIMENSIONS) for text in texts],
            dtype=np.float32,
        ).reshape(len(texts), DIMENSIONS)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_closeness_in_meaning_supports_a_paraphrase_the_words_miss(tmp_path: Path) -> None:
    articles = load_knowledge(write_knowledge(tmp_path, BRIDGE))
    question = "When does the Springfield crossing reopen?"
    close = Answerer(articles, meaning=True).assess(question)
    meaningless = Answerer(articles, encoder=_Meaningless()).assess(question)
    assert close is not None and meaningless is not None
    assert close.features["meaning_closeness"] > 0.6 > meaningless.features["meaning_closeness"]
    # "crossing" is not "bridge" in words, but is close to it in meaning.
    assert close.probability > meaningless.probability + 0.1
    assert not Answerer(articles).ask(question).answered  # without --meaning


def test_the_passage_closest_in_meaning_is_not_enough_without_the_words(tmp_path: Path) -> None:
    articles = write_knowledge(tmp_path, BRIDGE)
    # The only passage is the closest there is; the question is about something else.
    answerer = Answerer.from_folder(articles, meaning=True)
    assert not answerer.ask("When does the Shelbyville library reopen?").answered


def test_the_index_cache_keeps_the_meanings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANBOT_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_knowledge(tmp_path, BRIDGE)
    fresh = Answerer.from_folder(folder, meaning=True)
    cached = Answerer.from_folder(folder, meaning=True)
    assert list((tmp_path / "cache").glob("index-*.npz"))
    assert cached.index.meanings.shape == (1, DIMENSIONS)
    # Rounded alike whether built or read back, so both answer alike.
    assert np.array_equal(fresh.index.meanings, cached.index.meanings)


def test_a_service_loads_the_encoder_at_start_and_fails_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.service import ReloadingAnswerer

    monkeypatch.setenv("BANBOT_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_knowledge(tmp_path, BRIDGE)
    ReloadingAnswerer(folder, meaning=True)  # the index is built and cached with the working encoder
    broken = tmp_path / "model.onnx"
    broken.write_bytes(b"not a model")
    tokenizer = bundled_encoder().tokenizer_path
    monkeypatch.setattr("bot.answerer.bundled_encoder", lambda: SentenceEncoder(broken, tokenizer))
    # The cached index needs no encoding; the first question would. The service finds out now.
    with pytest.raises(MeaningError):
        ReloadingAnswerer(folder, meaning=True)
    ReloadingAnswerer(folder)  # without --meaning, no encoder is needed


def test_without_meaning_nothing_is_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(*_: object) -> np.ndarray:
        raise AssertionError("encoded without --meaning")

    monkeypatch.setattr(SentenceEncoder, "encode", no_model)
    monkeypatch.setenv("BANBOT_CACHE_DIR", "")
    answerer = Answerer.from_folder(write_knowledge(tmp_path, BRIDGE))
    assert answerer.encoder is None
    assert answerer.index.meanings.shape == (1, 0)
    assert answerer.ask("When does the bridge reopen?").answer == "March 3, 2024"


def _count_encoders(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record each time an answerer loads the sentence encoder (the real one)."""
    loaded: list[bool] = []

    def counting() -> SentenceEncoder:
        loaded.append(True)
        return bundled_encoder()

    monkeypatch.setattr("bot.answerer.bundled_encoder", counting)
    return loaded


def test_the_meaning_setting_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_knowledge(tmp_path, BRIDGE)
    monkeypatch.setenv("BANBOT_CACHE_DIR", "")
    loaded = _count_encoders(monkeypatch)
    question = "When does the Springfield bridge reopen?"
    monkeypatch.setenv("BANBOT_MEANING", "on")
    assert main(["--knowledge", str(folder), "ask", question]) == 0
    assert "March 3, 2024" in capsys.readouterr().out
    with_meaning = len(loaded)
    assert with_meaning > 0
    assert main(["--knowledge", str(folder), "--no-meaning", "ask", question]) == 0
    assert "March 3, 2024" in capsys.readouterr().out
    assert len(loaded) == with_meaning  # no encoder this time
    monkeypatch.setenv("BANBOT_MEANING", "maybe")
    with pytest.raises(SystemExit) as exited:
        main(["--knowledge", str(folder), "ask", question])
    assert exited.value.code == 2
    assert "BANBOT_MEANING must be one of" in capsys.readouterr().err


def test_meaning_is_weighed_by_default_when_installed_and_the_folder_is_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_knowledge(tmp_path, BRIDGE)
    monkeypatch.setenv("BANBOT_CACHE_DIR", "")
    monkeypatch.delenv("BANBOT_MEANING", raising=False)
    question = "When does the Springfield bridge reopen?"
    assert bot.meaning.installed()
    assert Answerer.from_folder(folder, meaning=None).encoder is not None
    loaded = _count_encoders(monkeypatch)
    assert main(["--knowledge", str(folder), "ask", question]) == 0
    assert "March 3, 2024" in capsys.readouterr().out
    by_default = len(loaded)
    assert by_default > 0
    monkeypatch.setenv("BANBOT_MEANING", "auto")
    assert main(["--knowledge", str(folder), "ask", question]) == 0
    assert "March 3, 2024" in capsys.readouterr().out
    assert len(loaded) > by_default
    # A large folder keeps the lexical index's start-up and memory; so does a missing extra.
    monkeypatch.setattr(bot.meaning, "AUTO_MAX_CHARACTERS", 10)
    assert Answerer.from_folder(folder, meaning=None).encoder is None
    monkeypatch.setattr(bot.meaning, "AUTO_MAX_CHARACTERS", 10**6)
    monkeypatch.setattr(bot.meaning, "_EXTRA_MODULES", ("no_such_module_for_banbot",))
    assert not bot.meaning.installed()
    assert Answerer.from_folder(folder, meaning=None).encoder is None


def test_each_support_model_lists_its_features() -> None:
    lexical, with_meaning = bundled_support_model(), bundled_support_model(meaning=True)
    assert not lexical.needs_meaning
    assert with_meaning.needs_meaning
    assert set(with_meaning.features) - set(lexical.features) == set(MEANING_FEATURES)
