"""The text room: line rules for the junk that survives extraction, and the facts in it.

- :mod:`.rules`           the line-rule engine (``classify_line`` and its ordered rule
                          table, ``clean_text``)
- :mod:`.rules_line`      whole-line rules, with the patterns the facts read
- :mod:`.rules_anywhere`  whole-line and contains rules that hold anywhere in a story
- :mod:`.rules_edges`     head and tail rules (sign-offs, agency tags, bios, plugs)
- :mod:`.edges`           the head and tail of an article: where the edge rules are tried
- :mod:`.facts`           credits, bylines and contacts turned into metadata
- :mod:`.dates`           dates in text lines

Word lists the rules share live in :mod:`newsclean.cleaners.lexicon`.
"""
