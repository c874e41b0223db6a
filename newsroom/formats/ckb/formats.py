# Sorani (Central Kurdish) as newspapers in the Kurdistan Region write it:
# day, month, year; 24-hour time, as the rest of the site prints it; the week
# starts on Saturday. Digits: see the README's Languages section.
# The format strings follow Django's date format syntax.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، کاتژمێر H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y/n/j"
SHORT_DATETIME_FORMAT = "Y/n/j، H:i"
FIRST_DAY_OF_WEEK = 6  # Saturday
DATE_INPUT_FORMATS = [
    "%Y/%m/%d",  # '2025/10/25'
    "%Y-%m-%d",  # '2025-10-25'
    "%d/%m/%Y",  # '25/10/2025'
]
DATETIME_INPUT_FORMATS = [
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
