"""Start-up: the CLI's module imports none of the heavy libraries until a run needs them
(``newsclean --help`` and usage errors stay quick). Checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("pandas", "pyarrow", "datasketch", "scipy", "numpy", "trafilatura", "htmldate",
         "courlan", "py3langid")


def _loaded_after(code: str) -> list[str]:
    probe = (f"{code}\nimport sys\n"
             f"print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stderr.splitlines()[-1].split()[1:]


@pytest.mark.parametrize("code", [
    "import newsclean.pipeline",
    "import newsclean.engine.local",
    "from newsclean.pipeline import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
])
def test_start_up_imports_no_heavy_library(code: str) -> None:
    assert _loaded_after(code) == []


def test_a_run_loads_them_on_first_use(tmp_path) -> None:
    page = tmp_path / "a.html"
    page.write_text("<html><body><article><p>" + "Council met on Tuesday. " * 20
                    + "</p></article></body></html>")
    code = (f"import newsclean\nnewsclean.run([{str(page)!r}], workers=1)")
    assert {"pandas", "trafilatura", "py3langid"} <= set(_loaded_after(code))
