"""The board report: one model (report.model) built from Results, rendered as HTML, Markdown or Excel."""
