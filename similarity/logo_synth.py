"""Generated logos (no real brand's): a few coloured shapes on a white square, drawn with
Pillow from a seed, and the changes a look-alike makes to one (scaled, recoloured, cut a
little). The demo, the tests and bench/logo_search.py draw from here."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageOps

SIZE = 256


def draw_logo(seed: int, size: int = SIZE) -> Image.Image:
    """A logo of 2-4 shapes in one or two colours on white; the same seed draws the same logo."""
    rng = random.Random(seed)
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    colours = [tuple(rng.randrange(0, 200) for _ in range(3)) for _ in range(2)]
    for _ in range(rng.randint(2, 4)):
        colour = rng.choice(colours)
        x0, y0 = rng.randrange(16, size // 2), rng.randrange(16, size // 2)
        x1, y1 = rng.randrange(x0 + 30, size - 8), rng.randrange(y0 + 30, size - 8)
        kind = rng.choice(("ellipse", "rectangle", "polygon", "ring", "bar"))
        if kind == "ellipse":
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif kind == "rectangle":
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        elif kind == "ring":
            draw.ellipse((x0, y0, x1, y1), outline=colour, width=rng.randint(8, 20))
        elif kind == "bar":
            draw.line((x0, y0, x1, y1), fill=colour, width=rng.randint(10, 24))
        else:
            points = [(rng.randrange(8, size - 8), rng.randrange(8, size - 8)) for _ in range(rng.randint(3, 5))]
            draw.polygon(points, fill=colour)
    return image


def scaled(image: Image.Image, factor: float) -> Image.Image:
    w, h = image.size
    return image.resize((max(8, round(w * factor)), max(8, round(h * factor))), Image.Resampling.LANCZOS)


def recoloured(image: Image.Image, dark: str = "#1f4e9c", light: str = "#fffbe6") -> Image.Image:
    """The same drawing in other colours (a dark blue on cream by default)."""
    return ImageOps.colorize(image.convert("L"), black=dark, white=light)


def cropped(image: Image.Image, share: float = 0.06) -> Image.Image:
    """Cut ``share`` of the width and height off, unevenly (more on the left and top)."""
    w, h = image.size
    left, top = round(w * share * 0.7), round(h * share * 0.7)
    right, bottom = w - round(w * share * 0.3), h - round(h * share * 0.3)
    return image.crop((left, top, right, bottom))


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
