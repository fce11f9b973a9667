"""What an officer's Windows machine does differently, as far as Linux CI can check it, and the docs' promises.

- Every module imports with ``os.name`` set to ``"nt"`` (the branches Windows takes at import time), and a
  check then runs end to end in that process.
- Folder and file names with Chinese characters and spaces; text files with CRLF line ends.
- ``batch`` given a glob literally, as cmd.exe and PowerShell pass it (neither expands ``*``): perfcheck
  expands it itself, ``**`` included.
- Every third-party package imported by perfcheck is declared in pyproject.toml; the README's local links
  and images exist; samples/make_corpus.py says which extra PDFs need.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_TXT, ROOT, SAMPLES, imported_modules, third_party_imports
from test_console import run

INJECTED_TXT = SAMPLES / "qingshuitang-2018-injected.txt"

NT_IMPORTS = r"""
import importlib, os, pathlib, pkgutil, sys
# The standard library's and the dependencies' own modules are this platform's (shutil imports the `nt`
# module on Windows): they are imported first, so that only perfcheck's branches on os.name change.
for name in sys.argv[2].split(","):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
# Windows' branches on os.name, on this machine's file system: a Path stays a PosixPath underneath.
pathlib.WindowsPath = pathlib.PosixPath
os.name = "nt"
import perfcheck
names = [m.name for m in pkgutil.walk_packages(perfcheck.__path__, "perfcheck.") if "__main__" not in m.name]
for name in names:
    importlib.import_module(name)
print(len(names))
from perfcheck.cli import main
sys.argv = ["perfcheck", sys.argv[1], "-q"]
main()
"""


def test_every_module_imports_and_a_check_runs_with_os_name_nt():
    outside = ",".join(sorted(imported_modules()))
    result = subprocess.run(
        [sys.executable, "-c", NT_IMPORTS, str(INJECTED_TXT), outside], capture_output=True, text=True, cwd=ROOT
    )
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert int(lines[0]) > 50  # every module of the package was imported
    assert result.returncode == 1 and lines[1].startswith("结论：未通过（错误 3")


@pytest.fixture
def chinese_folder(tmp_path) -> Path:
    folder = tmp_path / "2018 年度 报告" / "开福区 街道"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLES / "qingshuitang-2018-injected.docx", folder / "清水塘 街道 报告.docx")
    shutil.copy(EXAMPLE_TXT, folder / "东风路 街道.txt")
    return folder


def test_chinese_paths_with_spaces_check_annotate_html_and_batch(chinese_folder, tmp_path):
    report = chinese_folder / "清水塘 街道 报告.docx"
    out = tmp_path / "输出 文件"
    out.mkdir()
    result = run(report, "--annotate", out / "批注 版.docx", "--html", out / "审阅 页.html", "-o", out / "结果 表.txt")
    assert result.returncode == 1, result.stderr
    assert (out / "批注 版.docx").stat().st_size > 0 and (out / "审阅 页.html").stat().st_size > 0
    assert "结论：未通过" in (out / "结果 表.txt").read_text(encoding="utf-8")
    batch = run(
        "batch", chinese_folder.parent, "--xlsx", out / "汇总 表.xlsx", "--html-dir", out / "审阅 页面", columns=120
    )
    assert batch.returncode == 1, batch.stderr
    assert "清水塘 街道 报告.docx" in batch.stdout and (out / "审阅 页面" / "index.html").is_file()


def test_crlf_text_reads_as_lf_text(tmp_path):
    lf = INJECTED_TXT.read_text(encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    plain = tmp_path / "lf.txt"
    plain.write_text(lf, encoding="utf-8")

    def findings(path: Path) -> list[tuple[str, str, str, object]]:
        verdict = json.loads(run(path, "-f", "json").stdout)
        return [(f["rule"], f["status"], f["message"], f["location"]["line"]) for f in verdict["findings"]]

    assert findings(crlf) == findings(plain)
    assert "\r" not in run(crlf, "-f", "concise").stdout.replace("\r\n", "\n")


@pytest.mark.parametrize(
    "pattern",
    ["{folder}/*/*.docx", "{folder}/**/*.txt", "{folder}/开福区 街道/*"],
    ids=["star", "double-star", "chinese-with-space"],
)
def test_batch_expands_a_glob_given_literally_as_cmd_and_powershell_pass_it(chinese_folder, pattern):
    # subprocess with a list runs no shell: the pattern arrives as typed in quotes, or unquoted in cmd.exe.
    literal = pattern.format(folder=chinese_folder.parent.as_posix())
    result = run("batch", literal, "--all", columns=160)
    assert result.returncode in (0, 1), result.stderr
    expected = {"*.docx": ["清水塘 街道 报告.docx"], "*.txt": ["东风路 街道.txt"]}.get(
        literal.rsplit("/", 1)[-1], ["清水塘 街道 报告.docx", "东风路 街道.txt"]
    )
    for name in expected:
        assert name in result.stdout


# Import name → distribution name, where they differ.
DISTRIBUTIONS = {"docx": "python-docx", "yaml": "pyyaml", "tomli": "tomli"}


def test_every_package_perfcheck_imports_is_declared():
    tomllib = pytest.importorskip("tomllib" if sys.version_info >= (3, 11) else "tomli")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {re.split(r"[<>=!;\[ ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
    imported = third_party_imports()
    assert "lxml" in imported  # documents/docx_package.py parses with it directly
    missing = {n for n in imported if DISTRIBUTIONS.get(n, n).lower() not in declared}
    assert not missing, f"imported but not declared in pyproject.toml: {sorted(missing)}"


def test_readme_links_and_images_exist():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not re.match(r"^[a-z]+:", t)]
    assert "docs/review-page.png" in local
    for target in local:
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"


def test_readme_starts_with_three_steps_and_the_windows_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text[: text.index("## 用法")]
    for command in (
        "py -m venv .venv",
        r".venv\Scripts\pip install .",
        r".venv\Scripts\perfcheck 报告.docx",
        "pipx install",
    ):
        assert command in start, command
    assert "三步上手" in start


def test_make_corpus_without_reportlab_says_which_extra_to_install(monkeypatch, capsys, tmp_path):
    sys.path.insert(0, str(SAMPLES))
    import make_corpus

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "reportlab" else real(name, *a))
    monkeypatch.setattr(sys, "argv", ["make_corpus.py", str(tmp_path / "c"), "--count", "2"])
    with pytest.raises(SystemExit) as stopped:
        make_corpus.main()
    assert stopped.value.code == 2
    message = capsys.readouterr().err
    assert "reportlab" in message and ".[test]" in message and "--formats docx,txt" in message
    monkeypatch.setattr(sys, "argv", ["make_corpus.py", str(tmp_path / "c"), "--count", "2", "--formats", "docx,txt"])
    make_corpus.main()
    assert len(list((tmp_path / "c").glob("*.docx"))) == 1
