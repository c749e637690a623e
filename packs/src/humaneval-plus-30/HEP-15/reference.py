def group_digits(n: int, sep: str) -> str:
    digits = str(abs(n))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return ("-" if n < 0 else "") + sep.join(reversed(groups))
