"""The charts' colours, markers and hatches: readable on white and by colour-blind readers.

Every colour a chart draws with is declared here. Each has a contrast of at least 3:1 against the white
page (WCAG 2.2 success criterion 1.4.11, "non-text contrast"; ``tests/unit/test_charts_palette.py``
computes the ratios from these tables). Good and bad never differ by hue alone: their lightness differs
by at least 2:1 (a difference every kind of colour blindness keeps, since it removes a hue axis, not
lightness), bad bars carry a hatch, and the chart says the status in words as well (bar labels, legend).
The hues follow Okabe and Ito's colour-blind-safe set (blue, vermilion, reddish purple), darkened where
the original is too light for 3:1.
"""

from __future__ import annotations

from matplotlib.colors import to_rgb

#: The page the charts are drawn on.
BACKGROUND = "#ffffff"

#: Named colours: ``main`` for bars of amounts and counts, ``accent`` for the line drawn against them
#: (quota, moving average), ``secondary`` for a line on a second axis, ``muted`` for context (last
#: year, medians) and ``reference`` for the lines values are read against (100 % of quota, zero).
PALETTE = {
    "main": "#2a6f97",
    "accent": "#c14f00",
    "secondary": "#7b3294",
    "muted": "#5f6b7a",
    "reference": "#1f2933",
}

#: Attainment and position status: at or above target, on the way, far below (or worse than the median).
STATUS_COLOURS = {"good": "#1b4f8a", "near": "#6b7785", "bad": "#d55e00"}
#: The same statuses as fill patterns (matplotlib hatches): the bad ones are striped, so a bar's status
#: shows in a greyscale print and to a reader who cannot tell the hues apart.
STATUS_HATCHES = {"good": "", "near": "", "bad": "///"}

#: One colour and one marker per category of a scatter (a rep's level): never colour alone.
CATEGORY_COLOURS = ("#2a6f97", "#c14f00", "#7b3294", "#3b6e3b", "#5f6b7a", "#8a5a00")
CATEGORY_MARKERS = ("o", "s", "^", "D", "v", "P")

#: Attainment bands, far below quota to well above: vermilion to blue through grey (a diverging scale
#: that stays two-sided for colour-blind readers), the bands below quota hatched.
BAND_COLOURS = ("#a84d00", "#d55e00", "#6b7785", "#3d7ab8", "#1b4f8a")
BAND_HATCHES = ("xx", "///", "", "", "")

#: The colour map of shares (0 to 100 %): cividis, made to read the same with colour blindness and
#: ordered in lightness; each cell is labelled with its value as well.
SHARE_CMAP = "cividis"


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour (0 for black, 1 for white).

    >>> round(relative_luminance("#ffffff"), 3), round(relative_luminance("#000000"), 3)
    (1.0, 0.0)
    """
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str = BACKGROUND) -> float:
    """WCAG 2.2's contrast ratio of two colours, 1 (the same) to 21 (black on white).

    >>> round(contrast_ratio("#000000"), 1), round(contrast_ratio("#e07a5f"), 2)
    (21.0, 2.95)
    """
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def drawing_colours() -> dict[str, str]:
    """Every colour the charts draw with, by a name saying where it is used."""
    named = {f"palette.{k}": v for k, v in PALETTE.items()}
    named |= {f"status.{k}": v for k, v in STATUS_COLOURS.items()}
    named |= {f"category.{i}": v for i, v in enumerate(CATEGORY_COLOURS)}
    named |= {f"band.{i}": v for i, v in enumerate(BAND_COLOURS)}
    return named
