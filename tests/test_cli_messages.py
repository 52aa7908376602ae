"""Messages a user can act on: a blocked host names --allow-host, a host that is down says
so, and -v logs one line per failed URL. Real servers on 127.0.0.x, real processes."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import newsclean
from tests.scraper.fetch.server import Server, fixed

STORY = ("<html><head><title>Tram vote</title></head><body><article><h1>Tram vote</h1>"
         + "<p>The council voted on the new tram line on Monday, and the people who ride "
           "it every day said what they thought of it.</p>" * 4 + "</article></body></html>")


@pytest.fixture
def second_loopback() -> Iterator[Server]:
    """A server on 127.0.0.2: loopback, so blocked unless allowed."""
    srv = Server(host="127.0.0.2").start()
    srv.routes["/a"] = fixed(body=STORY.encode())
    try:
        yield srv
    finally:
        srv.stop()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _errors(path: Path) -> list[tuple[str, str, str]]:
    frame = pd.read_csv(path)
    return list(zip(frame["source"], frame["reason"], frame["message"], strict=True))


def test_a_blocked_host_is_blocked_address_with_the_flag_to_allow_it(
        second_loopback: Server, capsys: pytest.CaptureFixture[str]) -> None:
    url = second_loopback.url("/a")
    code, err = newsclean(capsys, "run", url, "-o", "c.csv", "--no-state", "--delay", "0")
    assert code == 1
    assert "fetch/blocked_address=1" in err and "robots_unavailable" not in err
    [(source, reason, message)] = _errors(Path("c.errors.csv"))
    assert (source, reason) == (url, "blocked_address")
    assert "127.0.0.2 resolves to blocked address 127.0.0.2" in message
    assert "--allow-host 127.0.0.2" in message
    assert second_loopback.connections == 0
    code, err = newsclean(capsys, "run", url, "-o", "c.csv", "--no-state", "--delay", "0",
                          "--allow-host", "127.0.0.2")
    assert code == 0, err
    assert list(pd.read_csv("c.csv")["title"]) == ["Tram vote"]


def test_a_host_that_is_down_could_not_be_reached(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}/a"
    code, err = newsclean(capsys, "run", url, "-o", "c.csv", "--no-state",
                          "--allow-host", "127.0.0.1")
    assert code == 1
    assert "fetch/network_error=1" in err and "robots_unavailable" not in err
    [(source, reason, message)] = _errors(Path("c.errors.csv"))
    assert (source, reason) == (url, "network_error")
    assert message.startswith(f"{url.removesuffix('/a')} could not be reached: connect error")


def test_verbose_logs_one_line_per_failed_url(tmp_path: Path, server: Server) -> None:
    server.routes["/robots.txt"] = fixed(status=404, body=b"")
    server.routes["/ok"] = fixed(body=STORY.encode())
    server.routes["/gone"] = fixed(status=404, body=b"")
    down = f"http://127.0.0.1:{closed_port()}/x"
    urls = [server.url("/ok"), server.url("/gone"), down]
    (tmp_path / "urls.txt").write_text("\n".join(urls) + "\n")
    base = [sys.executable, "-m", "newsclean", "run", "--urls", "urls.txt", "-o", "c.csv",
            "--no-state", "--delay", "0", "--allow-host", "127.0.0.1", "-w", "1"]
    loud = subprocess.run([*base, "-v"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert loud.returncode == 1, loud.stderr
    lines = [line.split("INFO newsclean: ", 1)[1] for line in loud.stderr.splitlines()
             if "INFO newsclean: failed: " in line]
    assert len(pd.read_csv(tmp_path / "c.csv")) == 1
    assert lines == [f"failed: {urls[1]}: fetch/http_error: HTTP 404",
                     f"failed: {down}: fetch/network_error: {down.removesuffix('/x')} could "
                     "not be reached: connect error: All connection attempts failed"]
