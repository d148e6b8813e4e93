# Spanish writes month abbreviations in lower case ("30 nov 2026"): Django's "b".
DATE_FORMAT = "j b Y"
DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = "j b"
