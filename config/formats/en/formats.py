# English short dates: Django's are the US order ("12/02/2026"), which readers in most of
# the programme's countries take for 12 February. Day, month name, year reads the same to
# everyone. The long formats ("Dec. 2, 2026") are Django's own.
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
