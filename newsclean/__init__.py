"""Shared core of newsclean: the records passed between stages, the exception tree and
the run configuration. Every stage package (scraper, cleaners, corpus) imports from here;
nothing here imports a stage."""

__version__ = "0.1.0"
