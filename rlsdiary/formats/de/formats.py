# German writes the day as an ordinal ("30.") and abbreviates months with a full stop ("Nov.",
# "März" unabbreviated): Django's "N".
DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y, H:i"
MONTH_DAY_FORMAT = "j. N"
