"""The layers only look down (cms -> newsroom -> campaigns -> search, frontend, api, demo) and no
import closes a circle: see docs/architecture.md."""

from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "newsroom", "campaigns", "search", "frontend", "api", "demo")


def test_layers_only_look_down(monkeypatch, capsys):
    """The contracts in pyproject.toml's [tool.importlinter] are kept (as `uv run lint-imports`)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    exit_code = lint_imports(no_cache=True, no_logo=True)
    assert exit_code == 0, capsys.readouterr().out


def test_no_import_closes_a_circle(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    circles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.append(" -> ".join((importer, *back)))
    assert not circles, "Import circles:\n" + "\n".join(circles)
