"""Conventions are tests: every kind documented with examples, every rule with a basis and a case file,
and the layers import only what they may."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
import yaml
from conftest import third_party_imports

from perfcheck.kinds import KINDS
from perfcheck.rulepack import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "perfcheck"
RULES = list(load_ruleset().rules.values())


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_is_documented_with_passing_and_failing_examples(kind):
    module = KINDS[kind]
    assert module.__doc__ and len(module.__doc__.strip()) > 200, "the docstring is the user documentation"
    assert module.__name__.rsplit(".", 1)[1] == kind.replace("-", "_"), "module is the kind name in snake_case"
    assert kind == module.KIND, "KIND is the module name in kebab-case (KINDS finds kinds by file name)"
    params = module.Params
    assert issubclass(params, msgspec.Struct) and params.__struct_config__.frozen, "Params is a frozen record"
    assert isinstance(module.VARIABLES, tuple)
    for name in module.VARIABLES:
        assert f"{{{name}}}" in module.__doc__, f"placeholder {{{name}}} is documented"
    examples_file = Path(module.__file__).with_suffix(".examples.yml")  # type: ignore[attr-defined]
    examples = yaml.safe_load(examples_file.read_text(encoding="utf-8"))
    expectations = {e["expect"] for e in examples}
    assert {"pass", "fail"} <= expectations, f"{examples_file.name} needs a passing and a failing example"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_kind_has_a_chinese_summary_naming_its_parameters(kind):
    module = KINDS[kind]
    summary = getattr(module, "SUMMARY_ZH", "")
    assert isinstance(summary, str) and summary.strip(), "rules show prints SUMMARY_ZH under 检查什么"
    assert len(re.findall(r"[\u4e00-\u9fff]", summary)) >= 20, "the summary is written in Chinese"
    for name in module.Params.__struct_fields__:
        assert re.search(rf"(?<![A-Za-z_]){name}(?![A-Za-z_])", summary), f"the summary names {name}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_basis_examples_and_case_file(rule):
    assert len(rule.basis) >= 10, "basis cites the regulation, the form's instruction or the identity"
    assert rule.title and rule.title != rule.id
    assert {"pass", "fail"} <= {e.expect for e in rule.examples}
    case_file = ROOT / "tests" / "rule_cases" / f"{rule.id}.yml"
    assert case_file.exists(), f"{case_file.name} is missing"
    cases = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    assert cases["rule"] == rule.id
    assert {"pass", "fail"} <= {c["expect"] for c in cases["cases"]}


def test_rule_ids_are_unique_across_packs():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


LAYERS = {
    "typer": lambda rel: rel.startswith("cli/"),
    "rich": lambda rel: rel.startswith("report/"),
    # python-docx reads in documents/ and writes Word comments in report/annotate_docx.py.
    "docx": lambda rel: rel.startswith("documents/") or rel == "report/annotate_docx.py",
    "pdfplumber": lambda rel: rel.startswith("documents/"),
    "pypdfium2": lambda rel: rel.startswith("documents/"),
    "lxml": lambda rel: rel.startswith("documents/"),
    # openpyxl reads workbooks in documents/ and writes the batch workbook in report/.
    "openpyxl": lambda rel: rel.startswith(("documents/", "report/")),
}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_layers_import_only_what_they_may(path):
    rel = path.relative_to(PACKAGE).as_posix()
    for name in _imports(path):
        allowed = LAYERS.get(name)
        assert allowed is None or allowed(rel), f"{rel} imports {name}"


def _logging_libraries() -> set[str]:
    """The third-party packages perfcheck imports that load ``logging``: found by importing each in a fresh
    interpreter, so a new version of a library that starts logging is caught."""
    third_party = sorted(third_party_imports())
    probe = "import importlib, sys\nimportlib.import_module(sys.argv[1])\nprint('logging' in sys.modules)\n"
    found = set()
    for name in third_party:
        result = subprocess.run([sys.executable, "-c", probe, name], capture_output=True, text=True)
        if result.stdout.strip() == "True":  # not importable here (tomli from 3.11, _sha2 before 3.12): never loaded
            found.add(name)
    return found


def test_a_module_that_imports_a_library_that_logs_tells_quiet():
    """The command line leaves logging unloaded until a library that logs is (perfcheck.quiet, issue 14): every
    module that imports one calls ``library_loaded()``, or that library's records could reach the terminal."""
    logging_libraries = _logging_libraries()
    assert "pypdfium2" in logging_libraries  # what the check is for, as of pypdfium2 4
    callers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _imports(path) & logging_libraries:
            rel = path.relative_to(PACKAGE).as_posix()
            callers.append(rel)
            assert "library_loaded()" in path.read_text(encoding="utf-8"), f"{rel} does not call library_loaded()"
    assert "documents/pdf.py" in callers


