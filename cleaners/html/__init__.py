"""The HTML room: parse once, prune boilerplate blocks, extract the body, put back the lede.

- :mod:`.parse`        the one shared lxml parse
- :mod:`.prune`        boilerplate blocks removed from the DOM before extraction
- :mod:`.prune_rules`  the pruning rules as data (tokens, selectors, guards)
- :mod:`.extract`      main text with trafilatura underneath
- :mod:`.body`         the main path: prune, extract, re-extract unpruned when pruning cost text
- :mod:`.lede`         the standfirst the extractor left out
"""
