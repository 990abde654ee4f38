"""The layers of the package (docs/ARCHITECTURE.md) and what each may import.

Every `import` of a kg module, at module level or inside a function, is an edge; imports
under `if TYPE_CHECKING:` are for type hints only and are not. A module may import its own
layer and the layers listed for it, nothing else: the store does not pull in the build
(pySHACL), the domain rules do not know the HTTP API, routers do not import each other, and
the command line reaches the API through its one entry point, kg.api.serve.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "kg"

LAYERS: dict[str, tuple[str, ...]] = {
    "foundation": (
        "kg",
        "kg.errors",
        "kg.namespaces",
        "kg.config",
        "kg.deadline",
        "kg.sparql_syntax",
        "kg.sparql_text",
        "kg.suggest",
    ),
    "store": ("kg.store", "kg.release", "kg.named_queries", "kg.render", "kg.query_run"),
    "build": ("kg.sources", "kg.build", "kg.validation", "kg.lint"),
    "domain": (
        "kg.terms",
        "kg.study_names",
        "kg.records",
        "kg.study_facts",
        "kg.cite",
        "kg.evidence_rows",
        "kg.evidence_weight",
        "kg.interpret",
        "kg.claim_reading",
        "kg.anaphora",
        "kg.harm_claims",
        "kg.document_units",
        "kg.integrity_claims",
        "kg.tense",
        "kg.claim_likeness",
        "kg.reported_statements",
        "kg.integrity",
        "kg.claim_numbers",
        "kg.design_facts",
        "kg.trial_phase",
        "kg.evidence_state",
        "kg.modifier_check",
        "kg.network",
        "kg.network_views",
        "kg.ask_sparql",
    ),
    "graph": ("kg.evidence_graph",),
    "answers": ("kg.ask", "kg.check", "kg.check_document", "kg.answer_text"),
    "web": ("kg.web",),
    "api": ("kg.api",),
    "cli": ("kg.cli", "kg.cli_answers", "kg.cli_graph"),
}
MAY_IMPORT: dict[str, set[str]] = {
    "foundation": set(),
    "store": {"foundation"},
    "build": {"foundation", "store"},
    "domain": {"foundation", "store"},
    "graph": {"foundation", "store", "domain"},
    "answers": {"foundation", "store", "domain", "graph"},
    "web": {"foundation", "store", "domain", "graph", "answers"},
    "api": {"foundation", "store", "domain", "graph", "answers", "web"},
    "cli": {"foundation", "store", "build", "domain", "graph", "answers"},
}
# The one way across a boundary the table does not allow: `kg serve` starts the API.
ENTRY_POINTS = {("cli", "kg.api.serve")}
ROUTERS = {
    "kg.api.answers",
    "kg.api.pages",
    "kg.api.health",
    "kg.api.network",
    "kg.api.queries",
    "kg.api.resources",
    "kg.api.rest",
    "kg.api.sparql",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    best, length = None, -1
    for layer, prefixes in LAYERS.items():
        for prefix in prefixes:
            # "kg" (the package, for its version) names only itself, not every module in it
            within = module.startswith(prefix + ".") and prefix != "kg"
            if (module == prefix or within) and len(prefix) > length:
                best, length = layer, len(prefix)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS (and the architecture)")
    return best


def imports_of(path: Path) -> set[str]:
    """The kg modules `path` imports, outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    hints = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hints |= {id(n) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "kg":  # `from kg import cite`: the module kg.cite
                found |= {f"kg.{a.name}" for a in node.names if a.name != "__version__"}
                found |= {"kg"} if any(a.name == "__version__" for a in node.names) else set()
            elif node.module.split(".")[0] == "kg":
                found.add(node.module)
    return found


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_the_layers_below_it(module):
    mine = layer_of(module)
    wrong = []
    for imported in sorted(imports_of(MODULES[module])):
        theirs = layer_of(imported)
        if theirs == mine or theirs in MAY_IMPORT[mine] or (mine, imported) in ENTRY_POINTS:
            continue
        wrong.append(f"{imported} ({theirs})")
    assert not wrong, f"{module} ({mine}) imports {', '.join(wrong)}"


@pytest.mark.parametrize("router", sorted(ROUTERS))
def test_routers_do_not_import_each_other(router):
    assert not (imports_of(MODULES[router]) & (ROUTERS - {router}))


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


def test_the_checks_see_a_real_violation(tmp_path):
    """The rule is not vacuous: a domain module importing the API is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("from kg.api.models import Network\nfrom kg.build import build\n")
    assert imports_of(bad) == {"kg.api.models", "kg.build"}
    assert {layer_of(m) for m in imports_of(bad)} - MAY_IMPORT["domain"] == {"api", "build"}


@pytest.mark.parametrize(
    ("module", "absent"),
    [
        ("kg.store", ("pyshacl", "kg.build", "kg.api")),
        ("kg.evidence_graph", ("pyshacl", "kg.build", "fastapi")),
        ("kg.check", ("pyshacl", "fastapi", "kg.api")),
        ("kg.cli", ("pyshacl", "fastapi", "uvicorn", "kg.api")),
    ],
)
def test_importing_a_layer_loads_nothing_above_it(module, absent):
    """In a fresh interpreter: starting the service or a command pays only for its layer."""
    code = f"import sys, {module}; print(' '.join(m for m in {absent!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_architecture_map_lists_the_same_layers():
    """docs/ARCHITECTURE.md is the map; its table and this test's table must agree."""
    import re

    doc = (SRC.parent.parent / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in LAYERS:
            names = re.findall(r"`([\w.*]+)`", cells[1])
            rows[cells[0]] = {"kg" if n == "kg" else "kg." + n.removesuffix(".*") for n in names}
    assert rows == {layer: set(prefixes) for layer, prefixes in LAYERS.items()}
