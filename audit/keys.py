"""The audit chain's key, held outside the database.

Each event's hash is an HMAC-SHA256 under this key, so someone who can write to the database but
does not hold the key cannot recompute the chain after deleting or editing events. The key comes
from ``AUDIT_KEY`` in the environment, else from the file ``AUDIT_KEY_FILE`` (var/audit_key by
default, made on first use with mode 0600). Keep a copy apart from the database backups: without
it a restored trail can still be read but not verified.
"""

from __future__ import annotations

import functools
import hmac
import os
import secrets
from hashlib import sha256
from pathlib import Path

from django.conf import settings


@functools.cache
def chain_key() -> bytes:
    if os.environ.get("AUDIT_KEY"):
        return os.environ["AUDIT_KEY"].encode()
    path = Path(settings.AUDIT_KEY_FILE)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting at once do not each write a different key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text(encoding="ascii").strip().encode()


def keyed() -> hmac.HMAC:
    """A fresh HMAC-SHA256 under the chain key; ``.copy()`` it per message in bulk loops."""
    return hmac.new(chain_key(), digestmod=sha256)


def mac(message: bytes) -> str:
    digest = keyed()
    digest.update(message)
    return digest.hexdigest()
