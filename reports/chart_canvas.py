"""Two surfaces a chart is drawn on with the same calls: SVG text for the HTML report and a PNG
(Pillow) for the Word report. A chart is a few dozen rectangles, lines and labels; drawing them
directly takes milliseconds, where a plotting library's layout took half a second a chart."""

from __future__ import annotations

import io
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

FONT_FAMILY = "Arial, 'Liberation Sans', 'Helvetica Neue', sans-serif"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


@cache
def _font(size: int) -> FreeTypeFont | ImageFont:
    """Pillow's own scalable font (Aileron, built in since Pillow 10.1): the same on every
    machine, no font file to find."""
    from PIL import ImageFont

    return ImageFont.load_default(size)


def text_width(text: str, size: int) -> float:
    """How wide `text` is at `size` pixels, measured with the PNG's font (about as wide as
    Arial, which the SVG asks for)."""
    return float(_font(size).getlength(text))


class Canvas(Protocol):
    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None: ...
    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float) -> None: ...  # fmt: skip
    def polyline(self, points: list[tuple[float, float]], stroke: str, width: float) -> None: ...  # fmt: skip
    def circle(self, x: float, y: float, radius: float, fill: str) -> None: ...
    def text(self, x: float, y: float, words: str, *, size: int, anchor: str = "start", bold: bool = False) -> None: ...  # fmt: skip


class SvgCanvas:
    """Collects SVG elements; `svg()` gives the element, hidden from screen readers (the table
    beside it says the same) and scaled to the page width."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.parts: list[str] = []

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0):.1f}" '
            f'height="{max(height, 0):.1f}" fill="{fill}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float) -> None:
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{stroke}" stroke-width="{width}"/>'
        )

    def polyline(self, points: list[tuple[float, float]], stroke: str, width: float) -> None:
        joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(
            f'<polyline points="{joined}" fill="none" stroke="{stroke}" stroke-width="{width}"/>'
        )

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        self.parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius}" fill="{fill}"/>')

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        size: int,
        anchor: str = "start",
        bold: bool = False,
    ) -> None:
        weight = ' font-weight="bold"' if bold else ""  # the PNG's font has no bold
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"'
            f"{weight}>{escape(words)}</text>"
        )

    def svg(self) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" focusable="false" '
            f'class="heard-chart" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
            f'width="{self.width:.0f}" height="{self.height:.0f}" '
            f'font-family="{escape(FONT_FAMILY)}" fill="{TEXT}">' + "".join(self.parts) + "</svg>"
        )


class PngCanvas:
    """Draws with Pillow at `scale` times the size, for a sharp image in Word."""

    def __init__(self, width: float, height: float, *, scale: int = 2) -> None:
        from PIL import Image, ImageDraw

        self.scale = scale
        self.image = Image.new("RGB", (int(width * scale), int(height * scale)), "white")
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, y * self.scale

    def rect(self, x: float, y: float, width: float, height: float, fill: str) -> None:
        if width <= 0 or height <= 0:
            return
        self.draw.rectangle([*self._xy(x, y), *self._xy(x + width, y + height)], fill=fill)

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float) -> None:
        self.draw.line(
            [*self._xy(x1, y1), *self._xy(x2, y2)],
            fill=stroke,
            width=max(1, round(width * self.scale)),
        )

    def polyline(self, points: list[tuple[float, float]], stroke: str, width: float) -> None:
        self.draw.line(
            [self._xy(x, y) for x, y in points],
            fill=stroke,
            width=max(1, round(width * self.scale)),
            joint="curve",
        )

    def circle(self, x: float, y: float, radius: float, fill: str) -> None:
        cx, cy = self._xy(x, y)
        r = radius * self.scale
        self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        size: int,
        anchor: str = "start",
        bold: bool = False,
    ) -> None:
        # SVG places text by its baseline; Pillow's "ls"/"ms"/"rs" anchors do the same.
        where = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
        self.draw.text(
            self._xy(x, y), words, fill=TEXT, font=_font(size * self.scale), anchor=where
        )

    def png(self) -> bytes:
        from PIL import Image

        # A chart has a few colours and their antialiased edges: 64 of them keep it sharp, and
        # the file is a fifteenth of the full-colour one.
        out = io.BytesIO()
        self.image.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(out, format="PNG")
        return out.getvalue()
