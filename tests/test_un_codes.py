"""UN country to COW code mapping and the cross-check against Voeten's published file."""

import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.un_codes import crosscheck, to_ccode


def test_mapping_of_current_and_historical_states():
    country = pd.Series(
        [
            "United States",
            "Germany",
            "Federal Republic of Germany",
            "Federal Republic of Germany",
            "German Democratic Republic",
            "Yemen Arab Republic",
            "Yemen",
            "Zanzibar",
            "Russia",
            "Namibia",
            "Vietnam",
        ]
    )
    iso2 = pd.Series(["US", "DE", None, None, "DD", None, "YE", None, "RU", "NA", "VN"])
    date = pd.Series(
        [
            "1990-01-01",
            "1991-01-01",
            "1990-10-02",
            "1990-12-01",
            "1980-01-01",
            "1980-01-01",
            "1995-01-01",
            "1963-12-20",
            "1950-01-01",
            "1995-01-01",
            "1980-01-01",
        ]
    )
    assert to_ccode(country, iso2, date).tolist() == [2, 255, 260, 255, 265, 678, 679, 511, 365, 565, 816]


def test_unmapped_country_is_a_one_line_error():
    with pytest.raises(InputError) as err:
        to_ccode(pd.Series(["Atlantis", "Canada"]), pd.Series([None, "CA"]), pd.Series(["1990-01-01"] * 2))
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("column 'country': no COW code for UN country 'Atlantis'")


def test_crosscheck_counts_by_hand():
    votes = pd.DataFrame(
        {
            "rcid": [1, 1, 1, 2, 3],
            "ccode": [2, 20, 200, 2, 2],
            "vote": [1, 3, 2, 1, 1],
            "country": ["US", "CA", "UK", "US", "US"],
            "country_code": ["US", "CA", "GB", "US", "US"],
        }
    )
    published = pd.DataFrame({"rcid": [1, 1, 1, 2], "ccode": [2, 20, 220, 2], "vote": [1, 3, 2, 2]})
    summary, mismatches = crosscheck(votes, published)
    # rcid 3 is not in the published file; of 4 shared votes, UK (no 200 row) and US rcid 2 disagree.
    assert summary["votes_compared"] == 4 and summary["votes_agreeing"] == 2
    assert summary["share_agreeing"] == 0.5 and summary["roll_calls_compared"] == 2
    assert mismatches[["rcid", "ccode"]].values.tolist() == [[1, 200], [2, 2]]
