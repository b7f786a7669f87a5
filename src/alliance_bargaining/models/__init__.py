"""Estimation of the registered hypotheses (design section 4): see ``estimators``."""
