"""The arrows of ARCHITECTURE.md, checked on the source: which of our packages each package
imports, and where Streamlit, SQLAlchemy and OR-Tools may be imported."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("app", "store", "documents", "routing", "recruitment", "places", "intake")
MAY_IMPORT = {
    "app": {"store", "documents", "routing", "recruitment", "places", "intake"},
    "store": {"routing", "recruitment", "intake"},
    "documents": {"routing", "intake"},
    "routing": {"places", "intake"},
    "recruitment": {"places", "intake"},
    "places": {"intake"},
    "intake": set(),
}
COMMAND_LINE_REACHES_DOWN = {"routing/cli.py", "routing/cli_documents.py"}  # see ARCHITECTURE.md
ONLY_IN = {
    "streamlit": lambda path: path.startswith("app/") or path == "streamlit_app.py",
    "sqlalchemy": lambda path: path.startswith("store/"),
    "ortools": lambda path: path in ("routing/packing.py", "routing/search.py"),
}
HANDLES = {"sqlalchemy": {"Engine"}}
"""What the app may import from a library it does not use itself: the database handle it passes
to `store`."""


def imports(path: Path) -> dict[str, set[str]]:
    """The top-level packages a module imports, each with the names taken from it ("*" for a
    whole-module import). Absolute imports only: we use no others."""
    found: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name.split(".")[0], set()).add("*")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = {alias.name for alias in node.names}
            found.setdefault(node.module.split(".")[0], set()).update(names)
    return found


MODULES = sorted(
    str(path.relative_to(ROOT)) for package in OURS for path in (ROOT / package).rglob("*.py")
)


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_only_the_packages_below_its_own(module):
    package = module.split("/")[0]
    allowed = MAY_IMPORT[package] | {package}
    if module in COMMAND_LINE_REACHES_DOWN:
        allowed = allowed | {"documents"}
    ours = imports(ROOT / module).keys() & set(OURS)
    assert ours <= allowed, f"{module} imports {sorted(ours - allowed)}"


@pytest.mark.parametrize("module", [*MODULES, "streamlit_app.py"])
def test_streamlit_sql_and_or_tools_stay_in_their_modules(module):
    for library, names in imports(ROOT / module).items():
        if library not in ONLY_IN or ONLY_IN[library](module):
            continue
        handle = module.startswith("app/") and names <= HANDLES.get(library, set())
        assert handle, f"{module} imports {sorted(names)} from {library}"
