"""Discovery: from feeds, sitemaps and sites to page URLs.

- :mod:`.expand`        a run's sources to pages (resolve first, then fetch)
- :mod:`.resolve`       one feed, sitemap or site to page URLs
- :mod:`.links`         feed and sitemap links in a home page; sniffing a URL's kind
- :mod:`.feeds`         RSS, Atom and JSON Feed parsing
- :mod:`.sitemaps`      sitemap parsing; :mod:`.sitemap_walk` walks an index with caps
- :mod:`.selection`     entry dates and ``--since``
- :mod:`.xml_safety`    refusing entity declarations and DTD subsets (XML bombs, XXE)
"""
