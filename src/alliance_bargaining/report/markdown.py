"""A tiny Markdown-to-HTML converter for the codebooks: headers, pipe tables, bullet lists, paragraphs.

Inline: `code`, **bold**, *italic* and [links](url); everything else is escaped text. Enough for
the generated codebooks and notes, not a general Markdown implementation.
"""

import html
import re

HEADER = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?$")
BULLET = re.compile(r"^[-*+]\s+(.*)$")
CODE_SPAN = re.compile(r"`([^`]*)`")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*([^*\s][^*]*?)\*(?![*\w])")
CELL_SPLIT = re.compile(r"(?<!\\)\|")


def _link(match: re.Match) -> str:
    href = match[2].replace('"', "&quot;")
    return f'<a href="{href}">{match[1]}</a>'


def inline(text: str) -> str:
    """Escape ``text`` and render code spans, links, bold and italic."""
    parts = CODE_SPAN.split(text)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"<code>{html.escape(part)}</code>")
            continue
        part = html.escape(part, quote=False)
        part = LINK.sub(_link, part)
        part = BOLD.sub(r"<strong>\1</strong>", part)
        out.append(ITALIC.sub(r"<em>\1</em>", part))
    return "".join(out)


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith(r"\|") else line
    return [cell.strip().replace(r"\|", "|") for cell in CELL_SPLIT.split(line)]


def _table(lines: list[str]) -> str:
    header = _cells(lines[0])
    aligns = []
    for spec in _cells(lines[1]):
        if spec.startswith(":") and spec.endswith(":"):
            aligns.append(' style="text-align:center"')
        elif spec.endswith(":"):
            aligns.append(' style="text-align:right"')
        else:
            aligns.append("")
    aligns += [""] * (len(header) - len(aligns))
    head = "".join(f"<th{a}>{inline(c)}</th>" for c, a in zip(header, aligns, strict=False))
    out = ['<div class="scroll"><table>', f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for line in lines[2:]:
        cells = (_cells(line) + [""] * len(header))[: len(header)]
        out.append(
            "<tr>"
            + "".join(f"<td{a}>{inline(c)}</td>" for c, a in zip(cells, aligns, strict=False))
            + "</tr>"
        )
    out.append("</tbody></table></div>")
    return "\n".join(out)


def _is_table_start(lines: list[str], i: int) -> bool:
    return "|" in lines[i] and i + 1 < len(lines) and bool(TABLE_SEPARATOR.match(lines[i + 1].strip()))


def markdown_to_html(text: str, level_offset: int = 0) -> str:
    """HTML for ``text``; headers move down ``level_offset`` levels (capped at h6) to nest in a page."""
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
        elif match := HEADER.match(stripped):
            level = min(6, len(match[1]) + level_offset)
            out.append(f"<h{level}>{inline(match[2])}</h{level}>")
            i += 1
        elif _is_table_start(lines, i):
            start = i
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                i += 1
            out.append(_table(lines[start:i]))
        elif BULLET.match(stripped):
            items = []
            while i < len(lines) and lines[i].strip():
                match = BULLET.match(lines[i].strip())
                if match:
                    items.append(match[1])
                elif lines[i].startswith((" ", "\t")) and items:
                    items[-1] += " " + lines[i].strip()
                else:
                    break
                i += 1
            out.append("<ul>\n" + "\n".join(f"<li>{inline(item)}</li>" for item in items) + "\n</ul>")
        else:
            paragraph = []
            while i < len(lines) and lines[i].strip():
                line = lines[i].strip()
                if paragraph and (HEADER.match(line) or BULLET.match(line) or _is_table_start(lines, i)):
                    break
                paragraph.append(line)
                i += 1
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
    return "\n".join(out) + "\n"
