import random
from pathlib import Path

from newsclean import pipeline
from newsclean.cleaners.repeated import remove_repeated, repeated_lines
from newsclean.config import load_config
from newsclean.outcomes import SkipReason, Stage
from newsclean.records import Article, PageMetadata


def article(i: int, host: str, lines: list[str]) -> Article:
    return Article(index=i, source=f"{i}", url=f"https://{host}/{i}", text="\n".join(lines),
                   meta=PageMetadata())


def host_of(a: Article) -> str:
    return a.url.split("/")[2]


def batch() -> list[Article]:
    pages = [article(i, "a.example", [f"Story {i} body text.", "Sign up for our daily brief"])
             for i in range(4)]
    pages.append(article(9, "b.example", ["Sign up for our daily brief", "Other site."]))
    return pages


def test_repeated_lines_need_enough_pages_and_share():
    found = repeated_lines({"h": [["x", "a"], ["x", "b"], ["x", "c"]], "g": [["x"], ["x"]]})
    assert found == {"h": frozenset({"x"})}
    assert repeated_lines({"h": [["x"], ["x"], ["x"], ["y"], ["y"], ["y"], ["z"]]},
                          min_share=0.5) == {}


def test_remove_repeated_records_reason_and_keeps_other_hosts():
    out, skips = remove_repeated(batch(), host_of)
    assert skips == []
    assert all("Sign up" not in a.text for a in out[:4])
    assert out[4].text.startswith("Sign up")          # one page on b.example: kept
    assert out[0].removals[-1].reason == "repeated_on_host"


def test_independent_of_page_order():
    pages = batch()
    expected = {a.index: a.text for a in remove_repeated(pages, host_of)[0]}
    for seed in range(5):
        shuffled = pages[:]
        random.Random(seed).shuffle(shuffled)
        assert {a.index: a.text for a in remove_repeated(shuffled, host_of)[0]} == expected


STORY = ["The council approved the new budget on Tuesday after a long debate.",
         "Members raised concerns about rising costs for the city's bus network.",
         "Sign up for our daily brief"]


def test_one_article_reached_through_several_urls_keeps_its_body():
    # the same story under three URLs (tracking parameters) plus one other story: the
    # copies are one document, so only the newsletter line is on most of the documents
    copies = [Article(index=i, source=f"https://a.example/story?utm_source={i}",
                      url=f"https://a.example/story?utm_source={i}", text="\n".join(STORY),
                      meta=PageMetadata()) for i in range(3)]
    others = [article(3 + i, "a.example", [f"Another story number {i} with its own text.",
                                           "Sign up for our daily brief"]) for i in range(2)]
    out, skips = remove_repeated([*copies, *others], host_of)
    assert skips == []
    assert [a.text for a in out[:3]] == ["\n".join(STORY[:2])] * 3
    assert [(r.reason, r.text) for r in out[0].removals] == [
        ("repeated_on_host", "Sign up for our daily brief")]


def test_copies_alone_teach_the_miner_nothing():
    copies = [Article(index=i, source=f"{i}", url=f"https://a.example/s?ref={i}",
                      text="\n".join(STORY), meta=PageMetadata()) for i in range(4)]
    out, skips = remove_repeated(copies, host_of)
    assert (out, skips) == (copies, [])


def test_an_article_emptied_by_the_miner_is_a_skip():
    pages = [article(i, "a.example", [f"Story {i} body text with enough words in it here.",
                                      "Sign up for our daily brief"]) for i in range(3)]
    pages.append(article(7, "a.example", ["Sign up for our daily brief"]))
    out, skips = remove_repeated(pages, host_of, min_words=5)
    assert [a.index for a in out] == [0, 1, 2]
    assert [(s.index, s.stage, s.reason) for s in skips] == [
        (7, Stage.CLEAN, SkipReason.NO_ARTICLE_TEXT)]
    assert ("repeated_on_host", "Sign up for our daily brief") in {
        (r.reason, r.text) for r in skips[0].removals}


def test_an_article_left_under_min_words_is_too_short():
    pages = [article(i, "a.example", [f"Story {i} body text with enough words in it here.",
                                      "Sign up for our daily brief"]) for i in range(3)]
    pages.append(article(7, "a.example", ["Only four words left", "Sign up for our daily brief"]))
    out, skips = remove_repeated(pages, host_of, min_words=5)
    assert [a.index for a in out] == [0, 1, 2]
    assert [(s.index, s.reason) for s in skips] == [(7, SkipReason.TOO_SHORT)]
    assert "4 words" in skips[0].message


def _page_file(folder: Path, name: str, url: str, paragraphs: list[str]) -> None:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (folder / name).write_text(
        f'<html><head><title>Story</title><link rel="canonical" href="{url}"></head>'
        f"<body><article>{body}</article></body></html>", encoding="utf-8")


def test_a_run_over_copies_writes_full_rows_and_skips_the_emptied_page(tmp_path: Path):
    # end to end: three copies of one story under tracking URLs, two other stories and a
    # page that holds nothing but the host's newsletter line
    plug = "Sign up for our daily brief and get the top stories in your inbox every morning."
    for i in range(3):
        _page_file(tmp_path, f"copy{i}.html", f"https://a.example/budget?utm_source={i}",
                   [*STORY[:2], plug])
    for i in range(2):
        _page_file(tmp_path, f"other{i}.html", f"https://a.example/other{i}",
                   [f"Another story number {i} tells of a new bridge over the river, "
                    "which opens in May after two years of work.", plug])
    _page_file(tmp_path, "plug.html", "https://a.example/newsletter", [plug])
    config = load_config(None, {"inputs": (str(tmp_path),), "workers": 1, "progress": False})
    result = pipeline.run_detailed(config)
    texts = dict(zip(result.corpus["source"].map(lambda s: Path(s).name),
                     result.corpus["text"], strict=True))
    assert sorted(texts) == ["copy0.html", "copy1.html", "copy2.html", "other0.html",
                             "other1.html"]
    assert texts["copy1.html"] == "\n".join(STORY[:2])
    assert (result.corpus["word_count"] > 0).all()
    assert [(Path(s.source).name, s.reason) for s in result.skips] == [
        ("plug.html", SkipReason.NO_ARTICLE_TEXT)]
