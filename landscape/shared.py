"""The landscape store on several machines (FILE_STORAGE=s3): the Parquet parts, the reference
tables, the full-text index and the manifest are written once to the object store by whoever
changed them (the sync job, the corpus import command), and every node keeps its local folder
(LANDSCAPE_STORE_DIR) in step with that copy.

In the bucket, under ``landscape/``:

    objects/<sha256>     each file's content, stored once under its hash (an unchanged part is
                         not sent again)
    CURRENT.json         {"fingerprint": ..., "files": {"parts/corpus-0001.parquet": sha256, ...}},
                         written last: a node that reads it finds every object it names

A node compares CURRENT.json's fingerprint with the one it holds (``.published`` in its folder),
downloads what differs into ``.incoming/`` (hash checked), then moves the files into place data
first, the full-text index's ``meta.json`` next and ``manifest.json`` last: the same order a local
write uses, so a reader sees the old store or the new one. With local disk (the default) none of
this runs."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

log = logging.getLogger(__name__)

PREFIX = "landscape"
CURRENT = f"{PREFIX}/CURRENT.json"
HELD = ".published"
INCOMING = ".incoming"
FOLDERS = ("parts", "refs", "fts")
CHUNK = 1024 * 1024

_last_follow: dict[Path, float] = {}


def enabled() -> bool:
    return getattr(settings, "FILE_STORAGE", "local") == "s3"


def follow_seconds() -> float:
    return float(getattr(settings, "LANDSCAPE_FOLLOW_SECONDS", 5))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def local_files(root: Path) -> list[str]:
    """The store's files that make it up (not its locks, scratch files or this module's own)."""
    names = ["manifest.json"] if (root / "manifest.json").is_file() else []
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            names += sorted(
                p.relative_to(root).as_posix()
                for p in base.rglob("*")
                if p.is_file() and not p.name.endswith((".tmp", ".lock")) and not p.name.startswith(".")
            )
    return names


def fingerprint(files: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(files.items())).encode()).hexdigest()


def held(root: Path) -> dict:
    try:
        return dict(json.loads((root / HELD).read_text()))
    except (FileNotFoundError, ValueError):
        return {"fingerprint": "", "files": {}}


def _hold(root: Path, files: dict[str, str]) -> str:
    printed = fingerprint(files)
    tmp = root / (HELD + ".tmp")
    tmp.write_text(json.dumps({"fingerprint": printed, "files": files}))
    os.replace(tmp, root / HELD)
    return printed


def publish(root: Path) -> str:
    """Send this node's store to the object store (new contents only) and make it the current
    one; returns its fingerprint. The caller holds the store's sync lock."""
    files = {name: _sha256(root / name) for name in local_files(root)}
    for name, sha in files.items():
        key = f"{PREFIX}/objects/{sha}"
        if not default_storage.exists(key):
            with (root / name).open("rb") as f:
                default_storage.save(key, File(f, name=key))
    printed = fingerprint(files)
    document = json.dumps({"fingerprint": printed, "files": files}, indent=1).encode()
    # Replaced, not overwritten in place (the storage never overwrites): a follower that looks
    # in between finds no CURRENT.json and keeps what it has.
    default_storage.delete(CURRENT)
    default_storage.save(CURRENT, ContentFile(document))
    _hold(root, files)
    log.info("landscape store %s published (%d files)", printed[:12], len(files))
    return printed


def current() -> dict | None:
    """The object store's CURRENT.json, or None when nothing was published yet."""
    try:
        with default_storage.open(CURRENT, "rb") as f:
            return dict(json.loads(f.read()))
    except (FileNotFoundError, OSError, ValueError):
        return None


def follow(root: Path, *, force: bool = False) -> bool:
    """Bring the local folder to the published store when it differs; True when files changed.
    Looks at most once every ``follow_seconds()`` unless forced. The caller holds the store's
    sync lock."""
    now = time.monotonic()
    if not force and now - _last_follow.get(root, -math.inf) < follow_seconds():
        return False
    _last_follow[root] = now
    published = current()
    if published is None or published["fingerprint"] == held(root)["fingerprint"]:
        return False
    files: dict[str, str] = published["files"]
    have = held(root)["files"]
    incoming = root / INCOMING
    shutil.rmtree(incoming, ignore_errors=True)
    wanted = [n for n, sha in files.items() if have.get(n) != sha or not (root / n).is_file()]
    for name in wanted:
        target = incoming / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(f"{PREFIX}/objects/{files[name]}", "rb") as src, target.open("wb") as out:
            shutil.copyfileobj(src, out, CHUNK)
        if _sha256(target) != files[name]:
            shutil.rmtree(incoming, ignore_errors=True)
            raise OSError(f"landscape object for {name} does not match its hash")
    last = ("fts/meta.json", "manifest.json")
    for name in sorted(wanted, key=lambda n: last.index(n) + 1 if n in last else 0):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(incoming / name, root / name)
    for name in local_files(root):
        if name not in files:
            (root / name).unlink(missing_ok=True)
    shutil.rmtree(incoming, ignore_errors=True)
    _hold(root, files)
    log.info("landscape store %s taken from the object store (%d files)", published["fingerprint"][:12], len(wanted))
    return True
