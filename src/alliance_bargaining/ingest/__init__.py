"""Stage 1, ingest: the dataset registry, verified acquisition of raw files, one reader per
source, validated interim tables, COW state-years and the UN country-code mapping."""
