"""The layout of docs/architecture.md, enforced: what each package and module may import
(imports go one way: cli -> serve -> pipeline -> ingest | render -> ...), only nlp.py
touches jieba, nothing imports the CLI, the views are pure, no private name is imported
across modules, and no class, function or module-level state grows past the limits."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "site_builder"

# The page model of ingest, which its own work (issues 12, 15) shapes: its size limits
# are its own (the import rules hold for it too).
PAGE_MODEL = {f"ingest/{name}.py" for name in (
    "clean", "evidence", "segment", "assemble", "credits", "lexicon", "strips", "page", "meta",
    "pdf", "read", "dedupe", "edition", "columns")}

# unit (a package or a top-level module) -> the units it may import
MAY_IMPORT = {
    "__main__": {"cli"},
    "cli": {"config", "content", "dask_executor", "errors", "evaluate", "export", "ingest",
            "parallel", "pipeline", "progress", "render", "scaffold", "serve"},
    "serve": {"config", "errors", "pipeline"},
    "pipeline": {"config", "content", "dask_executor", "errors", "ingest", "lock", "parallel",
                 "progress", "render", "state", "taxonomy"},
    "ingest": {"config", "content", "errors", "models", "nlp", "parallel", "progress", "state"},
    "render": {"config", "content", "display", "errors", "models", "parallel", "progress",
               "search", "state", "theme"},
    "search": {"display", "models"},
    "state": {"config", "parallel", "taxonomy", "theme"},
    "parallel": set(),
    "dask_executor": {"errors", "parallel", "state"},
    "nlp": {"config", "models", "taxonomy"},
    "taxonomy": {"config", "errors"},
    "content": {"config", "errors", "models"},
    "export": {"content", "models"},
    "evaluate": {"content", "errors", "models"},
    "display": {"models"},
    "scaffold": {"errors", "theme"},
    "config": {"errors"},
    "lock": {"errors"},
    "errors": set(), "models": set(), "progress": set(), "theme": set(),
}
# Pure modules: no files, no processes, no clock.
PURE = {"render/views.py", "render/routes.py", "render/plan.py", "search/tokens.py",
        "display.py", "models.py"}
IMPURE_MODULES = {"os", "shutil", "tempfile", "subprocess", "io", "time", "pathlib",
                  "multiprocessing", "pickle"}


def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def name_of(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def unit_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(tree_of(path)):
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


MODULES = {p: imports_of(p) for p in PACKAGE.rglob("*.py")
           if "templates" not in p.parts and "static" not in p.parts}
UNITS = {unit_of(p) for p in MODULES} - {"__init__", "data"}


def units_imported(path: Path) -> set[str]:
    found = set()
    for name in MODULES[path]:
        parts = name.split(".")
        if parts[0] == "site_builder" and len(parts) > 1 and parts[1] in UNITS:
            found.add(parts[1])
    return found - {unit_of(path)}


def importers_of(prefix: str) -> set[str]:
    return {name_of(p) for p, names in MODULES.items()
            if any(n == prefix or n.startswith(prefix + ".") for n in names)}


def test_every_unit_is_in_the_table():
    assert UNITS == set(MAY_IMPORT), UNITS ^ set(MAY_IMPORT)


def test_each_unit_imports_only_what_the_layout_allows():
    wrong = {name_of(p): sorted(units_imported(p) - MAY_IMPORT[unit_of(p)])
             for p in MODULES if unit_of(p) in MAY_IMPORT}
    assert not {k: v for k, v in wrong.items() if v}


def test_only_nlp_imports_jieba():
    assert importers_of("jieba") == {"nlp.py"}


def test_dask_is_optional_and_imported_by_its_executor_alone():
    """dask.distributed only in dask_executor.py, which only the pipeline (to make the
    executor) and the CLI (to check it is installed) import, inside functions."""
    assert importers_of("dask") | importers_of("distributed") == {"dask_executor.py"}
    assert importers_of("site_builder.dask_executor") == {"cli.py", "pipeline.py"}
    for path in MODULES:
        if name_of(path) in {"cli.py", "pipeline.py", "dask_executor.py"}:
            top = {n for node in tree_of(path).body if isinstance(node, ast.ImportFrom)
                   for n in [node.module or ""]} | {alias.name for node in tree_of(path).body
                                                    if isinstance(node, ast.Import)
                                                    for alias in node.names}
            assert not {n for n in top if n.split(".")[0] in {"dask", "distributed"}
                        or n.endswith("dask_executor")}, name_of(path)


def test_nothing_imports_the_cli_and_only_the_commands_run_the_pipeline():
    assert importers_of("site_builder.cli") <= {"__main__.py"}
    assert importers_of("site_builder.pipeline") <= {"cli.py", "serve.py"}


def test_search_is_no_part_of_the_page_renderer():
    """The render uses the search index's files (search.files); search knows no page."""
    assert not importers_of("site_builder.render") & {name_of(p) for p in MODULES
                                                      if unit_of(p) == "search"}
    assert {n for p in MODULES if unit_of(p) == "render" for n in MODULES[p]
            if n.startswith("site_builder.search.")} <= {"site_builder.search.files",
                                                          "site_builder.search.files.iter_search_files"}


def test_pure_modules_do_no_io():
    for path in MODULES:
        if name_of(path) in PURE:
            assert not {n.split(".")[0] for n in MODULES[path]} & IMPURE_MODULES, name_of(path)
            calls = {node.func.id for node in ast.walk(tree_of(path))
                     if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
            assert "open" not in calls and "print" not in calls, name_of(path)


def test_no_private_name_is_imported_across_modules():
    found = []
    for path in MODULES:
        if name_of(path) in PAGE_MODEL:  # (page.py's `_direction` of segment.py: its own)
            continue
        for node in ast.walk(tree_of(path)):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "")
                                                     .startswith("site_builder")):
                found += [f"{name_of(path)}: {alias.name}" for alias in node.names
                          if alias.name.startswith("_")]
    assert found == []


def test_classes_and_functions_stay_small():
    long = []
    for path in MODULES:
        if name_of(path) in PAGE_MODEL:
            continue
        for node in ast.walk(tree_of(path)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                size = node.end_lineno - node.lineno + 1
                if size > (200 if isinstance(node, ast.ClassDef) else 60):
                    long.append(f"{name_of(path)}:{node.lineno} {node.name} ({size} lines)")
    assert long == []


def test_no_module_level_mutable_state():
    """No `global` statements, no mutable module-level value but constants (upper-case
    names), and no frozen dataclass patched in place."""
    found = []
    for path in MODULES:
        if name_of(path) in PAGE_MODEL:
            continue
        tree = tree_of(path)
        text = path.read_text(encoding="utf-8")
        found += [f"{name_of(path)}: global" for node in ast.walk(tree)
                  if isinstance(node, ast.Global)]
        if "object.__setattr__" in text:
            found.append(f"{name_of(path)}: object.__setattr__")
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
            value = getattr(node, "value", None)
            mutable = isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp,
                                         ast.DictComp, ast.SetComp))
            for target in targets:
                if isinstance(target, ast.Name) and mutable and not target.id.startswith("__") \
                        and target.id.lstrip("_") != target.id.lstrip("_").upper():
                    found.append(f"{name_of(path)}: {target.id}")
    assert found == []
