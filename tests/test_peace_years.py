"""Peace years (Beck, Katz and Tucker 1998) and their cubic and spline terms (Carter and Signorino 2010)."""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.peace_years import add_peace_years, peace_year_splines


def dyad_years(rows):
    """Sorted frame from (ccode1, ccode2, year, mid_onset) tuples; ``None`` onset is missing."""
    out = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", "mid_onset"])
    out = out.astype({"ccode1": "int16", "ccode2": "int16", "year": "int16", "mid_onset": "Int8"})
    return out.sort_values(["ccode1", "ccode2", "year"], ignore_index=True)


TWO_EVENTS = [(2, 20, 1990 + i, e) for i, e in enumerate([0, 0, 1, 1, 0, 0, 0, 1])]
GAP = [(2, 30, y, e) for y, e in [(1990, 0), (1991, 1), (1992, 0), (1995, 0), (1996, 0), (1997, 0)]]
MISSING_FIRST = [(2, 40, 1990 + i, e) for i, e in enumerate([None, 0, 0, 1])]


def test_two_events_and_consecutive_events():
    out = add_peace_years(dyad_years(TWO_EVENTS))
    # Onsets in 1992, 1993 and 1997. 1990 starts the dyad (0); 1992, an onset year, counts the
    # two years since the start; 1993 follows an onset (0) and is one itself; 1994 follows one (0);
    # then 1, 2, and the 1997 onset year counts 3.
    assert out["peace_years"].tolist() == [0, 1, 2, 0, 0, 1, 2, 3]
    assert str(out["peace_years"].dtype) == "Int16"


def test_gap_restarts_the_count():
    out = add_peace_years(dyad_years(GAP))
    # 1990 start 0; 1991 onset 1; 1992 after it 0; 1993-94 absent, so 1995 restarts at 0.
    assert out["peace_years"].tolist() == [0, 1, 0, 0, 1, 2]


def test_missing_event_is_missing_and_restarts_the_count():
    out = add_peace_years(dyad_years(MISSING_FIRST + TWO_EVENTS[:2]))
    # (2, 20) sorts before (2, 40): (2, 20) 0, 1; (2, 40) missing in 1990, then 0, 1, 2.
    assert out["peace_years"].tolist() == [0, 1, pd.NA, 0, 1, 2]


def test_first_year_starts_the_clock():
    out = add_peace_years(dyad_years(TWO_EVENTS), first_year=1991)
    # 1990 is before the clock starts: missing; 1991 0, 1992 (onset) 1, then as without first_year.
    assert out["peace_years"].tolist() == [pd.NA, 0, 1, 0, 0, 1, 2, 3]


def test_other_event_column_and_rows_unchanged():
    dyads = dyad_years(GAP + TWO_EVENTS)
    dyads["fatal"] = dyads["mid_onset"].astype("int8") * 0
    out = add_peace_years(dyads, event="fatal")
    pd.testing.assert_frame_equal(out.drop(columns="peace_years"), dyads)
    # No event at all: years since each dyad's first year, restarting at the 1995 gap.
    assert out["peace_years"].tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 0, 1, 2]


def test_unsorted_frame_is_rejected():
    with pytest.raises(ValueError, match="sorted"):
        add_peace_years(dyad_years(TWO_EVENTS).iloc[::-1])


def test_cubic_terms_and_spline_values():
    t = pd.Series(pd.array([0, 3, 5, 8, 10, None], dtype="Int16"), index=list("abcdef"))
    out = peace_year_splines(t, boundary=(0, 10))
    assert list(out.columns) == [
        "peace_years2", "peace_years3", "peace_spline1", "peace_spline2", "peace_spline3",
    ]  # fmt: skip
    assert out.index.tolist() == list("abcdef")
    np.testing.assert_array_equal(out["peace_years2"], [0, 9, 25, 64, 100, np.nan])
    np.testing.assert_array_equal(out["peace_years3"], [0, 27, 125, 512, 1000, np.nan])
    # Knots κ = 0, 1, 4, 7, 10; s_j = [(t-κ_j)³₊ - (t-7)³₊ (10-κ_j)/3 + (t-10)³₊ (7-κ_j)/3] / 10².
    # t = 5: 5³, 4³, 1³ over 100. t = 8: (512 - 10/3), (343 - 9/3), (64 - 6/3) over 100.
    # t = 10: (1000 - 27·10/3), (729 - 27·9/3), (216 - 27·6/3) over 100.
    expected = np.array(
        [[0, 0, 0], [0.27, 0.08, 0], [1.25, 0.64, 0.01], [5.0866667, 3.40, 0.62], [9.10, 6.48, 1.62]]
    )
    np.testing.assert_allclose(out.iloc[:5, 2:].to_numpy(), expected, rtol=1e-7)
    assert out.iloc[5].isna().all()


def test_spline_is_linear_beyond_the_boundary_knots():
    t = pd.Series(np.arange(10, 16), dtype="Int16")
    out = peace_year_splines(t, boundary=(0, 10))
    # s_1 at 10, 11, 12: 910, 1120, 1330 (over 100): slope 2.1 from the last knot on.
    np.testing.assert_allclose(out["peace_spline1"].iloc[:3], [9.1, 11.2, 13.3])
    second_differences = np.diff(out.filter(like="peace_spline").to_numpy(), n=2, axis=0)
    np.testing.assert_allclose(second_differences, 0, atol=1e-9)


def test_default_boundary_is_the_observed_range():
    t = pd.Series([0, 2, 5, 9, 12], dtype="Int16")
    pd.testing.assert_frame_equal(peace_year_splines(t), peace_year_splines(t, boundary=(0, 12)))
    with pytest.raises(ValueError, match="increase"):
        peace_year_splines(pd.Series([0, 3, 6], dtype="Int16"))
