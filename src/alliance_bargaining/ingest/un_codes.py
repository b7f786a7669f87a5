"""Map UN General Assembly voting countries to Correlates of War (COW) state codes.

The unvotes package names each voting country and gives its ISO 3166 alpha-2 code. We convert
the ISO2 code with country_converter to a Gleditsch-Ward code (country_converter has no COW
scheme), then correct the states where COW and Gleditsch-Ward codes differ and map historical
states without a current ISO2 code through an explicit table. Voeten's published file, which
carries COW codes, is the cross-check (``crosscheck``).
"""

import logging

import country_converter as coco
import pandas as pd

from alliance_bargaining.errors import InputError

# Historical or ambiguous states, by the country name in unvotes: COW code and why.
UN_COUNTRY_OVERRIDES = {
    "Federal Republic of Germany": 260,  # West Germany 1955-1990 (COW 260); no ISO2 in unvotes
    "German Democratic Republic": 265,  # East Germany 1954-1990 (COW 265); ISO2 DD withdrawn
    "Germany": 255,  # unified Germany from 3 Oct 1990 continues COW 255 (Gleditsch-Ward: 260)
    "Czechoslovakia": 315,  # until 1992; ISO2 CS withdrawn
    "Czechia": 316,  # Czech Republic from 1993 (Gleditsch-Ward 316 is also 315's successor)
    "Yemen Arab Republic": 678,  # North Yemen until May 1990; no ISO2 in unvotes
    "Yemen People's Republic": 680,  # South Yemen until May 1990; ISO2 YD withdrawn
    "Yemen": 679,  # unified Yemen from 1990 (Gleditsch-Ward keeps 678)
    "Yugoslavia": 345,  # Yugoslavia, then Serbia and Montenegro, then Serbia: COW 345 throughout
    "Zanzibar": 511,  # independent Dec 1963 - Apr 1964 (COW 511); no ISO2
    "Vietnam": 816,  # COW 816 is (North, then unified) Vietnam; Gleditsch-Ward 817 is South
    "Kiribati": 946,  # Pacific microstates: COW codes 946/947/955/970 differ from Gleditsch-Ward
    "Tuvalu": 947,
    "Tonga": 955,
    "Nauru": 970,
    # USSR and Russia vote under "Russia" (ISO2 RU), COW 365 throughout: no override needed.
}

# Votes from a date on that belong to another COW state: (country, first date, COW code).
UN_COUNTRY_SUCCESSIONS = [
    # unvotes labels the votes of unified Germany in late 1990 (session 45) "Federal Republic
    # of Germany"; COW 260 ends on 2 Oct 1990 and unified Germany (255) starts on 3 Oct 1990.
    ("Federal Republic of Germany", "1990-10-03", 255),
]


def to_ccode(country: pd.Series, iso2: pd.Series, date: pd.Series) -> pd.Series:
    """COW code per row from the unvotes country name, ISO2 code and vote date.

    Name overrides win over country_converter; dated successions win over both. Raises
    InputError naming the first country with no mapping.
    """
    pairs = pd.DataFrame({"country": country.astype("string"), "iso2": iso2.astype("string")})
    distinct = pairs.drop_duplicates().reset_index(drop=True)
    gw = _iso2_to_gw(distinct["iso2"])
    distinct["ccode"] = distinct["country"].map(UN_COUNTRY_OVERRIDES).astype("Float64").fillna(gw)
    unmapped = distinct[distinct["ccode"].isna()]
    if len(unmapped):
        row = unmapped.iloc[0]
        raise InputError(
            f"column 'country': no COW code for UN country '{row['country']}' (ISO2 '{row['iso2']}'): "
            f"expected a country_converter ISO2 match or an entry in UN_COUNTRY_OVERRIDES "
            f"({len(unmapped)} unmapped)"
        )
    merged = pairs.merge(distinct, on=["country", "iso2"], how="left", validate="many_to_one")
    ccode = merged["ccode"].set_axis(country.index)
    date = pd.to_datetime(date)
    for name, start, code in UN_COUNTRY_SUCCESSIONS:
        ccode = ccode.mask((country == name) & (date >= pd.Timestamp(start)), code)
    return ccode


def _iso2_to_gw(iso2: pd.Series) -> pd.Series:
    """Gleditsch-Ward codes from ISO2 via country_converter; NA where it knows none."""
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    known = iso2.dropna()
    codes = coco.convert(known.tolist(), src="ISO2", to="GWcode", not_found=None)
    codes = pd.Series(codes if isinstance(codes, list) else [codes], index=known.index)
    return pd.to_numeric(codes, errors="coerce").reindex(iso2.index).astype("Float64")


def crosscheck(un_votes: pd.DataFrame, published: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Agreement between mapped un_votes and Voeten's published file on shared roll calls.

    A (rcid, country) vote agrees when the published file has the same rcid and ccode with the
    same vote (1 yes, 2 abstain, 3 no). Only roll calls present in both files count. Returns a
    summary dict and the mismatching rows.
    """
    shared = un_votes[un_votes["rcid"].isin(published["rcid"].unique())]
    merged = shared.merge(
        published[["rcid", "ccode", "vote"]].rename(columns={"vote": "vote_published"}),
        on=["rcid", "ccode"],
        how="left",
        validate="one_to_one",
    )
    agree = merged["vote"].astype("Int16") == merged["vote_published"].astype("Int16")
    agree = agree.fillna(False).astype(bool)
    mismatches = merged.loc[~agree, ["rcid", "country", "country_code", "ccode", "vote", "vote_published"]]
    summary = {
        "roll_calls_compared": int(shared["rcid"].nunique()),
        "votes_compared": int(len(merged)),
        "votes_agreeing": int(agree.sum()),
        "share_agreeing": float(agree.mean()) if len(merged) else 0.0,
        "mismatches": int((~agree).sum()),
        "countries_mapped": int(un_votes["country"].nunique()),
    }
    return summary, mismatches.reset_index(drop=True)
