"""Material capabilities from the COW National Material Capabilities data (Singer, Bremer and Stuckey
1972; Singer 1987), state-years as bundled in peacesciencer (1816-2022 in the interim table)."""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import add_state_columns


def add_nmc(dyads: pd.DataFrame, nmc: pd.DataFrame) -> pd.DataFrame:
    """Add ``cinc1``, ``cinc2`` (CINC score of each side, missing where NMC has no state-year) and
    ``power_share1 = cinc1 / (cinc1 + cinc2)``, the alliance value w of the design when side 1 is the
    prospective ally and side 2 the rival (missing when either CINC is missing or both are 0), and
    ``log_cinc_ratio = log(stronger CINC / weaker CINC)``, capability preponderance (>= 0; missing
    when either CINC is missing or 0)."""
    out = add_state_columns(dyads, nmc, {"cinc": ("cinc", None)})
    cinc1, cinc2 = out["cinc1"].to_numpy(), out["cinc2"].to_numpy()
    total = cinc1 + cinc2
    share = np.full(len(out), np.nan)
    np.divide(cinc1, total, out=share, where=total > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(share) - np.log1p(-share))
    return out.assign(power_share1=share, log_cinc_ratio=np.where(np.isfinite(ratio), ratio, np.nan))
