"""Tiny inline-SVG plots for the offline HTML report (no JavaScript, no plotting dependency)."""

from __future__ import annotations

import datetime as _dt
import html
import math
from collections.abc import Sequence


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def histogram(counts: Sequence[int], edges: Sequence[float], *, width: int = 640, height: int = 200,
              log_y: bool = True, marks: Sequence[tuple[float, str]] = (), x_label: str = "",
              colours: Sequence[str] | None = None) -> str:
    """Bar chart of ``counts`` over bins ``edges`` (len(edges) == len(counts) + 1) with vertical marks."""
    pad_l, pad_b, pad_t = 48, 34, 10
    w, h = width - pad_l - 10, height - pad_b - pad_t
    lo, hi = edges[0], edges[-1]
    span = (hi - lo) or 1.0

    def y_of(c: int) -> float:
        top = max(counts) if counts else 1
        if log_y:
            return h * (math.log10(c + 1) / math.log10(top + 1)) if top else 0.0
        return h * c / top if top else 0.0

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, c in enumerate(counts):
        x0 = pad_l + w * (edges[i] - lo) / span
        x1 = pad_l + w * (edges[i + 1] - lo) / span
        bh = y_of(c)
        colour = colours[i] if colours else "#4c78a8"
        parts.append(f'<rect x="{x0:.1f}" y="{pad_t + h - bh:.1f}" width="{max(x1 - x0 - 1, 1):.1f}" '
                     f'height="{bh:.1f}" fill="{colour}"><title>{c} accounts in [{edges[i]:.2f}, '
                     f'{edges[i + 1]:.2f})</title></rect>')
    for x, label in marks:
        px = pad_l + w * (x - lo) / span
        parts.append(f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{pad_t}" y2="{pad_t + h}" stroke="#d62728" '
                     f'stroke-dasharray="4 3"/><text x="{px + 3:.1f}" y="{pad_t + 12}" font-size="11" '
                     f'fill="#d62728">{_esc(label)}</text>')
    parts.append(f'<line x1="{pad_l}" x2="{pad_l + w}" y1="{pad_t + h}" y2="{pad_t + h}" stroke="#333"/>')
    for k in range(6):
        v = lo + span * k / 5
        px = pad_l + w * k / 5
        parts.append(f'<text x="{px:.1f}" y="{pad_t + h + 14}" font-size="10" text-anchor="middle">{v:.1f}</text>')
    parts.append(f'<text x="{pad_l + w / 2:.1f}" y="{height - 4}" font-size="11" text-anchor="middle">'
                 f'{_esc(x_label)}</text>')
    top = max(counts) if counts else 0
    parts.append(f'<text x="4" y="{pad_t + 10}" font-size="10">{top}</text>'
                 f'<text x="4" y="{pad_t + h}" font-size="10">0</text>')
    parts.append(f'<text x="4" y="{pad_t + h / 2:.0f}" font-size="10">{"log" if log_y else ""}</text></svg>')
    return "".join(parts)


def timeline(counts: Sequence[int], *, start_hour: int | None = None, width: int = 640, height: int = 60,
             colour: str = "#4c78a8") -> str:
    """Hourly activity strip: one bar per hour, day boundaries as light lines.

    ``start_hour`` is the first bar's hour since the Unix epoch (UTC). With it the day lines fall on UTC
    midnights and carry the date below the strip (every day, or every few days when they would crowd);
    without it they are drawn every 24 bars from the first.
    """
    n = max(len(counts), 1)
    top = max(counts) if counts else 1
    bw = width / n
    axis = 12 if start_hour is not None else 0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + axis}" role="img">',
             f'<rect width="{width}" height="{height}" fill="#fafafa"/>']
    first = (-start_hour) % 24 if start_hour is not None else 0
    every = max(1, math.ceil(36 / (24 * bw)))  # days between date labels: at least 36 px apart
    for k, d in enumerate(range(first, n, 24)):
        parts.append(f'<line x1="{d * bw:.1f}" x2="{d * bw:.1f}" y1="0" y2="{height}" stroke="#ddd"/>')
        if start_hour is not None and k % every == 0 and d * bw <= width - 30:
            day = _dt.datetime.fromtimestamp((start_hour + d) * 3600, _dt.UTC)
            parts.append(f'<text x="{d * bw + 2:.1f}" y="{height + axis - 2}" font-size="9" fill="#666">'
                         f'{day:%m-%d}</text>')
    for i, c in enumerate(counts):
        if c:
            bh = (height - 4) * c / top
            parts.append(f'<rect x="{i * bw:.2f}" y="{height - bh:.1f}" width="{max(bw, 0.6):.2f}" '
                         f'height="{bh:.1f}" fill="{colour}"/>')
    parts.append(f'<text x="{width - 4}" y="11" font-size="10" text-anchor="end">peak {top}/h</text></svg>')
    return "".join(parts)


def bars(items: Sequence[tuple[str, float]], *, width: int = 520, bar_h: int = 16, colour: str = "#72b7b2",
         label_chars: int = 32) -> str:
    """Horizontal bars (label, value in [0, 1]); a label longer than ``label_chars`` ends in an ellipsis."""
    height = bar_h * len(items) + 4
    label_w = 7 * label_chars + 12  # 11 px text: at most about 7 px a character (digits, hex)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    for i, (label, v) in enumerate(items):
        y = i * bar_h + 2
        shown = label if len(label) <= label_chars else label[: label_chars - 1] + "\u2026"
        parts.append(f'<text x="{label_w - 4}" y="{y + bar_h - 4}" font-size="11" text-anchor="end">'
                     f'<title>{_esc(label)}</title>{_esc(shown)}</text>'
                     f'<rect x="{label_w}" y="{y}" width="{(width - label_w - 40) * max(min(v, 1), 0):.1f}" '
                     f'height="{bar_h - 3}" fill="{colour}"/>'
                     f'<text x="{width - 36}" y="{y + bar_h - 4}" font-size="10">{v:.0%}</text>')
    parts.append("</svg>")
    return "".join(parts)
