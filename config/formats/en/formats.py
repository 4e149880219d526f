# One way to write dates in English, everywhere: "30 November 2026", "30 November 2026, 14:05"
# (British order, as the portal's English is British; Django's default would be "Nov. 30, 2026").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
