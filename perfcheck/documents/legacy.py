"""Old Word (.doc), WPS (.wps), old Excel (.xls) and WPS spreadsheet (.et) files, converted by LibreOffice.

Documents are converted to .docx and read by the .docx loader; spreadsheets to .xlsx and read by the
workbook loader. The input is copied into a temporary folder and converted there, so the original is
never opened for writing; LibreOffice gets a throw-away user profile, because a conversion silently
does nothing while another LibreOffice instance holds the default profile. The document keeps the
original path and the original file's SHA-256.

Where LibreOffice is looked for (``find_office``): on PATH (``soffice``, ``libreoffice``), then where
its installers put it — on Windows ``%ProgramFiles%`` and ``%ProgramFiles(x86)%\\LibreOffice\\program\\
soffice.exe`` and the registry's App Paths entry for ``soffice.exe``; on macOS the application bundle.

WPS Office is not used to convert: its programs (``wps.exe``, ``et.exe``) open a window and have no
documented headless conversion on the command line; converting through WPS needs its automation
interface and a desktop session (pywpsrpc on Linux says so: github.com/timxx/pywpsrpc issue 22). When
no LibreOffice is found but WPS is (``find_wps``), the message says to save the file from WPS.
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec.structs

from perfcheck.errors import InputError
from perfcheck.model import Document

TIMEOUT_SECONDS = 60
_SAVE_AS = {"docx": "请在 Word 或 WPS 中另存为 .docx 后再检查", "xlsx": "请在 Excel 或 WPS 中另存为 .xlsx 后再检查"}
_KIND_ZH = {
    ".doc": "旧版 Word 格式（.doc）",
    ".wps": "WPS 文字格式（.wps）",
    ".xls": "旧版 Excel 格式（.xls）",
    ".et": "WPS 表格格式（.et）",
}
_SPREADSHEETS = (".xls", ".et")
_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths"
_MAC_SOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


def find_office() -> str | None:
    """The LibreOffice executable: on PATH, else where the Windows or macOS installer puts it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    # os.path, not pathlib: the discovery is tested on Linux with os.name patched to "nt", where pathlib
    # would refuse to build a WindowsPath.
    if os.name == "nt":
        for folder in _program_folders():
            candidate = os.path.join(folder, "LibreOffice", "program", "soffice.exe")
            if os.path.isfile(candidate):
                return candidate
        return _app_path("soffice.exe")
    if sys.platform == "darwin" and os.path.isfile(_MAC_SOFFICE):
        return _MAC_SOFFICE
    return None


def find_wps() -> str | None:
    """WPS Office's program, if installed (only to word the message: WPS cannot convert headless)."""
    for name in ("wps", "et"):
        found = shutil.which(name)
        if found:
            return found
    if os.name != "nt":
        return None
    folders = list(_program_folders())
    local = os.environ.get("LOCALAPPDATA")
    if local:
        folders.append(local)
    for folder in folders:
        base = os.path.join(folder, "Kingsoft", "WPS Office")
        if os.path.isdir(base):
            return base
    return _app_path("wps.exe") or _app_path("et.exe")


def _program_folders() -> list[str]:
    names = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
    folders = [os.environ[n] for n in names if os.environ.get(n)]
    folders += [r"C:\Program Files", r"C:\Program Files (x86)"]
    return list(dict.fromkeys(folders))


def _app_path(executable: str) -> str | None:
    """The registry's App Paths entry for ``executable`` (Windows' own lookup for programs off PATH)."""
    try:
        winreg: Any = importlib.import_module("winreg")
    except ImportError:  # not Windows
        return None
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(root, rf"{_APP_PATHS}\{executable}") as key:
                value, _ = winreg.QueryValueEx(key, "")
        except OSError:
            continue
        if isinstance(value, str) and os.path.isfile(value.strip('"')):
            return value.strip('"')
    return None


def load(path: Path, data: bytes, sha256: str) -> Document:
    suffix = path.suffix.lower()
    target = "xlsx" if suffix in _SPREADSHEETS else "docx"
    office = find_office()
    if office is None:
        raise InputError(str(path), _no_office_problem(suffix), _no_office_advice(target))
    reader = _reader(target)
    with tempfile.TemporaryDirectory(prefix="perfcheck-") as folder:
        converted = convert(path, data, Path(folder), office, target)
        document = reader(path, converted, sha256)
    return msgspec.structs.replace(document, format=suffix.lstrip("."))


def _reader(target: str) -> Callable[[Path, bytes, str], Document]:
    if target == "xlsx":
        from perfcheck.documents import xlsx

        return xlsx.load
    from perfcheck.documents import docx

    return docx.load


def _no_office_problem(suffix: str) -> str:
    return f"这是{_KIND_ZH.get(suffix, '旧版格式')}，本机未找到 LibreOffice，无法自动转换"


def _no_office_advice(target: str) -> str:
    save_as = _SAVE_AS[target]
    if find_wps() is not None:
        return f"检测到 WPS Office：{save_as}（WPS 不能在后台转换），或安装 LibreOffice 后自动转换"
    return f"{save_as}，或安装 LibreOffice（libreoffice.org）后自动转换"


def convert(path: Path, data: bytes, folder: Path, office: str, target: str) -> bytes:
    """Run ``soffice --headless --convert-to TARGET`` on a copy of the input; the converted bytes."""
    source = folder / f"source{path.suffix.lower()}"
    source.write_bytes(data)
    out = folder / "out"
    command = [
        office,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        target,
        "--outdir",
        str(out),
        str(source),
    ]
    # A session of its own (POSIX), so a timeout can stop soffice.bin too, not only the launcher script.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=os.name != "nt", cwd=folder
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_session(process)
        raise InputError(str(path), f"LibreOffice 转换超时（超过 {TIMEOUT_SECONDS} 秒）", _SAVE_AS[target]) from None
    result = out / f"{source.stem}.{target}"
    if process.returncode != 0 or not result.is_file():
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = f"（{detail[-1][:120]}）" if detail else ""
        raise InputError(str(path), f"LibreOffice 无法转换此文件{reason}，文件可能已损坏或加密", _SAVE_AS[target])
    return result.read_bytes()


def _kill_session(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)  # type: ignore[attr-defined,unused-ignore]
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.communicate()
