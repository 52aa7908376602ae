from pathlib import Path

from newsclean.records import Failure
from newsclean.scraper.sources import SourceItem, expand_sources, read_file, read_url_list


def test_directory_walk_is_recursive_sorted_and_filtered(tmp_path: Path):
    (tmp_path / "b").mkdir()
    for name in ("b/z.html", "a.htm", "b/c.html.gz", "d.txt", "e.xhtml", "skip.jpg", "f.json"):
        (tmp_path / name).write_bytes(b"x")
    items = list(expand_sources([str(tmp_path)]))
    names = [Path(i.source).relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a.htm", "b/c.html.gz", "b/z.html", "d.txt", "e.xhtml"]
    assert [i.index for i in items] == list(range(5))


def test_missing_paths_and_bad_schemes_are_failures_and_the_rest_goes_on(tmp_path: Path):
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>")
    items = list(expand_sources([str(tmp_path / "nope"), "ftp://x/y", str(page),
                                 "https://example.org/a"]))
    assert [type(i) for i in items] == [Failure, Failure, SourceItem, SourceItem]
    assert items[0].reason == "missing_path" and items[1].reason == "bad_url"
    assert items[3].kind == "url" and items[3].index == 3


def test_url_list_comments_and_blank_lines(tmp_path: Path):
    urls = tmp_path / "urls.txt"
    urls.write_text("# news\nhttps://a.example/1\n\n  https://b.example/2#frag  \n#x\n")
    assert list(read_url_list(urls)) == ["https://a.example/1", "https://b.example/2#frag"]
    items = list(expand_sources([], [urls, tmp_path / "missing.txt"]))
    assert [i.source for i in items[:2]] == ["https://a.example/1", "https://b.example/2#frag"]
    assert isinstance(items[2], Failure) and items[2].reason == "source_error"


def test_read_file_marks_text_pages(tmp_path: Path):
    (tmp_path / "a.txt").write_text("hello")
    page = read_file(SourceItem(0, str(tmp_path / "a.txt"), "file"))
    assert page.is_text and page.body == b"hello" and page.url is None
