"""Write what a figure shows into the PNG itself, so tests compare figures by content, not pixels.

Loaded by sitecustomize.py when SNIPPET_FIGURE_DATA is set (the snippet runner sets it, and so
the committed figures, written by scripts/update_outputs.py, carry it too). When a matplotlib
Figure is saved as PNG, a text chunk "Plot data" is added with, for each Axes: its title and axis
labels and scales, the legend's entries, every line (label, colour, marker, x and y values),
every scatter (points and colours), every filled contour (its levels and the area each level
covers), every image (its array) and every text placed on the axes. Pixels depend on the
machine's font rendering and antialiasing; these do not.
"""

import json

from after_import import when_imported

KEY = "Plot data"


def _area(path) -> float:
    """Area enclosed by a path's polygons (shoelace formula), holes subtracted by orientation."""
    import numpy as np

    total = 0.0
    for polygon in path.to_polygons(closed_only=False):
        x, y = polygon[:, 0], polygon[:, 1]
        total += 0.5 * float((x * np.roll(y, -1) - y * np.roll(x, -1)).sum())
    return abs(total)


def _values(array) -> list:
    import numpy as np

    return np.round(np.asarray(array, dtype=float), 6).tolist()


def _is_word(label: str) -> bool:
    return not label.startswith("$") and any(c.isalpha() for c in label)


def describe(figure) -> dict:
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex
    from matplotlib.contour import ContourSet

    axes = []
    for ax in figure.axes:
        legend = ax.get_legend()
        entry = {
            "title": ax.get_title(),
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(),
            "scales": [ax.get_xscale(), ax.get_yscale()],
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
            "lines": [
                {
                    "label": line.get_label(),
                    "colour": to_hex(line.get_color()),
                    "marker": str(line.get_marker()),
                    "x": _values(line.get_xdata()),
                    "y": _values(line.get_ydata()),
                }  # fmt: skip
                for line in ax.get_lines()
            ],
            "scatters": [
                {
                    "label": c.get_label(),
                    "points": _values(c.get_offsets()),
                    "colours": [to_hex(f) for f in c.get_facecolors()],
                }  # fmt: skip
                for c in ax.collections
                if isinstance(c, PathCollection)
            ],
            "contours": [
                {
                    "levels": _values(c.levels),
                    "areas": [round(_area(p), 4) for p in c.get_paths()],
                }  # fmt: skip
                for c in ax.collections
                if isinstance(c, ContourSet)
            ],
            "images": [_values(im.get_array()) for im in ax.get_images()],
            "texts": [[*map(float, t.get_position()), t.get_text()] for t in ax.texts],
            # tick labels that are words (class names, source words); numeric ones follow the data
            "tick words": [
                [t.get_text() for t in ticks if _is_word(t.get_text())]
                for ticks in (ax.get_xticklabels(), ax.get_yticklabels())
            ],  # fmt: skip
        }
        axes.append(entry)
    width, height = figure.get_size_inches()
    return {"size": [round(float(width), 3), round(float(height), 3)], "axes": axes}


def _patch(module) -> None:
    figure = module.Figure
    original = figure.savefig

    def savefig(self, fname, *args, **kwargs):
        name = str(fname)
        if kwargs.get("format", name.rsplit(".", 1)[-1]).lower() == "png":
            self.draw_without_rendering()  # lays out the axes: tick labels get their text
            metadata = dict(kwargs.get("metadata") or {})
            metadata[KEY] = json.dumps(describe(self), ensure_ascii=True)
            kwargs["metadata"] = metadata
        return original(self, fname, *args, **kwargs)

    figure.savefig = savefig


when_imported("matplotlib.figure", _patch)
