# Arabic number formats: Django's own set no digit grouping, so "7253886,01" would read
# as one long number. Group thousands as the other languages do.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
