"""How banbot scales with its knowledge: load, answer time and memory at 1k, 10k and 100k sentences.

For each size it builds a knowledge folder of real English text (Python's documentation
and docstrings, see ``scale_corpus.py``) with the bundled articles, then measures, each
in a fresh process:

- loading: cold (splitting, analyzing, writing the cache) and warm (from the cache);
- answering through ``banbot ask --json -``, one question at a time, median and p99, and
  the same in process;
- peak resident memory of the ``banbot ask --json -`` process;
- the public question set's hit@1 and declines, so that speed never buys other answers;
- on the same passages and questions, rank-bm25's ``BM25Okapi.get_scores`` and bm25s's
  ``retrieve``, side by side.

With ``BANBOT_MEANING=on`` it measures banbot with closeness in meaning (``--meaning``).
It prints a table and writes ``benchmarks/bench_scale.png`` (log axes). Every process
runs on this machine; nothing goes over the network. Takes a few minutes.

    python benchmarks/bench_scale.py [--sizes 1000 10000 100000] [--plot PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_corpus import build_folder, english_sentences

from adapters.cli import meaning_from_env

ROOT = Path(__file__).resolve().parents[1]
QUESTION_FILES = ("public_questions.jsonl", "chat_questions.jsonl", "rounds/round7.jsonl")
BANBOT = [sys.executable, "-m", "adapters"]
# Every process measured runs in one mode: lexical unless BANBOT_MEANING=on (the command
# line's default, "auto", would weigh meaning for the small folders only).
_MODE = "on" if meaning_from_env() else "off"

# Runs in a fresh process: load (cold or warm), then answer in process.
CHILD = r"""
import json, resource, statistics, sys, time
from pathlib import Path
folder, questions_file, public_file = sys.argv[1:4]
from adapters.cli import meaning_from_env
meaning = bool(meaning_from_env())  # the parent sets BANBOT_MEANING to "on" or "off"
start = time.perf_counter()
from bot.answerer import Answerer
answerer = Answerer.from_folder(folder, meaning=meaning)
load = time.perf_counter() - start
questions = json.loads(Path(questions_file).read_text())
times = []
for question in questions:
    began = time.perf_counter()
    answerer.ask(question)
    times.append(time.perf_counter() - began)
from bot.evaluation import grade, load_questions
report = grade(answerer, load_questions(Path(public_file)))
print(json.dumps({
    "load": load,
    "passages": len(answerer.index),
    "in_process": times,
    "hit_at_1": [report.hits_at_1, report.answerable],
    "declined": [report.abstained_correctly, report.out_of_scope],
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def questions() -> list[str]:
    found = []
    for name in QUESTION_FILES:
        for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["question"].replace("\n", " "))
    return list(dict.fromkeys(found))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def child(folder: Path, cache: Path, asked: Path) -> dict[str, object]:
    environment = {**os.environ, "BANBOT_CACHE_DIR": str(cache), "BANBOT_MEANING": _MODE}
    public = ROOT / "tests" / "data" / "public_questions.jsonl"
    output = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(asked), str(public)],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        timeout=1800,
    ).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return result


def through_the_command_line(folder: Path, cache: Path, asked: list[str]) -> tuple[list[float], float]:
    """Per-question latency of ``banbot ask --json -`` (one line in, one line out), and its peak MB."""
    environment = {**os.environ, "BANBOT_CACHE_DIR": str(cache), "BANBOT_MEANING": _MODE}
    process = subprocess.Popen(
        [*BANBOT, "--knowledge", str(folder), "ask", "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert process.stdin is not None and process.stdout is not None
    times = []
    try:
        # The first question waits for the load; it is not an answer time.
        process.stdin.write("warm up\n")
        process.stdin.flush()
        process.stdout.readline()
        for question in asked:
            began = time.perf_counter()
            process.stdin.write(question + "\n")
            process.stdin.flush()
            process.stdout.readline()
            times.append(time.perf_counter() - began)
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) / 1024
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    return times, peak


def baselines(folder: Path, asked: list[str]) -> dict[str, float]:
    """Build and query time of rank-bm25's BM25Okapi and of bm25s, on banbot's own passages."""
    import bm25s
    from rank_bm25 import BM25Okapi

    from bot.knowledge import load_knowledge
    from bot.text import paragraphs, sentences

    passages = [
        sentence
        for article in load_knowledge(folder)
        for paragraph in paragraphs(article.body)
        for sentence in sentences(paragraph)
    ]
    tokenized = [passage.lower().split() for passage in passages]
    began = time.perf_counter()
    okapi = BM25Okapi(tokenized)
    okapi_build = time.perf_counter() - began
    okapi_times = []
    for question in asked:
        began = time.perf_counter()
        okapi.get_scores(question.lower().split())
        okapi_times.append(time.perf_counter() - began)
    began = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(passages, stopwords="en", show_progress=False), show_progress=False)
    bm25s_build = time.perf_counter() - began
    bm25s_times = []
    for question in asked:
        began = time.perf_counter()
        query = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if query.vocab:
            retriever.retrieve(query, k=min(10, len(passages)), show_progress=False)
        bm25s_times.append(time.perf_counter() - began)
    return {
        "rank_bm25_build": okapi_build,
        "rank_bm25_median": statistics.median(okapi_times),
        "rank_bm25_p99": percentile(okapi_times, 0.99),
        "bm25s_build": bm25s_build,
        "bm25s_median": statistics.median(bm25s_times),
        "bm25s_p99": percentile(bm25s_times, 0.99),
    }


