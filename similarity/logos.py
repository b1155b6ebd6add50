"""Logo search: a mark's image is found again when it comes back scaled, recoloured or cropped
a little, by perceptual hashes (imagehash over Pillow) and a Hamming scan over all of them.

Each image is first brought to a common form: transparency flattened onto white, cut to the
bounding box of what differs from its background (so a logo set on a bigger canvas or with a
wider margin hashes the same), grey, contrast stretched (so a red logo and the same logo in blue
or pale yellow hash the same). Then four 64-bit hashes: the pHash (DCT) and dHash (gradient) of
the whole and the pHash of its centre 90% and 80%. A query is compared with every stored image
by the smallest pHash distance over the pairs whole/whole, whole/centre and centre/whole, so a
query cut a little from a stored logo (or a stored logo cut from the query) still lands close.
The thresholds were chosen on generated logos (bench/logo_search.py prints the figures).
"""

from __future__ import annotations

import io
import threading
import time
import warnings
from dataclasses import dataclass
from typing import IO

import imagehash
import numpy as np
from django.core.cache import cache
from django.db.models import Max
from django.utils.translation import gettext as _
from PIL import Image, ImageChops, ImageFile, ImageOps, UnidentifiedImageError

from similarity.models import MarkImageHash

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 16_000_000
ALLOWED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF", "WEBP": "WebP", "BMP": "BMP"}
# Largest distances (of 64 bits) still listed as a look-alike: the pHash distance (smallest over
# whole/centre pairs) and the dHash distance of the whole. On 2,000 generated logos, 598 of 600
# near-duplicates (scaled, recoloured, cut 8%, all three) fall within both, and about 1 in
# 24,000 unrelated pairs does (bench/logo_search.py; docs/performance.md).
MAX_DISTANCE = 10
MAX_DHASH_DISTANCE = 16
CROPS = (0.9, 0.8)


class BadImage(ValueError):
    """An upload that is not an image this search reads; the message says what to do."""


@dataclass(frozen=True)
class LogoHashes:
    phash: int
    dhash: int
    phash_crop90: int
    phash_crop80: int


def _signed(value: imagehash.ImageHash) -> int:
    """A 64-bit hash as the signed int64 the database stores."""
    unsigned = int(str(value), 16)
    return unsigned - (1 << 64) if unsigned >= 1 << 63 else unsigned


