def encode(message, rails):
    if rails < 1:
        raise ValueError("rails must be at least 1")
    rows = [[] for _ in range(rails)]
    row, step = 0, 1
    for char in message:
        rows[row].append(char)
        if rails > 1:
            if row == 0:
                step = 1
            elif row == rails - 1:
                step = -1
            row += step
    return "".join("".join(r) for r in rows)


def decode(encoded_message, rails):
    if rails < 1:
        raise ValueError("rails must be at least 1")
    size = -(-len(encoded_message) // rails)
    rows = [list(encoded_message[i:i + size]) for i in range(0, len(encoded_message), size)]
    out = []
    row, step = 0, 1
    while any(rows):
        if rows[row]:
            out.append(rows[row].pop(0))
        if rails > 1:
            if row == 0:
                step = 1
            elif row == len(rows) - 1:
                step = -1
            row += step
    return "".join(out)
