"""Geography controls: COW direct contiguity 3.2 (Stinnett et al. 2002) and minimum distance between
states from CShapes 2.0 (Schvitz et al. 2022), both as bundled in peacesciencer."""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id, nondirected_positions, positions, take

# Sorts after every contiguity type, so that a year's minimum is the closest contiguity observed.
_NOT_CONTIGUOUS = 6


def contiguity_years(contdir: pd.DataFrame) -> pd.DataFrame:
    """Expand directed contiguity spells into directed dyad-years (ccode1, ccode2, year, conttype int8).

    A spell covers every calendar year it touches (the source dates are months). When several spells
    cover a year, typically because the type changed that year, the year takes the closest type: the
    minimum non-zero ``conttype`` (1 land, 2-5 water up to 12, 24, 150, 400 miles), and 0 only when
    every covering spell is a not-contiguous (0) spell. The source lists both directions of each dyad.
    """
    first = contdir["stdate"].dt.year.to_numpy(np.int64)
    span = contdir["enddate"].dt.year.to_numpy(np.int64) - first + 1
    spell = np.repeat(np.arange(len(contdir)), span)
    year = first[spell] + np.arange(len(spell)) - np.repeat(np.cumsum(span) - span, span)
    conttype = contdir["conttype"].to_numpy(np.int64)[spell]
    conttype[conttype == 0] = _NOT_CONTIGUOUS
    ids = dyad_year_id(contdir["ccode1"].to_numpy()[spell], contdir["ccode2"].to_numpy()[spell], year)
    order = np.lexsort((conttype, ids))
    ids, conttype = ids[order], conttype[order]
    closest = np.r_[True, ids[1:] != ids[:-1]]
    ids, conttype = ids[closest], conttype[closest]
    conttype[conttype == _NOT_CONTIGUOUS] = 0
    return pd.DataFrame(
        {
            "ccode1": (ids // 10_000_000).astype(np.int16),
            "ccode2": (ids // 10_000 % 1000).astype(np.int16),
            "year": (ids % 10_000).astype(np.int16),
            "conttype": conttype.astype(np.int8),
        }
    )


def add_contiguity(
    dyads: pd.DataFrame, contdir: pd.DataFrame, first_year: int = 1816, last_year: int = 2016
) -> pd.DataFrame:
    """Add ``conttype`` (Int8: 0 not directly contiguous, 1 land, 2-5 water up to 12/24/150/400 miles) and
    ``contiguous`` (Int8: 1 when conttype is 1-5, the design's control), missing outside the coverage
    ``first_year``-``last_year``; a dyad-year within coverage and in no spell is 0."""
    years = contiguity_years(contdir)
    rows = positions(
        dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"]),
        dyad_year_id(years["ccode1"], years["ccode2"], years["year"]),
    )
    conttype = take(years["conttype"], rows, fill=0)
    uncovered = ~dyads["year"].between(first_year, last_year).to_numpy()
    return dyads.assign(
        conttype=pd.arrays.IntegerArray(conttype, uncovered),
        contiguous=pd.arrays.IntegerArray((conttype > 0).astype(np.int8), uncovered.copy()),
    )


def add_mindist(dyads: pd.DataFrame, mindist: pd.DataFrame) -> pd.DataFrame:
    """Add ``mindist`` (float64, km between the closest points of the two states, CShapes 2.0) from the
    non-directed source to both directions; missing outside 1886-2019 and where CShapes has no polygon
    for a state that year (the source has no row)."""
    return dyads.assign(mindist=take(mindist["mindist"], nondirected_positions(dyads, mindist)))
