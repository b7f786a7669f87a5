"""Joint IGO memberships from COW Intergovernmental Organizations 3.0 (Pevehouse et al. 2020), the
non-directed dyad-year table bundled in peacesciencer (1816-2014)."""

import pandas as pd

from alliance_bargaining.panel.keys import nondirected_positions, take


def add_igos(dyads: pd.DataFrame, igo_ndy: pd.DataFrame) -> pd.DataFrame:
    """Add ``joint_igos`` (Int16, number of IGOs both states belong to) to both directions.

    The source lists every dyad-year of its state list, zeros included, so a dyad-year without a row is
    not covered (outside 1816-2014, or a state-year absent from the IGO state list, as in 1990 for the
    German and Yemeni unifications) and stays missing rather than 0.
    """
    return dyads.assign(joint_igos=take(igo_ndy["dyadigos"], nondirected_positions(dyads, igo_ndy)))
