"""The README's corpus table lists every column of the schema, in the schema's order."""

from __future__ import annotations

import re

from newsclean.corpus.schema import COLUMNS
from tests.conftest import ROOT


def test_readme_corpus_table_is_the_schema():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| column | dtype (DataFrame) | in CSV | meaning |")
    names = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        names.append(re.match(r"\| `([a-z_]+)` \|", line)[1])
    assert tuple(names) == COLUMNS
