"""WARC archives as a source: framing that survives bad records, records to pages."""

from newsclean.scraper.warc.read import RecordFilter, is_warc_file, read_warc

__all__ = ["RecordFilter", "is_warc_file", "read_warc"]
