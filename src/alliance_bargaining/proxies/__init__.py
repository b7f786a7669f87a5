"""Proxies of the design's concepts and the analysis datasets (RESEARCH_DESIGN.md, 2-3, 6).

One module per concept (patrons, alliance, rivals, prospects, value, clients, rapprochement,
outside_options, conflict, concession), read on the dyad-year panel through ``lookup``;
``datasets`` builds the H1-H7 and event-study frames, ``cases`` the section 6 case table.
"""

from alliance_bargaining.proxies.cases import case_table
from alliance_bargaining.proxies.columns import DATASET_COLUMNS
from alliance_bargaining.proxies.datasets import DATASETS, build_dataset, build_datasets, building_blocks

__all__ = ["DATASETS", "DATASET_COLUMNS", "build_dataset", "build_datasets", "building_blocks", "case_table"]
