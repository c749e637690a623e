def _pattern(length, rails):
    if rails < 1:
        raise ValueError("rails must be at least 1")
    if rails == 1:
        return [0] * length
    cycle = 2 * (rails - 1)
    return [i % cycle if i % cycle < rails else cycle - i % cycle for i in range(length)]


def _order(length, rails):
    rows = _pattern(length, rails)
    return sorted(range(length), key=lambda i: (rows[i], i))


def encode(message, rails):
    return "".join(message[i] for i in _order(len(message), rails))


def decode(encoded_message, rails):
    result = [""] * len(encoded_message)
    for char, i in zip(encoded_message, _order(len(encoded_message), rails)):
        result[i] = char
    return "".join(result)
