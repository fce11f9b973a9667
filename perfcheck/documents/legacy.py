"""Old Word (.doc) and WPS (.wps) reports, converted to .docx by LibreOffice when it is installed.

The input is copied into a temporary folder and converted there, so the original is never opened
for writing; LibreOffice gets a throw-away user profile, because a conversion silently does nothing
while another LibreOffice instance holds the default profile. The converted file is read by the
.docx loader; the document keeps the original path and the original file's SHA-256.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from perfcheck.documents import docx
from perfcheck.errors import InputError
from perfcheck.model import Document

TIMEOUT_SECONDS = 60
_SAVE_AS_DOCX = "请在 Word 或 WPS 中另存为 .docx 后再检查"


def find_office() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def load(path: Path, data: bytes, sha256: str) -> Document:
    office = find_office()
    if office is None:
        raise InputError(
            str(path), "这是旧版 Word/WPS 格式（.doc/.wps），本机未安装 LibreOffice 无法转换", _SAVE_AS_DOCX
        )
    with tempfile.TemporaryDirectory(prefix="perfcheck-") as folder:
        converted = convert_to_docx(path, data, Path(folder), office)
        document = docx.load(path, converted, sha256)
    return dataclasses.replace(document, format=path.suffix.lower().lstrip("."))


def convert_to_docx(path: Path, data: bytes, folder: Path, office: str) -> bytes:
    """Run ``soffice --headless --convert-to docx`` on a copy of the input; the converted bytes."""
    source = folder / f"source{path.suffix.lower()}"
    source.write_bytes(data)
    out = folder / "out"
    command = [
        office,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx",
        "--outdir",
        str(out),
        str(source),
    ]
    # A session of its own, so a timeout can stop soffice.bin too, not only the launcher script.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, cwd=folder
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_session(process)
        raise InputError(str(path), f"LibreOffice 转换超时（超过 {TIMEOUT_SECONDS} 秒）", _SAVE_AS_DOCX) from None
    result = out / f"{source.stem}.docx"
    if process.returncode != 0 or not result.is_file():
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        reason = f"（{detail[-1][:120]}）" if detail else ""
        raise InputError(str(path), f"LibreOffice 无法转换此文件{reason}，文件可能已损坏或加密", _SAVE_AS_DOCX)
    return result.read_bytes()


def _kill_session(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.communicate()
