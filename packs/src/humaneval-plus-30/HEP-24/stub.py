def days_in_month(year: int, month: int) -> int:
    """Return the number of days in the given month (1-12) of the given year of
    the Gregorian calendar. February has 29 days in leap years: years divisible
    by 4, except those divisible by 100 that are not divisible by 400.

    >>> days_in_month(2024, 2)
    29
    >>> days_in_month(2023, 2)
    28
    >>> days_in_month(1900, 2)
    28
    >>> days_in_month(2023, 4)
    30
    """
