"""The role definitions and the seed cases' sample rows on the real panel (RESEARCH_DESIGN.md, 6-7).

Skipped when data/processed/dyad_year.parquet has not been built.
"""


import pandas as pd
import pytest

from alliance_bargaining.proxies import building_blocks, case_table
from alliance_bargaining.proxies.cases import SEEDS, role_samples
from alliance_bargaining.proxies.patrons import ROLES


@pytest.fixture(scope="module")
def real(real_inputs):
    panel, dirdisps = real_inputs
    blocks = building_blocks(panel, None, dirdisps)
    samples = role_samples(panel, None, dirdisps)
    return panel, case_table(blocks, samples), samples


def test_case_samples_read_the_datasets(real):
    """Each seed case's row under each role says what the datasets built under that role hold."""
    _, table, samples = real
    assert table.loc[table["kind"].isin(["design", "theory"]), "match"].all()
    rows = table[table["kind"] == "sample"]
    assert len(rows) == len(SEEDS) * len(ROLES)
    for case, hypothesis, name, _, keys, _ in SEEDS:
        for role in ROLES:
            present = samples[role][name].query(" and ".join(f"{k} == {v}" for k, v in keys.items()))
            check = rows[
                (rows["case"] == case)
                & rows["check"].str.startswith(f"{hypothesis} row")
                & rows["check"].str.endswith(f"= {role}")
            ]
            assert check["computed"].tolist() == ["in sample" if len(present) else "not in sample"]


def test_china_1950_is_in_no_sample(real):
    # A COW major power in 1950, and its 1949 CINC (0.104) is more than half the USSR's (0.168): no A
    # of the USSR under either role; the PRC has no UN votes in 1949 and SIPRI starts in 1950, so
    # the alignment signal over 1947-1949 is missing (the 1945 treaty is a defense pledge)
    _, table, _ = real
    china = table[(table["kind"] == "sample") & table["case"].str.startswith("China")]
    assert (china["computed"] == "not in sample").all()
    assert china["note"].str.contains("710 a COW major power or patron in 1950").all()
    weaker = china[china["check"].str.endswith("weaker_than_patron")]
    assert weaker["note"].str.contains("CINC 1949 of 365 = 0.168 < 2 x CINC of 710 = 0.104").all()
    computed = table.set_index("check")["computed"]
    assert computed["CINC of 365 and 710 in 1949"] == "0.168, 0.104"
    assert computed["CINC of 365 and 710 in 1950"] == "0.181, 0.118"
    signal = table[table["check"].str.startswith("non-UN alignment signal 365-710 in 1950")]
    assert signal["computed"].tolist() == ["missing"]
    assert signal["note"].str.contains("un_agree 365-710 in 1949 = missing").all()


def test_australia_japan_1951_is_in_no_sample(real):
    _, table, _ = real
    australia = table[(table["kind"] == "sample") & table["case"].str.startswith("Australia")]
    assert (australia["computed"] == "not in sample").all()
    assert australia["note"].str.contains("740 not a COW system member in 1951").all()


def test_weaker_than_patron_only_adds_major_powers_much_weaker_than_p(real):
    panel, _, samples = real
    states = panel.drop_duplicates(["ccode1", "year"]).set_index(["ccode1", "year"])
    for name, patron in (("h3_patron_prospect", "ccode_p"), ("h1_h2_ally_rival", None)):
        keys = [
            c
            for c in samples["cow_minor"][name].columns
            if str(samples["cow_minor"][name][c].dtype) == "int16"
        ]
        both = samples["weaker_than_patron"][name].merge(
            samples["cow_minor"][name][keys], on=keys, how="outer", indicator=True
        )
        assert not (both["_merge"] == "right_only").any(), name  # no row lost
        added = both[both["_merge"] == "left_only"]
        assert len(added) > 0, name
        at = pd.MultiIndex.from_arrays([added["ccode_a"], added["year"]])
        assert (states["major1"].reindex(at) == 1).all(), name
        if patron:
            p_cinc = states["cinc1"].reindex(pd.MultiIndex.from_arrays([added[patron], added["year"] - 1]))
            a_cinc = states["cinc1"].reindex(pd.MultiIndex.from_arrays([added["ccode_a"], added["year"] - 1]))
            assert (p_cinc.to_numpy() >= 2 * a_cinc.to_numpy()).all()
