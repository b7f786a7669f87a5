"""Stage 5, report: codebooks, publication tables, figures, the summary and the one-page HTML report.

Pure functions on the estimation outputs (estimate tables, spec choices, marginal-effects and
event-study frames, the case table, codebooks). Figure functions write a PNG and a PDF and
return their paths; all output is deterministic for given inputs. Import the submodules
directly (``report.figures`` loads matplotlib, which the codebook jobs do not need).
"""
