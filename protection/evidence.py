"""Evidence files: the type is detected from the content (never from the name), executables
and archive bombs are refused, the file is stored under a name the server makes, and its
SHA-256 is kept to detect any later change."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Office documents are zip containers: at most this many entries, this much declared content
# and this compression ratio per entry (a zip bomb declares far more).
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNPACKED = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
CHUNK = 64 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass(frozen=True)
class Detected:
    content_type: str
    extension: str


# Windows and Linux programs, scripts with a shebang, Java classes and Mach-O programs.
EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
)


def _zip_container(stream: IO[bytes]) -> Detected:
    try:
        archive = zipfile.ZipFile(stream)
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("The file looks like a zip archive but cannot be read.")) from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise ValidationError(_("The document holds too many parts to be a normal office file."))
        unpacked = 0
        for entry in entries:
            unpacked += entry.file_size
            if entry.file_size > MAX_ZIP_RATIO * max(entry.compress_size, 1) and entry.file_size > 1024 * 1024:
                raise ValidationError(_("The document is compressed far more than an office file is (a zip bomb?)."))
        if unpacked > MAX_ZIP_UNPACKED:
            raise ValidationError(_("The document unpacks to far more than an office file does (a zip bomb?)."))
        names = {entry.filename for entry in entries}
        _refuse_active_content(archive, names)
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return Detected("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return Detected("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
    raise ValidationError(_("Only Word and Excel documents are accepted among zip files."))


_EXTERNAL_TARGET = re.compile(rb"<Relationship\b[^>]*>", re.IGNORECASE)
_HYPERLINK_TYPE = b"/relationships/hyperlink"


def _refuse_active_content(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse an office file that runs code or fetches content when opened: macros (a VBA
    project, a macro-enabled type), ActiveX controls, and links to other files (Excel's
    external workbook links, Word's remote templates and OLE objects). Evidence is read by
    the office and the court; a plain hyperlink is text and stays allowed."""
    lowered = {name.lower() for name in names}
    if any(name.endswith("vbaproject.bin") or "/activex/" in name for name in lowered):
        raise ValidationError(_("Documents with macros are not accepted as evidence: save it as .xlsx or .docx."))
    if "[content_types].xml" in lowered:
        types = archive.read(next(n for n in names if n.lower() == "[content_types].xml"))
        if b"macroenabled" in types.lower() or b"vbaproject" in types.lower():
            raise ValidationError(_("Documents with macros are not accepted as evidence: save it as .xlsx or .docx."))
    if any(name.startswith("xl/externallinks/") for name in lowered):
        raise ValidationError(
            _("Documents linked to other files are not accepted as evidence: break the links, then upload it.")
        )
    for name in names:
        if not name.lower().endswith(".rels"):
            continue
        for relationship in _EXTERNAL_TARGET.findall(archive.read(name)):
            if b'targetmode="external"' in relationship.lower() and _HYPERLINK_TYPE not in relationship.lower():
                raise ValidationError(
                    _("Documents linked to other files are not accepted as evidence: break the links, then upload it.")
                )


def _text(stream: IO[bytes]) -> Detected:
    data = stream.read()
    if b"\x00" in data:
        raise ValidationError(_("This type of file is not accepted as evidence."))
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return Detected("text/plain", ".txt")
    raise ValidationError(_("This type of file is not accepted as evidence."))


def detect(stream: IO[bytes]) -> Detected:
    """The file's type from its first bytes (and, for zip containers, its directory)."""
    stream.seek(0)
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError(_("Programs and scripts are not accepted as evidence."))
    if head.startswith(b"%PDF-"):
        return Detected("application/pdf", ".pdf")
    if head.startswith(b"\xff\xd8\xff"):
        return Detected("image/jpeg", ".jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Detected("image/png", ".png")
    if head[4:8] == b"ftyp":
        return Detected("video/mp4", ".mp4")
    if head.startswith(b"PK\x03\x04"):
        return _zip_container(stream)
    return _text(stream)


def clean_name(name: str) -> str:
    """The name a person gave, kept for display only: no folders, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    return name[:200] or "evidence"


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def path_of(stored_name: str) -> Path:
    """The stored file's path when files are on this machine's disk (FILE_STORAGE=local),
    refusing anything that would lead outside the media folder. Reading and writing go through
    the storage API (``open_stored``), which works on object storage too."""
    root = media_root()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise ValueError("evidence path outside the media folder")
    return path


def checked_name(stored_name: str) -> str:
    """A stored name as the server makes it (``evidence/<year>/<hex><ext>``); anything that
    could point elsewhere, on disk or in a bucket, is refused."""
    parts = stored_name.split("/")
    if parts[0] != "evidence" or "\\" in stored_name or any(p in {"", ".", ".."} for p in parts):
        raise ValueError("not an evidence file name")
    return stored_name


def open_stored(stored_name: str) -> IO[bytes]:
    """The stored file, opened for reading from the configured storage (disk or bucket)."""
    return default_storage.open(checked_name(stored_name), "rb")


def delete_stored(stored_name: str) -> None:
    default_storage.delete(checked_name(stored_name))


def stored_names(folder: str = "evidence") -> Iterator[str]:
    """Every file the storage holds under ``folder``, as stored names."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from stored_names(f"{folder}/{sub}")


@dataclass(frozen=True)
class Stored:
    stored_name: str
    original_name: str
    content_type: str
    size: int
    sha256: str


def store(upload, today: dt.date) -> Stored:
    """Check and write an uploaded file; raises ValidationError with what is wrong."""
    size = upload.size
    if size == 0:
        raise ValidationError(_("The file is empty."))
    if size > max_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)s MB; split it or send a smaller scan.") % {"mb": max_bytes() // 2**20}
        )
    detected = detect(upload)
    stored_name = f"evidence/{today:%Y}/{uuid.uuid4().hex}{detected.extension}"
    digest = hashlib.sha256()
    written = 0
    upload.seek(0)
    for chunk in upload.chunks(CHUNK):
        written += len(chunk)
        if written > max_bytes():
            raise ValidationError(_("The file is larger than allowed."))
        digest.update(chunk)
    upload.seek(0)
    # A fresh random name, and storage that never overwrites (FileSystemStorage opens with
    # O_EXCL; the S3 storage is configured with file_overwrite off): a name it had to change
    # means something was already there, so the upload is refused rather than mixed up.
    saved = default_storage.save(stored_name, File(upload, name=stored_name))
    if saved != stored_name:
        default_storage.delete(saved)
        raise ValidationError(_("The file could not be stored; send it again."))
    return Stored(stored_name, clean_name(upload.name or ""), detected.content_type, written, digest.hexdigest())


def sha256_of(stored_name: str) -> str | None:
    """The SHA-256 of the stored file now, or None when it is missing."""
    try:
        digest = hashlib.sha256()
        with open_stored(stored_name) as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                digest.update(chunk)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()
