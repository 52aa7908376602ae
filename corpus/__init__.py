"""The corpus: the typed DataFrame schema, normalisation of articles into rows, and the
exports (CSV, Parquet, errors and audit files)."""

from newsclean.corpus.schema import COLUMNS, to_dataframe

__all__ = ["COLUMNS", "to_dataframe"]
