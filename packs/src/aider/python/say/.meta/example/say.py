ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, ""))


def _below_hundred(n):
    if n < 20:
        return ONES[n]
    tens, units = divmod(n, 10)
    return TENS[tens] + ("-" + ONES[units] if units else "")


def _below_thousand(n):
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(ONES[hundreds] + " hundred")
    if rest:
        words.append(_below_hundred(rest))
    return " ".join(words)


def say(number):
    if not 0 <= number <= 999_999_999_999:
        raise ValueError("input out of range")
    if number == 0:
        return "zero"
    words = []
    for scale, name in SCALES:
        group, number = divmod(number, scale)
        if group:
            words.append(_below_thousand(group) + (" " + name if name else ""))
    return " ".join(words)
