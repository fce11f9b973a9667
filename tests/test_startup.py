"""Start-up (issue 14): the collector paused while the program starts, and which command modules a run imports."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import subprocess
import sys

import pytest
from conftest import EXAMPLE_DOCX, EXAMPLE_TXT, SAMPLES

from perfcheck.cli import collector

# Paused as the entry point pauses it; then, while the command works, is the collector on?
PROBE = """
import contextlib, gc, io, json, sys
from perfcheck.cli import collector
collector.pause()
import perfcheck.cli.batch as batch, perfcheck.documents as documents
seen = {"loading": [], "batch": []}
load, run_batch = documents.load_document, batch.run_batch_command
def spy_load(path):
    seen["loading"].append(gc.isenabled())
    return load(path)
def spy_batch(*args, **kwargs):
    seen["batch"].append(gc.isenabled())
    return run_batch(*args, **kwargs)
documents.load_document, batch.run_batch_command = spy_load, spy_batch
from perfcheck.cli.app import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        run(sys.argv[1:])
    except SystemExit:
        pass
print(json.dumps({**seen, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}))
"""


@pytest.mark.parametrize(
    ("args", "loads", "batches"),
    [
        ([EXAMPLE_DOCX, "--format", "json"], 1, 0),  # the default command
        (["check", EXAMPLE_TXT], 1, 0),
        ([EXAMPLE_DOCX, EXAMPLE_TXT], 0, 1),  # several reports: the batch
        (["rules", "list"], 0, 0),
        (["--help"], 0, 0),
    ],
)
def test_the_command_turns_the_collector_back_on_before_it_reads_a_report(args, loads, batches):
    """A report is read, and a batch run, with the collector on: its garbage is collected, so memory stays bounded
    by the report; what start-up made is frozen out of the collector's sight."""
    result = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True)
    seen = json.loads(result.stdout)
    assert seen == {"loading": [True] * loads, "batch": [True] * batches, "enabled": True, "frozen": True}


def test_a_python_caller_of_run_keeps_its_collector_as_it_was():
    frozen = gc.get_freeze_count()
    with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit):
        from perfcheck.cli.app import run

        run([str(EXAMPLE_TXT), "--format", "json"])
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_a_collector_someone_else_turned_off_stays_off():
    gc.disable()
    try:
        collector.pause()
        collector.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_each_command_is_registered_by_the_module_the_table_names():
    """``run`` imports only the modules of the command it runs, found through ``COMMANDS``."""
    from perfcheck.cli import batch, check, config, inspect, rules  # noqa: F401
    from perfcheck.cli.app import COMMANDS, _name, app

    commands = {_name(c): c.callback.__module__ for c in app.registered_commands if c.callback}
    groups = {g.name: g.typer_instance.registered_callback for g in app.registered_groups if g.name}
    assert set(commands) | set(groups) == set(COMMANDS)
    for name, module in commands.items():
        assert module == f"perfcheck.cli.{COMMANDS[name]}", name
    assert COMMANDS["rules"] == "rules"  # the group's commands are defined in perfcheck/cli/rules.py


def test_the_command_line_imports_msgspec_without_typing_extensions_and_leaves_it_importable():
    """msgspec then takes typing's get_type_hints, and perfcheck's records work the same (their fields, types,
    replace); a library that needs typing_extensions later imports it as usual."""

    def describe() -> str:  # run here and in the probe, whose msgspec has no typing_extensions
        import msgspec

        from perfcheck.model import Finding, Location

        fields = [(f.name, str(f.type)) for f in msgspec.structs.fields(Location)]
        finding = msgspec.structs.replace(Finding("R-1", "pass", "info", "通过"), status="fail")
        return repr((fields, finding.status, msgspec.json.encode(Location(page=2))))

    probe = (
        "import sys\n"
        "from perfcheck.cli import _import_msgspec_alone\n"
        "_import_msgspec_alone()\n"
        "print('typing_extensions' in sys.modules)\n"
        "import msgspec, typing_extensions\n"
        "from perfcheck.model import Finding, Location\n"
        "print(repr(([(f.name, str(f.type)) for f in msgspec.structs.fields(Location)],"
        " msgspec.structs.replace(Finding('R-1', 'pass', 'info', '通过'), status='fail').status,"
        " msgspec.json.encode(Location(page=2)))))\n"
        "print(typing_extensions.__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.stderr == ""
    absent, described, later = result.stdout.splitlines()
    assert absent == "False"
    assert described == describe()
    assert later == "typing_extensions"


CHATTER = """
import contextlib, io, sys, warnings
from perfcheck.cli.app import run
with contextlib.redirect_stdout(io.StringIO()):
    try:
        run([sys.argv[1], "--format", "json"])
    except SystemExit:
        pass
print("logging" in sys.modules)
warnings.warn("a library's English warning", UserWarning, stacklevel=1)
if "logging" in sys.modules:
    import logging
    logging.getLogger("pdfminer.pdfpage").warning("Not adding object 12 to xref")
"""


@pytest.mark.parametrize(("sample", "logging_loaded"), [(EXAMPLE_DOCX, False), (SAMPLES / "self-eval-table.pdf", True)])
def test_library_chatter_stays_off_the_terminal_and_logging_loads_only_with_a_library_that_logs(sample, logging_loaded):
    """A .docx check loads no logging (~1.5 ms, perfcheck.quiet); a PDF's pypdfium2 does, and then a library's log
    record, like a warning, reaches no one (in a fresh interpreter: pytest's own capture would hide a leak)."""
    result = subprocess.run([sys.executable, "-c", CHATTER, str(sample)], capture_output=True, text=True)
    assert (result.stdout, result.stderr) == (f"{logging_loaded}\n", "")