def plot(rows: list[dict[str, float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["passages"] for row in rows]
    figure, (answer, load) = plt.subplots(1, 2, figsize=(11, 4.2))
    answer.plot(sizes, [row["cli_median"] * 1000 for row in rows], "o-", label="banbot ask --json - (median)")
    answer.plot(sizes, [row["cli_p99"] * 1000 for row in rows], "o--", label="banbot ask --json - (p99)")
    answer.plot(
        sizes, [row["in_process_median"] * 1000 for row in rows], "s-", label="banbot in process (median)"
    )
    answer.plot(sizes, [row["rank_bm25_median"] * 1000 for row in rows], "^-", label="rank-bm25 get_scores")
    answer.plot(sizes, [row["bm25s_median"] * 1000 for row in rows], "v-", label="bm25s retrieve")
    answer.set(xscale="log", yscale="log", xlabel="sentences indexed", ylabel="ms per question")
    answer.set_title("Answer time")
    load.plot(sizes, [row["cold_load"] for row in rows], "o-", label="banbot cold (build + cache)")
    load.plot(sizes, [row["warm_load"] for row in rows], "o--", label="banbot warm (cache)")
    load.plot(sizes, [row["rank_bm25_build"] for row in rows], "^-", label="rank-bm25 build")
    load.plot(sizes, [row["bm25s_build"] for row in rows], "v-", label="bm25s index")
    load.set(xscale="log", yscale="log", xlabel="sentences indexed", ylabel="seconds")
    load.set_title("Load time")
    for axes in (answer, load):
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--plot", type=Path, default=Path(__file__).resolve().parent / "bench_scale.png")
    args = parser.parse_args()
    asked = questions()
    print(f"collecting {max(args.sizes):,} sentences of English text ...", flush=True)
    text = english_sentences(max(args.sizes))
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        asked_file = Path(scratch) / "questions.json"
        asked_file.write_text(json.dumps(asked))
        for size in args.sizes:
            folder = build_folder(Path(scratch) / f"knowledge-{size}", text[:size])
            cache = Path(scratch) / f"cache-{size}"
            cold = child(folder, cache, asked_file)
            warm = child(folder, cache, asked_file)
            cli_times, cli_peak = through_the_command_line(folder, cache, asked)
            in_process = warm["in_process"]
            assert isinstance(in_process, list)
            row = {
                "size": size,
                "passages": float(warm["passages"]),  # type: ignore[arg-type]
                "cold_load": float(cold["load"]),  # type: ignore[arg-type]
                "warm_load": float(warm["load"]),  # type: ignore[arg-type]
                "cli_median": statistics.median(cli_times),
                "cli_p99": percentile(cli_times, 0.99),
                "in_process_median": statistics.median(in_process),
                "in_process_p99": percentile(in_process, 0.99),
                "peak_mb": cli_peak,
                "hit_at_1": warm["hit_at_1"],
                "declined": warm["declined"],
                **baselines(folder, asked),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    print()
    print(f"{len(asked)} distinct questions; times per question")
    print(
        "| sentences indexed | load cold / warm | `ask --json -` median / p99 | in process median / p99 "
        "| peak memory | public hit@1, declined | rank-bm25 get_scores median | bm25s median |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        hits, answerable = row["hit_at_1"]  # type: ignore[misc]
        declined, out_of_scope = row["declined"]  # type: ignore[misc]
        print(
            f"| {int(row['passages']):,} | {row['cold_load']:.2f} s / {row['warm_load']:.2f} s "
            f"| {row['cli_median'] * 1000:.1f} / {row['cli_p99'] * 1000:.1f} ms "
            f"| {row['in_process_median'] * 1000:.1f} / {row['in_process_p99'] * 1000:.1f} ms "
            f"| {row['peak_mb']:.0f} MB | {hits}/{answerable}, {declined}/{out_of_scope} "
            f"| {row['rank_bm25_median'] * 1000:.1f} ms | {row['bm25s_median'] * 1000:.2f} ms |"
        )
    plot(rows, args.plot)
    print(f"\nplot: {args.plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
