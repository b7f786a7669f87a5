"""Dyad-year panel: the universe of directed dyad-years and one module per source adding columns.

Every ``add_*`` function takes the dyad-year frame (sorted by ``ccode1, ccode2, year``) and
returns it with new columns and the same rows, in the same order.
"""
