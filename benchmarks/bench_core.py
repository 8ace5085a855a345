"""Speed of the core on the bundled knowledge: in process, and as the command line uses it.

- one answer in process;
- `banbot ask` as a command with a warm index cache, beside `python -c pass` in the same run;
- the marginal cost of one more question through `banbot ask --json -`: the time of a
  stream of distinct questions, less that of its first half, per question (the first
  half pays for the dictionaries its unusual words load, once per process).

Run: python benchmarks/bench_core.py [--rounds N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from adapters.cli import meaning_from_env
from bot import Answerer

ROOT = Path(__file__).resolve().parents[1]


def questions() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests" / "data").rglob("*questions*.jsonl")):
        found += [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return found


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def wall_time(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def stream_time(command: list[str], asked: list[str], runs: int) -> float:
    """Median wall time of one process answering all the questions, a line each."""
    text = "".join(question + "\n" for question in asked)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, input=text, text=True, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the question sets")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command for wall time")
    args = parser.parse_args()

    # banbot ask reads BANBOT_MEANING too, so both measurements run in the same mode.
    meaning = meaning_from_env()
    started = time.perf_counter()
    answerer = Answerer.from_folder(meaning=meaning)
    load_seconds = time.perf_counter() - started

    asked = questions()
    for question in asked:  # warm caches: the first answer loads the lemmatizer's data
        answerer.ask(question)
    # With --meaning a question's vector is remembered once encoded; the first answer to each
    # runs the encoder.
    if answerer.encoder is not None:
        answerer.encoder.forget()
    first_sight = []
    for question in dict.fromkeys(asked):
        started = time.perf_counter()
        answerer.ask(question)
        first_sight.append(time.perf_counter() - started)
    samples = []
    for _ in range(args.rounds):
        for question in asked:
            started = time.perf_counter()
            answerer.ask(question)
            samples.append(time.perf_counter() - started)

    banbot = shutil.which("banbot") or str(Path(sys.executable).with_name("banbot"))
    wall_time([banbot, "ask", "when do updates stop?"], 1)  # fills the index cache
    ask_seconds = wall_time([banbot, "ask", "when do updates stop?"], args.runs)
    python_seconds = wall_time([sys.executable, "-c", "pass"], args.runs)
    distinct = list(dict.fromkeys(question.replace("\n", " ") for question in asked))
    half = distinct[: len(distinct) // 2]
    stream_all = stream_time([banbot, "ask", "--json", "-"], distinct, args.runs)
    stream_half = stream_time([banbot, "ask", "--json", "-"], half, args.runs)
    marginal = (stream_all - stream_half) / (len(distinct) - len(half))

    weighed = "on" if answerer.encoder is not None else "off"
    print(f"index: {len(answerer.index)} passages from {len(answerer.articles)} articles; meaning {weighed}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"load + index: {load_seconds * 1000:.1f} ms; peak resident memory of this process {peak_mb:.0f} MB"
    )
    print(
        f"one answer in process ({len(samples)} answers, questions asked before): "
        f"median {statistics.median(samples) * 1000:.2f} ms, p99 {percentile(samples, 0.99) * 1000:.2f} ms"
    )
    print(
        f"first answer to each distinct question ({len(first_sight)}): median "
        f"{statistics.median(first_sight) * 1000:.2f} ms, p99 {percentile(first_sight, 0.99) * 1000:.2f} ms"
    )
    difference = (ask_seconds - python_seconds) * 1000
    print(
        f"`banbot ask` wall time, warm cache: median {ask_seconds * 1000:.0f} ms "
        f"(`python -c pass`: {python_seconds * 1000:.0f} ms; difference {difference:.0f} ms) "
        f"over {args.runs} runs"
    )
    print(
        f"`banbot ask --json -`: {len(distinct)} distinct questions in {stream_all:.2f} s, the first "
        f"{len(half)} in {stream_half:.2f} s: marginal cost {marginal * 1000:.2f} ms a question"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
