"""The app's date formats per language (FORMAT_MODULE_PATH), over Django's own for the rest
(decimal separators, input formats). Short, for a phone: "30 Nov 2026", "30. Nov. 2026",
"30 nov 2026". Templates write `|date:"DATE_FORMAT"` (or "DATETIME_FORMAT", "MONTH_DAY_FORMAT")
rather than a pattern of their own, so that each language gets its order and punctuation."""