# --- imports run one way ------------------------------------------------------------------------------
# The graph of the package's own imports, read from the source (ast), in two layers: imports at module
# level (run when the module is imported) and imports inside functions (run when the function is; the
# package uses them to keep heavy parsers off the start-up path). Both are forbidden to close a cycle,
# alone or together: a function-level import that closes one only hides the cycle until the function
# runs, and a reader still cannot tell which module is the lower layer. Imports under
# ``if TYPE_CHECKING:`` are for annotations only, never run, and are not edges. An import names its
# target module (``from perfcheck.documents import pdf`` is perfcheck.documents.pdf); the parent packages
# Python initialises on the way are not edges, or every submodule would "import" its own package.

MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
    for path in PACKAGE.rglob("*.py")
}


def _import_edges(module: str) -> dict[str, set[str]]:
    """``{"module": targets, "function": targets}`` for one module of the package."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    edges: dict[str, set[str]] = {"module": set(), "function": set()}

    def target(name: str) -> str:
        return name if name in MODULES else name.rpartition(".")[0]

    def visit(node: ast.AST, level: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            inner = "function" if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) else level
            if isinstance(child, ast.Import):
                edges[inner] |= {target(a.name) for a in child.names if a.name.split(".")[0] == "perfcheck"}
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                if base.split(".")[0] == "perfcheck":
                    edges[inner] |= {target(f"{base}.{a.name}") for a in child.names}
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), "module")
    for found in edges.values():
        found.discard(module)
    return edges


IMPORTS = {module: _import_edges(module) for module in MODULES}


def _cycles(levels: tuple[str, ...], imports: dict[str, dict[str, set[str]]] = IMPORTS) -> list[list[str]]:
    """The import cycles (strongly connected groups of two or more modules) over the given levels."""
    graph = {m: set().union(*(imports[m][level] for level in levels)) & set(MODULES) for m in MODULES}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan's algorithm; the package is a few dozen modules deep at most
        order[v] = low[v] = len(order)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in order:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], order[w])
        if low[v] == order[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in order:
            connect(v)
    return found


def test_the_import_graph_sees_the_package_and_its_cycles():
    """The check is only as good as the graph: it must see imports we know are there, and a cycle we plant
    (the one the rule-pack loader once closed, asking the engine to run a user's rule examples)."""
    assert "perfcheck.rulepack" in IMPORTS["perfcheck.engine"]["module"]
    assert "perfcheck.documents.pdf" in IMPORTS["perfcheck.documents"]["function"]
    assert "perfcheck.kinds.base" in IMPORTS["perfcheck.kinds.sum"]["module"]
    planted = {m: {level: set(targets) for level, targets in edges.items()} for m, edges in IMPORTS.items()}
    planted["perfcheck.rulepack"]["function"].add("perfcheck.engine")
    assert _cycles(("module",), planted) == []
    found = _cycles(("module", "function"), planted)
    assert any({"perfcheck.engine", "perfcheck.rulepack"} <= set(cycle) for cycle in found), found


def test_no_import_cycle_at_module_level():
    assert _cycles(("module",)) == []


def test_no_import_cycle_even_through_imports_inside_functions():
    assert _cycles(("module", "function")) == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_frozen_records_are_msgspec_structs(path):
    """A frozen dataclass costs ~0.3 ms to create at import and there were ~90 (issue 14): a frozen record is a
    ``msgspec.Struct`` (built in C). Dataclasses stay for the few mutable builders of the batch and readers."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ClassDef):
            for decorator in node.decorator_list:
                frozen = isinstance(decorator, ast.Call) and any(
                    k.arg == "frozen" and getattr(k.value, "value", False) for k in decorator.keywords
                )
                assert not frozen, f"{node.name} (line {node.lineno}): use class {node.name}(Struct, frozen=True)"
