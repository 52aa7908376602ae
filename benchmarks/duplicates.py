#!/usr/bin/env python3
"""How the near-duplicate thresholds of :mod:`newsclean.corpus.dedup` were chosen.

    python benchmarks/duplicates.py [--bench ../shared/bench]

Builds copies of the true article bodies of the bench folders with a body (fundus-dev,
l3s-dev, readability-dev), the way syndication changes a story, and prints how often each
kind is found as a duplicate at several containment thresholds:
- ``trimmed``: the first 60% of the paragraphs (a wire story with its tail cut);
- ``cut``: a quarter of the paragraphs dropped at random;
- ``moved``: the paragraphs in another order, one dropped;
- ``edited``: one word in twenty replaced (house style, a corrected name);
and how often two *different* articles of one site are taken for duplicates
(``same_site``; the nearest the bench has to two stories of one wire service on one day,
since sites share their boilerplate) and of any two sites (``any_pair``, sampled).
Pages are read from the bench at run time; nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsclean.corpus.dedup import (  # noqa: E402
    CANDIDATE_JACCARD,
    MIN_CONTAINMENT,
    DuplicateIndex,
    containment,
    fingerprint,
)

FOLDERS = ("fundus-dev", "l3s-dev", "readability-dev")
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def bodies(bench: Path) -> list[tuple[str, list[str]]]:
    out = []
    for name in FOLDERS:
        path = bench / name / "truth.json"
        if not path.is_file():
            continue
        for key, truth in json.loads(path.read_text(encoding="utf-8")).items():
            paragraphs = [p for p in str(truth.get("body") or "").split("\n") if p.strip()]
            site = truth.get("publisher") or truth.get("site") or key
            if len(paragraphs) >= 5 and sum(len(p.split()) for p in paragraphs) >= 150:
                out.append((f"{name}/{site}", paragraphs))
    return out


def variants(paragraphs: list[str], rng: random.Random) -> dict[str, str]:
    n = len(paragraphs)
    cut = sorted(rng.sample(range(n), n - max(1, n // 4)))
    moved = paragraphs[:]
    rng.shuffle(moved)
    words = "\n".join(paragraphs).split(" ")
    edited = [("EDIT" if rng.random() < 0.05 else w) for w in words]
    return {"trimmed": "\n".join(paragraphs[:max(1, int(n * 0.6))]),
            "cut": "\n".join(paragraphs[i] for i in cut),
            "moved": "\n".join(moved[1:]),
            "edited": " ".join(edited)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    args = parser.parse_args()
    articles = bodies(args.bench)
    if not articles:
        print(f"no benchmark bodies under {args.bench}: nothing to do")
        return 0
    rng = random.Random(7)
    prints = [fingerprint("\n".join(p)) for _, p in articles]
    scores: dict[str, list[float]] = defaultdict(list)
    for (_, paragraphs), original in zip(articles, prints, strict=True):
        for kind, text in variants(paragraphs, rng).items():
            scores[kind].append(containment(original, fingerprint(text)))
    by_site = defaultdict(list)
    for i, (site, _) in enumerate(articles):
        by_site[site].append(i)
    for members in by_site.values():
        for i, j in itertools.combinations(members, 2):
            scores["same_site"].append(containment(prints[i], prints[j]))
    for _ in range(20000):
        i, j = rng.sample(range(len(articles)), 2)
        scores["any_pair"].append(containment(prints[i], prints[j]))
    print(f"{len(articles)} bodies from {', '.join(FOLDERS)}; share judged duplicate "
          f"(estimated containment >= threshold)")
    print(f"{'pairs':<10}{'n':>7}" + "".join(f"{t:>8.2f}" for t in THRESHOLDS))
    for kind, values in scores.items():
        shares = [sum(v >= t for v in values) / len(values) for t in THRESHOLDS]
        print(f"{kind:<10}{len(values):>7}" + "".join(f"{s:>8.3f}" for s in shares))
    index = DuplicateIndex()
    for i, fp in enumerate(prints):
        index.add(str(i), fp)
    found = sum(index.duplicate_of(fingerprint(variants(p, rng)["cut"])) == str(i)
                for i, (_, p) in enumerate(articles))
    print(f"\nthrough the LSH index (candidates at Jaccard {CANDIDATE_JACCARD}, containment "
          f">= {MIN_CONTAINMENT}): {found}/{len(articles)} 'cut' copies found their original")
    return 0


if __name__ == "__main__":
    sys.exit(main())
