"""Replication pipeline for alliance prospects, conflict and concessions.

Pure functions (DataFrame in, DataFrame out) called from the Snakemake workflow in
``workflow/``; see README.md for the stages.
"""

__version__ = "0.1.0"
