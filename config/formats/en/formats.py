# One way of writing dates across the product, the admin included: "6 Dec 2026, 14:15". Day
# before month with the month's name is read the same way in every country our sellers are in,
# and the 24-hour clock needs no "a.m.". Django's own English formats ("Dec. 6, 2026, 2:15 p.m.")
# end in a period that doubles at the end of a sentence.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
FIRST_DAY_OF_WEEK = 1
