"""Size guards for zip containers (.docx, .xlsx, .zip) before anything unpacks them.

A Word or Excel file is a zip archive of XML parts. A few hundred kilobytes on disk can
declare hundreds of megabytes of XML (a "zip bomb"), which python-docx or openpyxl would
then parse into memory for minutes. :func:`check_archive` reads only the archive's
directory and refuses such a file with a Chinese message before any part is parsed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from zhengbing.errors import InputError

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed size of all parts together
MAX_XML_BYTES = 64 * 1024 * 1024  # XML parts together: what the readers parse into memory
MAX_MEMBERS = 5000
MAX_RATIO = 200  # uncompressed / compressed, checked for parts above RATIO_FROM bytes
RATIO_FROM = 16 * 1024 * 1024
# what an old binary .doc/.xls, or an encrypted Office file, starts with instead of a zip
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_archive(source: Path | bytes, display: str, *, hint: str | None = None) -> None:
    """Raise :class:`InputError` when the archive would unpack to an unreasonable size.

    A file that is not a zip archive at all passes silently: the caller's own reader
    reports that with its own message.
    """
    try:
        handle = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    advice = hint or "文件可能已损坏或被恶意构造；请用 Word、WPS 或 Excel 打开后重新保存再试。"
    with handle:
        infos = handle.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(
                f"{display}：文件内部包含的部件过多（{len(infos)} 个，上限 {MAX_MEMBERS} 个），拒绝读取。",
                hint=advice,
            )
        total = xml = 0
        for info in infos:
            total += info.file_size
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                xml += info.file_size
            if total > MAX_TOTAL_BYTES or xml > MAX_XML_BYTES:
                raise InputError(
                    f"{display}：文件解压后过大（全部内容超过 {MAX_TOTAL_BYTES // 1024 // 1024} MB"
                    f"或文字部分超过 {MAX_XML_BYTES // 1024 // 1024} MB，可能是“压缩炸弹”），拒绝读取。",
                    hint=advice,
                )
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(
                1, info.compress_size
            ):
                raise InputError(
                    f"{display}：文件中的部件“{info.filename}”压缩比异常（可能是“压缩炸弹”），拒绝读取。",
                    hint=advice,
                )
