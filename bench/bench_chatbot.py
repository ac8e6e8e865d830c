"""The chatbot's hit rate on its paraphrased test set (tests/support/chat_questions.json):
top-1 accuracy, hand-offs of unanswerable questions, and the time per answer.

    DATABASE_URL=sqlite:////tmp/chat.sqlite3 .venv/bin/python bench/bench_chatbot.py [-v]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true", help="print every question")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openvss.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from openvss.support.selectors import chat_answer

    call_command("migrate", verbosity=0)
    call_command("load_support_content", verbosity=0)
    data = json.loads((ROOT / "tests/support/chat_questions.json").read_text("utf-8"))
    started = time.perf_counter()
    chat_answer(question="khởi động")  # builds the index (and loads the segmenter) once
    print(f"index built in {time.perf_counter() - started:.2f} s")
    hits, timings = 0, []
    for question, key in data["answerable"]:
        t = time.perf_counter()
        reply = chat_answer(question=question)
        timings.append(time.perf_counter() - t)
        hits += reply.matched == key
        if args.verbose or reply.matched != key:
            mark = "ok  " if reply.matched == key else "MISS"
            print(
                f"{mark} {reply.score:5.2f} {reply.coverage:4.2f} {key:28} {reply.matched or '(handoff)':28} {question}"
            )
    handoffs = 0
    for question in data["handoff"]:
        reply = chat_answer(question=question)
        handoffs += reply.handoff
        if args.verbose or not reply.handoff:
            print(
                f"{'ok  ' if reply.handoff else 'MISS'} {reply.score:5.2f} {reply.coverage:4.2f} handoff {reply.matched} {question}"
            )
    n, m = len(data["answerable"]), len(data["handoff"])
    print(f"top-1 hit rate: {hits}/{n} = {hits / n:.1%}")
    print(f"unanswerable handed off: {handoffs}/{m}")
    timings.sort()
    print(
        f"answer time: median {statistics.median(timings) * 1000:.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