def _normalised(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    rgb = image.convert("RGB")
    background = Image.new("RGB", rgb.size, rgb.getpixel((0, 0)))
    diff = ImageChops.difference(rgb, background).convert("L").point(lambda v: 255 if v > 24 else 0)
    box = diff.getbbox()
    if box and (box[2] - box[0]) >= 8 and (box[3] - box[1]) >= 8:
        rgb = rgb.crop(box)
    return ImageOps.autocontrast(rgb.convert("L"))


def _centre(image: Image.Image, share: float) -> Image.Image:
    w, h = image.size
    dx, dy = round(w * (1 - share) / 2), round(h * (1 - share) / 2)
    return image.crop((dx, dy, w - dx, h - dy))


def hash_image(image: Image.Image) -> LogoHashes:
    gray = _normalised(image)
    return LogoHashes(
        phash=_signed(imagehash.phash(gray)),
        dhash=_signed(imagehash.dhash(gray)),
        phash_crop90=_signed(imagehash.phash(_centre(gray, CROPS[0]))),
        phash_crop80=_signed(imagehash.phash(_centre(gray, CROPS[1]))),
    )


def _load_whole(image: Image.Image) -> None:
    """Decode every pixel, refusing a cut-off file. WeasyPrint sets Pillow's process-wide
    ``LOAD_TRUNCATED_IMAGES`` when it is imported (for its own PDFs), which would let a truncated
    upload through with its missing part painted grey; it is off while a mark's image loads."""
    allowed = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = allowed


def open_image(data: bytes) -> Image.Image:
    """The image in ``data``, fully decoded, or BadImage saying why not."""
    if not data:
        raise BadImage(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise BadImage(_("The image is larger than %(mb)d MB: send a smaller one.") % {"mb": MAX_UPLOAD_BYTES >> 20})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise BadImage(
                    _("Send a PNG, JPEG, GIF, WebP or BMP image (this file is %(kind)s).")
                    % {"kind": image.format or "?"}
                )
            if image.width * image.height > MAX_PIXELS:
                raise BadImage(_("The image has too many pixels: at most %(n)d million.") % {"n": MAX_PIXELS // 10**6})
            _load_whole(image)
    except BadImage:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(_("This file is not an image: send a PNG, JPEG, GIF, WebP or BMP image.")) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise BadImage(_("The image is damaged or cut off: save it again and send it once more.")) from None
    if image.width < 8 or image.height < 8:
        raise BadImage(_("The image is too small: at least 8 by 8 pixels."))
    return image


def hash_file(fileobj: IO[bytes]) -> LogoHashes:
    """Hash a stored image file (a mark's ``image``)."""
    return hash_image(open_image(fileobj.read()))


# --- the scan ---------------------------------------------------------------------------------


@dataclass
class LogoHit:
    index_id: int
    distance: int
    dhash_distance: int

    @property
    def score(self) -> float:
        """0-100, like the text search: 100 is the same picture."""
        return round(100 * (1 - self.distance / 64), 1)


class HashTable:
    """All stored hashes as numpy columns, scanned whole for one query."""

    def __init__(self, ids: np.ndarray, columns: np.ndarray) -> None:
        self.ids = ids  # int64, (n,)
        self.columns = columns  # uint64, (4, n): phash, dhash, crop90, crop80

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @classmethod
    def from_rows(cls, rows: list[tuple[int, int, int, int, int]]) -> HashTable:
        data = np.array(rows, dtype=np.int64).reshape(-1, 5)
        return cls(data[:, 0].copy(), np.ascontiguousarray(data[:, 1:].T).view(np.uint64))

    def merged(self, rows: list[tuple[int, int, int, int, int]]) -> HashTable:
        """This table with ``rows`` added, a row for an index id already here replacing it."""
        if not rows:
            return self
        extra = HashTable.from_rows(rows)
        keep = ~np.isin(self.ids, extra.ids)
        return HashTable(
            np.concatenate([self.ids[keep], extra.ids]),
            np.ascontiguousarray(np.concatenate([self.columns[:, keep], extra.columns], axis=1)),
        )

    def search(
        self,
        query: LogoHashes,
        limit: int = 20,
        max_distance: int = MAX_DISTANCE,
        max_dhash_distance: int = MAX_DHASH_DISTANCE,
    ) -> list[LogoHit]:
        if not len(self):
            return []

        def u(value: int) -> np.uint64:
            return np.uint64(value & ((1 << 64) - 1))

        phash, dhash, crop90, crop80 = self.columns
        qp, q90, q80 = u(query.phash), u(query.phash_crop90), u(query.phash_crop80)
        distance = np.bitwise_count(phash ^ qp)
        for stored, asked in ((crop90, qp), (crop80, qp), (phash, q90), (phash, q80)):
            np.minimum(distance, np.bitwise_count(stored ^ asked), out=distance)
        close = np.flatnonzero(distance <= max_distance)
        ddist = np.bitwise_count(dhash[close] ^ u(query.dhash))
        keep = ddist <= max_dhash_distance
        close, ddist = close[keep], ddist[keep]
        order = np.lexsort((ddist, distance[close]))
        return [LogoHit(int(self.ids[close[i]]), int(distance[close[i]]), int(ddist[i])) for i in order[:limit]]


_cache: dict[str, tuple[float, object, int, HashTable]] = {}
_cache_lock = threading.Lock()
COLUMNS = ("index_id", "phash", "dhash", "phash_crop90", "phash_crop80")
# Deletions are counted in the shared cache (Redis in production); a process whose cache is its
# own memory sees another process's deletions at the latest when its table is this old.
DELETIONS_KEY = "similarity:logo-hash-deletions"
RELOAD_SECONDS = 600


def _deletions() -> int:
    return int(cache.get(DELETIONS_KEY, 0))


def _count_deletion() -> None:
    cache.add(DELETIONS_KEY, 0, timeout=None)
    try:
        cache.incr(DELETIONS_KEY)
    except ValueError:  # expired between add and incr
        cache.set(DELETIONS_KEY, 1, timeout=None)


def forget() -> None:
    """Drop this process's table (tests roll the database back under it)."""
    with _cache_lock:
        _cache.clear()


def table() -> HashTable:
    """This process's table of every stored hash. One indexed query per search (the latest
    write) checks it is current: hashes written since are merged in, without reading the whole
    table again; a deletion (or an age of ``RELOAD_SECONDS``) makes it read everything again."""
    last = MarkImageHash.objects.aggregate(last=Max("updated_at"))["last"]
    deletions = _deletions()
    with _cache_lock:
        cached = _cache.get("table")
    fresh = cached is not None and cached[2] == deletions and time.monotonic() - cached[0] < RELOAD_SECONDS
    if cached is not None and fresh and cached[1] == last:
        return cached[3]
    if cached is not None and fresh and cached[1] is not None:
        changed = list(MarkImageHash.objects.filter(updated_at__gt=cached[1]).values_list(*COLUMNS))
        loaded = cached[3].merged(changed)
        loaded_at = cached[0]
    else:
        loaded = HashTable.from_rows(list(MarkImageHash.objects.values_list(*COLUMNS)))
        loaded_at = time.monotonic()
    with _cache_lock:
        _cache["table"] = (loaded_at, last, deletions, loaded)
    return loaded


# --- keeping the hashes ------------------------------------------------------------------------


def _image_of(index_id: int):
    """The stored image field of the mark with this index id, or None."""
    from portfolio.models import Trademark
    from similarity.index import CORPUS_ID_OFFSET
    from similarity.models import CorpusMark

    mark: CorpusMark | Trademark | None
    if index_id >= CORPUS_ID_OFFSET:
        mark = CorpusMark.objects.filter(pk=index_id - CORPUS_ID_OFFSET).only("image").first()
    else:
        mark = Trademark.objects.filter(pk=index_id).only("image").first()
    return mark.image if mark is not None and mark.image else None


def refresh(index_ids: list[int]) -> int:
    """Hash the images of these marks afresh (drop the hashes of marks without one, or whose
    file cannot be read). Derived data, like the text index: no audit. Returns hashes written."""
    written = 0
    for index_id in index_ids:
        field = _image_of(index_id)
        hashes = None
        if field is not None:
            try:
                with field.open("rb") as fh:
                    hashes = hash_file(fh)
            except (BadImage, OSError):
                hashes = None
        if hashes is None:
            if MarkImageHash.objects.filter(index_id=index_id).delete()[0]:
                _count_deletion()
            continue
        MarkImageHash.objects.update_or_create(index_id=index_id, defaults=vars(hashes))
        written += 1
    return written


def rebuild() -> int:
    """Hash every mark image again (``build_mark_index`` runs it)."""
    from portfolio.models import Trademark
    from similarity.index import corpus_index_id, trademark_index_id
    from similarity.models import CorpusMark

    ids = [trademark_index_id(pk) for pk in Trademark.objects.exclude(image="").values_list("pk", flat=True)]
    ids += [corpus_index_id(pk) for pk in CorpusMark.objects.exclude(image="").values_list("pk", flat=True)]
    if MarkImageHash.objects.exclude(index_id__in=ids).delete()[0]:
        _count_deletion()
    return refresh(ids)
