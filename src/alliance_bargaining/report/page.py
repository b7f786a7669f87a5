"""The one-page HTML report: inline CSS, PNG figures as base64 data URIs, no external files.

``sections`` is a list, in page order, of dicts ``{"title": str, "blocks": [block, ...]}``; each
section becomes an ``<h2>`` with an entry in the table of contents. A block is a dict with exactly
one content key and an optional ``"caption"``:

- ``{"markdown": str}``: Markdown (``markdown_to_html``; its headers nest below the section's);
- ``{"table": DataFrame}``: rendered by ``frame_to_html`` (e.g. the summary or the case table);
- ``{"html": str}``: a trusted HTML fragment, e.g. ``regression_table(...)["html"]``;
- ``{"figure": path}``: a PNG file (or a ``Paths`` from a figure function), embedded.

A typical report: Summary (table), one section per hypothesis (regression table, coefficient and
marginal-effects figures), Specification curves, Event study, Cases (table), Codebooks (markdown).
"""

import base64
import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .markdown import markdown_to_html
from .tables import fmt_count, fmt_number

CSS = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
nav ol{columns:2;font-size:.9em}
table{border-collapse:collapse;font-size:.85em;margin:.3em 0}
th,td{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #444}
table.regression td{text-align:center}
table.regression th,table.regression td{border-bottom:none}
table.regression thead tr:last-child>*{border-bottom:1px solid #444}
table.regression tr.se td{color:#555;padding-top:0}
table.regression tbody.stats tr:first-child>*{border-top:1px solid #444}
table.regression tfoot td{border-top:2px solid #444;font-size:.9em;color:#555;text-align:left}
tr.mismatch{background:#fde0dc}
figure{margin:1em 0}img{max-width:100%;height:auto}
figcaption{font-size:.85em;color:#555;margin-top:.3em}
.scroll{overflow-x:auto}
code{font-size:.9em;background:#f3f3f3;padding:0 .2em}
""".strip()
BLOCK_KINDS = ("markdown", "table", "html", "figure")


def _cell(value, count: bool) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if pd.isna(value):
        return "–"
    if isinstance(value, float | np.floating):
        return fmt_number(value)
    if count and isinstance(value, int | np.integer):
        return fmt_count(value)
    return html.escape(str(value))


def frame_to_html(frame: pd.DataFrame) -> str:
    """Plain ``<table>`` of a frame: floats to 3 decimals, booleans yes/no, missing "–", counts
    (integer columns named ``n_*``) with thousands separators.

    Rows whose ``match`` column is False (the case table) get the class ``mismatch``.
    """
    counts = [str(c).startswith("n_") for c in frame.columns]
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns) + "</tr></thead>",
        "<tbody>",
    ]
    matches = frame["match"] if "match" in frame.columns else [None] * len(frame)
    for record, match in zip(frame.itertuples(index=False), matches, strict=True):
        css = ' class="mismatch"' if isinstance(match, bool | np.bool_) and not match else ""
        cells = "".join(f"<td>{_cell(v, c)}</td>" for v, c in zip(record, counts, strict=True))
        out.append(f"<tr{css}>{cells}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _image(figure, alt: str) -> str:
    path = Path(getattr(figure, "png", figure))
    if path.suffix.lower() != ".png":
        raise ValueError(f"report figures must be PNG files, got {path}")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(alt or path.stem)}" src="data:image/png;base64,{data}">'


def _block(block: Mapping) -> str:
    kinds = [k for k in block if k in BLOCK_KINDS]
    extra = sorted(set(block) - set(BLOCK_KINDS) - {"caption"})
    if len(kinds) != 1 or extra:
        raise ValueError(
            f"a block needs exactly one of {BLOCK_KINDS} (and optionally 'caption'), got {sorted(block)}"
        )
    kind, content = kinds[0], block[kinds[0]]
    caption = block.get("caption", "")
    if kind == "markdown":
        body = markdown_to_html(content, level_offset=2)
    elif kind == "table":
        body = f'<div class="scroll">{frame_to_html(content)}</div>'
    elif kind == "html":
        body = f'<div class="scroll">{content}</div>'
    else:
        body = _image(content, caption)
    if not caption:
        return body
    return f"<figure>\n{body}\n<figcaption>{html.escape(caption)}</figcaption>\n</figure>"


def report_html(
    sections: Sequence[Mapping], title: str = "Alliance prospects, conflict and concessions: results"
) -> str:
    """The self-contained report page for ``sections`` (structure in the module docstring)."""
    ids = [
        f"s{i}-{re.sub(r'[^a-z0-9]+', '-', s['title'].lower()).strip('-')}" for i, s in enumerate(sections, 1)
    ]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
        "<nav><ol>",
        *(
            f'<li><a href="#{i}">{html.escape(s["title"])}</a></li>'
            for i, s in zip(ids, sections, strict=True)
        ),
        "</ol></nav>",
    ]
    for section_id, section in zip(ids, sections, strict=True):
        out.append(f'<section id="{section_id}">\n<h2>{html.escape(section["title"])}</h2>')
        out += [_block(block) for block in section["blocks"]]
        out.append("</section>")
    out.append("</body>\n</html>")
    return "\n".join(out) + "\n"
