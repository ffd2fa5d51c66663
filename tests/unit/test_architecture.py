"""Imports go one way (docs/architecture.md): ingest never renders, render never ingests,
only nlp.py touches jieba, nothing imports the CLI."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "site_builder"


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's package
                parts = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-node.level]
                base = ".".join(parts + ((base,) if base else ()))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


MODULES = {p: imports_of(p) for p in PACKAGE.rglob("*.py")}


def importers_of(prefix: str) -> set[str]:
    return {str(p.relative_to(PACKAGE)) for p, names in MODULES.items()
            if any(n == prefix or n.startswith(prefix + ".") for n in names)}


def test_only_nlp_imports_jieba():
    assert importers_of("jieba") == {"nlp.py"}


def test_the_render_half_never_imports_ingest_or_nlp():
    for module in ("render.py", "corpus.py", "search.py"):
        names = MODULES[PACKAGE / module]
        assert not any(n.startswith(("site_builder.ingest", "site_builder.nlp", "site_builder.build"))
                       for n in names), module


def test_ingest_never_imports_the_render_half():
    for path, names in MODULES.items():
        if "ingest" in path.parts:
            assert not any(n.startswith(("site_builder.render", "site_builder.corpus",
                                         "site_builder.search", "site_builder.build",
                                         "site_builder.cli")) for n in names), path


def test_nothing_imports_the_cli():
    assert importers_of("site_builder.cli") <= {"__main__.py"}
