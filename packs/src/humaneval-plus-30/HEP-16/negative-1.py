def roman_to_int(s):
    for pair, repl in (("CM", "DCCCC"), ("XC", "LXXXX"), ("XL", "XXXX"), ("IX", "VIIII"), ("IV", "IIII")):
        s = s.replace(pair, repl)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    return sum(values[c] for c in s)
