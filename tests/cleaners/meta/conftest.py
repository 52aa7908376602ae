"""Helpers for the metadata tests: build a parsed tree from a small HTML snippet."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from newsclean.cleaners.html.parse import HtmlTree, parse_html


def page(head: str = "", body: str = "<p>text</p>", lang: str | None = None) -> HtmlTree:
    """Parse a minimal document with the given ``<head>`` and ``<body>`` content."""
    lang_attr = f' lang="{lang}"' if lang else ""
    return parse_html(f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>")


def ld_script(data: Any) -> str:
    """A JSON-LD ``<script>`` element holding ``data`` (or a raw string as is)."""
    text = data if isinstance(data, str) else json.dumps(data)
    return f'<script type="application/ld+json">{text}</script>'


@pytest.fixture()
def make_page() -> Callable[..., HtmlTree]:
    return page
