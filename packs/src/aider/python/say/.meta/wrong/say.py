ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _chunk(n):
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(ONES[hundreds] + " hundred")
    if rest >= 20:
        words.append(TENS[rest // 10])
        if rest % 10:
            words.append(ONES[rest % 10])
    elif rest:
        words.append(ONES[rest])
    return " ".join(words)


def say(number):
    if number < 0 or number > 999_999_999_999:
        raise ValueError("input out of range")
    if number == 0:
        return "zero"
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        group, number = divmod(number, scale)
        if group:
            parts.append((_chunk(group) + " " + name).strip())
    return " ".join(parts)
