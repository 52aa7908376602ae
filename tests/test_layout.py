"""The house plan, checked: who may import whom, and one namespace for everything.

- The shared core (``newsclean/*.py``) imports no stage at module level.
- ``scraper`` never imports ``cleaners`` and ``cleaners`` never imports ``scraper``; neither
  imports the corpus, the engine or the pipeline.
- Nothing imports the stage folders by their top-level names (``import scraper``): installed,
  they exist only as ``newsclean.scraper`` and so on, so a user's own ``pipeline.py`` or
  ``scraper/`` in the working directory cannot shadow ours.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

STAGES = ("scraper", "cleaners", "corpus", "engine", "pipeline")
#: stage folder -> stages it must not import
FORBIDDEN = {
    "scraper": {"cleaners", "corpus", "engine", "pipeline"},
    "cleaners": {"scraper", "corpus", "engine", "pipeline"},
    "corpus": {"scraper", "cleaners", "engine", "pipeline"},
    "engine": {"corpus", "pipeline"},
}


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if not p.is_symlink())


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _stages_named(imports: set[str]) -> set[str]:
    return {name.split(".")[1] for name in imports
            if name.startswith("newsclean.") and name.split(".")[1] in STAGES}


CORE = [p for p in sorted((ROOT / "newsclean").glob("*.py"))
        if not p.is_symlink() and p.name != "__main__.py"]


@pytest.mark.parametrize("module", CORE, ids=lambda p: p.name)
def test_the_core_imports_no_stage(module: Path) -> None:
    # __init__ loads run/run_detailed/export from the pipeline on first use (PEP 562):
    # importing newsclean imports no stage, and nothing else in the core may at all
    imports = _imports(module, top_level_only=module.name == "__init__.py")
    assert not _stages_named(imports)


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_stages_import_only_what_the_plan_allows(stage: str) -> None:
    bad = {f"{path.relative_to(ROOT)}: {sorted(_stages_named(_imports(path)) & FORBIDDEN[stage])}"
           for path in _modules(ROOT / stage)
           if _stages_named(_imports(path)) & FORBIDDEN[stage]}
    assert not bad


def test_nothing_imports_a_stage_by_its_top_level_name() -> None:
    files = [*_modules(ROOT / "newsclean"), ROOT / "pipeline.py",
             *(p for s in STAGES[:-1] for p in _modules(ROOT / s)),
             *_modules(ROOT / "tests"), *_modules(ROOT / "benchmarks")]
    bad = {f"{path.relative_to(ROOT)}: {name}" for path in files
           for name in _imports(path) if name.split(".")[0] in STAGES}
    assert not bad


def test_stage_folders_are_linked_into_the_namespace() -> None:
    for stage in ("scraper", "cleaners", "corpus", "engine"):
        link = ROOT / "newsclean" / stage
        assert link.is_symlink() and link.resolve() == (ROOT / stage).resolve()
    assert (ROOT / "newsclean" / "pipeline.py").resolve() == (ROOT / "pipeline.py").resolve()
    assert (ROOT / "newsclean" / "py.typed").is_file()


def test_a_users_own_pipeline_and_scraper_modules_do_not_shadow_ours(tmp_path: Path) -> None:
    for name in ("pipeline.py", "scraper.py", "corpus.py", "engine.py"):
        (tmp_path / name).write_text("raise SystemExit('the user module was imported')\n")
    (tmp_path / "cleaners").mkdir()
    (tmp_path / "cleaners" / "__init__.py").write_text("raise SystemExit('user cleaners')\n")
    page = FIXTURES / "html" / "wire_inline_links.html"
    proc = subprocess.run([sys.executable, "-m", "newsclean", "run", str(page), "-o", "out.csv",
                           "--no-progress"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") >= 2


def _how_it_works() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## How it works", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("folder", ["newsclean", "scraper", "cleaners", "corpus", "engine"])
def test_every_module_has_its_line_in_the_readme(folder: str) -> None:
    section = _how_it_works()
    missing = [str(path.relative_to(ROOT / folder)) for path in _modules(ROOT / folder)
               if path.name not in ("__init__.py", "__main__.py")
               and f"`{path.relative_to(ROOT / folder)}`" not in section]
    assert not missing, f"README 'How it works' has no line for {folder}/: {missing}"


def test_the_one_exception_tree_lives_in_one_module() -> None:
    import importlib
    import pkgutil

    import newsclean
    from newsclean.errors import NewscleanError

    for info in pkgutil.walk_packages(newsclean.__path__, "newsclean."):
        if info.name != "newsclean.__main__":
            importlib.import_module(info.name)
    pending, outside = [NewscleanError], []
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("newsclean.") and cls.__module__ != "newsclean.errors":
            outside.append(f"{cls.__module__}.{cls.__name__}")
    assert not outside, f"errors defined outside newsclean.errors: {outside}"
