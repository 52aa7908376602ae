"""Speed of the text cleaners on a typical article (was a wall-clock assert in the test suite).

Builds a 40-paragraph article with a dateline, a credit line and share buttons (about 5 KB),
runs :func:`newsclean.cleaners.text.rules.clean_text` on it ``--repeat`` times and prints the
median and best time per article. Target: well under 1 ms; 5 ms is the old test's bound.

    .venv/bin/python benchmarks/text_speed.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import time

from newsclean.cleaners.text.rules import clean_text

BODY = "The company said on Tuesday that sales rose 4% in the third quarter."


def typical_article() -> str:
    paragraphs = [f"{BODY} Paragraph {i} adds a little more detail, quotes and figures."
                  for i in range(40)]
    return "\n\n".join(["A headline here", "09/16/2020 | 02:51am EDT", *paragraphs,
                        "(Reporting by Jane Doe; Editing by John Roe)", "Share", "Tweet"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="runs to time (default 200)")
    args = parser.parse_args()
    text = typical_article()
    clean_text(text)                                     # warm up: regexes compiled
    seconds = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        clean_text(text)
        seconds.append(time.perf_counter() - start)
    print(f"clean_text on a {len(text)}-character article: median "
          f"{statistics.median(seconds) * 1000:.2f} ms, best {min(seconds) * 1000:.2f} ms "
          f"({args.repeat} runs)")


if __name__ == "__main__":
    main()
