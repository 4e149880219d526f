# One way to write dates in Danish, everywhere: "30. november 2026", "30. november 2026 kl. 14.05".
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j. F"
TIME_FORMAT = "H.i"
