"""Publication output: regression tables, figures, the summary and a one-page HTML report.

Pure functions on the estimation outputs (estimate tables, spec choices, marginal-effects and
event-study frames, the case table, codebooks). Figure functions write a PNG and a PDF and
return their paths; all output is deterministic for given inputs.
"""

from .figures import (
    Paths,
    coefficient_plot,
    event_study_plot,
    marginal_effects_plot,
    spec_curve_frame,
    specification_curve,
)
from .markdown import markdown_to_html
from .page import frame_to_html, report_html
from .tables import agreement, regression_table, summary_markdown, summary_table

__all__ = [
    "Paths",
    "agreement",
    "coefficient_plot",
    "event_study_plot",
    "frame_to_html",
    "marginal_effects_plot",
    "markdown_to_html",
    "regression_table",
    "report_html",
    "spec_curve_frame",
    "specification_curve",
    "summary_markdown",
    "summary_table",
]
