import random

from newsclean.cleaners.repeated import remove_repeated, repeated_lines
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
    out = remove_repeated(batch(), host_of)
    assert all("Sign up" not in a.text for a in out[:4])
    assert out[4].text.startswith("Sign up")          # one page on b.example: kept
    assert out[0].removals[-1].reason == "repeated_on_host"


def test_independent_of_page_order():
    pages = batch()
    expected = {a.index: a.text for a in remove_repeated(pages, host_of)}
    for seed in range(5):
        shuffled = pages[:]
        random.Random(seed).shuffle(shuffled)
        assert {a.index: a.text for a in remove_repeated(shuffled, host_of)} == expected
