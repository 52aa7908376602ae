"""The run's duplicate index in TEMP tables of a real state file decides as the in-memory
:class:`DuplicateIndex` does, and keeps no fingerprint in the process."""

from __future__ import annotations

import random
from pathlib import Path

from newsclean.corpus.dedup import DuplicateIndex, fingerprint
from newsclean.corpus.state import StateStore
from newsclean.corpus.state.duplicates import StoredDuplicates

rng = random.Random(11)
VOCAB = [f"w{i}" for i in range(800)]


def _texts() -> list[tuple[str, str]]:
    """Stories, trimmed / cut / moved copies of some, and second versions of a few ids."""
    stories = [[" ".join(rng.choice(VOCAB) for _ in range(30)) + "." for _ in range(10)]
               for _ in range(40)]
    items = [(f"s{i}", "\n".join(s)) for i, s in enumerate(stories)]
    for i in range(0, 40, 3):
        s = stories[i]
        items.append((f"copy{i}", "\n".join(s[:6] if i % 2 else s[2:] + s[:1])))
    items += [(f"s{i}", "\n".join(stories[i][:5])) for i in range(0, 40, 7)]   # new versions
    items.append(("short", "Breaking news."))
    items.append(("short2", "breaking NEWS"))
    rng.shuffle(items)
    return items


def test_stored_and_in_memory_indexes_mark_the_same_duplicates(tmp_path: Path) -> None:
    items = _texts()
    memory = DuplicateIndex()
    expected = [memory.mark(article_id, fingerprint(text)) for article_id, text in items]
    assert sum(mark is not None for mark in expected) >= 10      # the case is exercised
    half = len(items) // 2
    got = []
    for part in (items[:half], items[half:]):           # two runs: the second reads the first
        with StateStore.open(tmp_path / "s.db") as store:
            index = store.duplicate_index()
            assert isinstance(index, StoredDuplicates)
            for article_id, text in part:
                fp = fingerprint(text)
                got.append(index.mark(article_id, fp))
                store.save_fingerprint(article_id, fp, got[-1])
            stored = len(index)
    assert got == expected
    assert stored == len(memory)
