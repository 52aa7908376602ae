from newsclean.config import CleanOptions
from newsclean.engine.local import BATCH_SIZE, run_local
from newsclean.records import Article, Failure, RawPage
from tests.engine.crashy import crash_on_marker

TEXT = ("Lead paragraph of a story about a city council vote on a new tram line.\n\n"
        "Second paragraph with more words so that the page is long enough to keep.\n")


def pages(n: int, crash_at: int | None = None) -> list[RawPage]:
    return [RawPage(index=i, source="crash" if i == crash_at else f"p{i}.txt",
                    body=TEXT.replace("tram", f"tram {i}").encode(), is_text=True)
            for i in range(n)]


def run(items, workers: int, task=None):
    out = []
    kwargs = {"task": task} if task else {}
    run_local(items, CleanOptions(), workers, out.append, **kwargs)
    return sorted(out, key=lambda o: o.index)


def test_pool_and_inline_agree():
    inline = run(pages(20), 1)
    pooled = run(pages(20), 2)
    assert [o.index for o in pooled] == list(range(20))
    assert [o.text for o in pooled] == [o.text for o in inline]
    assert all(isinstance(o, Article) for o in pooled)


def test_failures_in_the_stream_are_passed_through():
    items = [*pages(2), Failure(2, "gone.html", "read", "source_error", "no such file")]
    assert [type(o) for o in run(items, 2)] == [Article, Article, Failure]


def test_a_dying_worker_costs_only_the_page_that_kills_it():
    n = BATCH_SIZE * 30
    outcomes = run(pages(n, crash_at=BATCH_SIZE * 6 + 1), 2, task=crash_on_marker)
    assert [o.index for o in outcomes] == list(range(n))      # every page has one outcome
    crashed = [o for o in outcomes if isinstance(o, Failure)]
    assert [(o.source, o.reason) for o in crashed] == [("crash", "worker_crashed")]
    assert sum(isinstance(o, Article) for o in outcomes) == n - 1
