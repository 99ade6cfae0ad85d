"""English date formats as Praxis has always shown them: day first, 24-hour clock.

Templates and services name the formats (``|date:"SHORT_DATE_FORMAT"``, ``|time``,
``date_format(value, "DATE_FORMAT")``); every other language uses Django's formats for
it (Polish, Slovenian, Lithuanian and Norwegian Bokmål each have their own). Formats not
set here fall back to Django's English ones.
"""

DATE_FORMAT = "j F Y"  # 1 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 1 Dec 2026
DATETIME_FORMAT = "j F Y, H:i"  # 1 December 2026, 14:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 1 Dec 2026, 14:30
TIME_FORMAT = "H:i"  # 14:30
