"""The board report: one model (report.model) built from Results, rendered as HTML (and PDF from it), Word,
Markdown or Excel."""
