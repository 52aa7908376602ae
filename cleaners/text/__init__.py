"""The text room: line rules for the junk that survives extraction, and the facts in it.

- :mod:`.rules`            the line-rule engine (``classify_line``, ``clean_text``)
- :mod:`.common_patterns`  patterns shared by every scope
- :mod:`.line_patterns`    whole-line rules
- :mod:`.edge_patterns`    head and tail rules
- :mod:`.edges`            the head and tail of an article (bylines, plugs, sign-offs)
- :mod:`.facts`            credits, datelines and contacts turned into metadata
- :mod:`.dates`            dates in text lines
"""
