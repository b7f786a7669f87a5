"""Generated codebooks: one Markdown table per dataset, from the data and the column registry."""

import pandas as pd


def codebook(frame: pd.DataFrame, title: str, intro: str, columns: dict) -> str:
    """Markdown codebook: column, type, definition, source, years covered, share missing.

    ``columns`` maps each column of ``frame`` to ``(definition, source)``; a column without an
    entry is an error, so the codebook cannot fall behind the data. Coverage is the first and last
    year in which the column has a non-missing value.
    """
    undocumented = [c for c in frame.columns if c not in columns]
    if undocumented:
        raise KeyError(f"codebook '{title}': columns without a definition: {undocumented}")
    missing = frame.isna().mean()
    lines = [
        f"# {title}",
        "",
        intro,
        "",
        f"Rows: {len(frame):,}. Generated from the data; do not edit by hand.",
        "",
        "| column | type | definition | source | years | missing |",
        "|---|---|---|---|---|---|",
    ]
    years = frame["year"] if "year" in frame else None
    for name in frame.columns:
        definition, source = columns[name]
        coverage = "–"
        if years is not None:
            present = years[frame[name].notna()]
            if len(present):
                coverage = f"{int(present.min())}–{int(present.max())}"
        lines.append(
            f"| `{name}` | {frame[name].dtype} | {definition} | {source} | {coverage} | {missing[name]:.1%} |"
        )
    return "\n".join(lines) + "\n"
