"""The layers: imports between the project's parts flow one way, and the bottom imports no Django."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lower layers first; a part may import its own layer's parts only as listed in PEERS, and any lower layer.
LAYERS = [
    {"sandbox", "quizapp.content"},
    {"quizapp.outcomes"},
    {"quizapp.catalog"},
    {"quizapp.runs"},
    {"quizapp.accounts", "quizapp.review", "quizapp.notes", "quizapp.practice", "quizapp.exercises", "quizapp.search",
     "quizapp.learning", "quizapp.reports", "quizapp.rooms"},
    {"quizapp.ops"},
    {"quizapp.worker"},  # the worker's process: nothing of the web imports it (tasks are sent by name)
]
PEERS = {  # imports allowed within a layer: content uses sandbox; among the learner apps as listed
    "quizapp.content": {"sandbox"},
    "quizapp.review": {"quizapp.accounts", "quizapp.notes"},
    "quizapp.notes": set(),
    "quizapp.practice": {"quizapp.accounts", "quizapp.review"},
    "quizapp.exercises": set(),
    "quizapp.search": {"quizapp.notes"},
    "quizapp.learning": {
        "quizapp.accounts",
        "quizapp.review",
        "quizapp.notes",
        "quizapp.practice",
        "quizapp.exercises",
    },
    "quizapp.accounts": set(),
    "quizapp.reports": set(),
    "quizapp.rooms": {"quizapp.review"},
}
PARTS = sorted(set().union(*LAYERS))
LAYER_OF = {part: index for index, layer in enumerate(LAYERS) for part in layer}
SHARED = {
    "quizapp.settings",
    "quizapp.celery",
    "quizapp.urls",
    "quizapp.wsgi",
    "quizapp.task_names",
    "quizapp.asgi",
    "quizapp",
}


def part_of(module: str) -> str | None:
    for part in PARTS:
        if module == part or module.startswith(part + "."):
            return part
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every module the file imports, at any depth (a function-local import counts too)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def source_files():
    for top in ("quizapp", "sandbox"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def part_edges() -> dict[tuple[str, str], list[str]]:
    """(importer part, imported part) -> the files that make that edge."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in source_files():
        source = part_of(module_name(path))
        if source is None:
            continue
        for target in {part_of(module) for module in imports_of(path)} - {None, source}:
            edges.setdefault((source, target), []).append(str(path.relative_to(ROOT)))
    return edges


def test_every_app_has_a_place_in_the_layers():
    apps = {path.parent.name for path in (ROOT / "quizapp").glob("*/__init__.py")} - {"settings"}
    assert {f"quizapp.{app}" for app in apps} <= set(PARTS) | SHARED


def test_imports_flow_down_the_layers():
    upward = []
    for (source, target), files in sorted(part_edges().items()):
        same_layer = LAYER_OF[source] == LAYER_OF[target]
        if LAYER_OF[target] > LAYER_OF[source] or (same_layer and target not in PEERS.get(source, set())):
            upward.append(f"{source} imports {target} ({', '.join(files)})")
    assert upward == []


def test_there_is_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for source, target in part_edges():
        graph.setdefault(source, set()).add(target)
    cycles = []

    def visit(node, path):
        for nxt in sorted(graph.get(node, ())):
            if nxt == path[0]:
                cycles.append(" -> ".join(path + [nxt]))
            elif nxt not in path and nxt > path[0]:
                visit(nxt, path + [nxt])

    for start in sorted(graph):
        visit(start, [start])
    assert cycles == []


@pytest.mark.parametrize("top", ["sandbox", "quizapp/content"])
def test_the_bottom_layer_imports_no_django(top):
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / top).rglob("*.py"))
        if any(module == "django" or module.startswith("django.") for module in imports_of(path))
    ]
    assert offenders == []


# --- module rules, for sandbox/ and quizapp/ (migrations aside) ---------------------------------

MAX_MODULE_LINES = 350
MAX_FUNCTION_LINES = 60
RULED = ("sandbox", "quizapp")


def ruled_files():
    for top in RULED:
        yield from (path for path in sorted((ROOT / top).rglob("*.py")) if "migrations" not in path.parts)


def module_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a file imports, at any depth (function-level and TYPE_CHECKING imports
    count). `from package import module` is an import of the module, not of the package's __init__."""
    found = set()
    for name in imports_of(path):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name:
            found.add(name)
    return {name for name in found if not any(other.startswith(name + ".") for other in found)}


def module_cycles(paths) -> list[str]:
    files = {module_name(path): path for path in paths}
    graph = {name: module_imports(path, set(files)) - {name} for name, path in files.items()}
    cycles, done = [], set()

    def visit(node, path):
        for nxt in sorted(graph[node]):
            if nxt == path[0]:
                cycles.append(" -> ".join(path + [nxt]))
            elif nxt not in path and nxt not in done and nxt > path[0]:
                visit(nxt, path + [nxt])

    for start in sorted(graph):
        visit(start, [start])
        done.add(start)
    return cycles


def test_no_import_cycle_between_modules():
    assert module_cycles(ruled_files()) == []


def test_the_cycle_check_sees_a_function_level_import(tmp_path):
    (tmp_path / "a.py").write_text("from . import b\n")
    (tmp_path / "b.py").write_text("def later():\n    from .a import thing\n")
    graph_paths = [tmp_path / "a.py", tmp_path / "b.py"]
    global ROOT
    saved, ROOT = ROOT, tmp_path.parent
    try:
        assert len(module_cycles(graph_paths)) == 1
    finally:
        ROOT = saved


def test_no_module_is_over_350_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in ruled_files()
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = []
    for path in ruled_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []
