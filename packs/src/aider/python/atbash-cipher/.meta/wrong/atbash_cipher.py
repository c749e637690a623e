import string

_TABLE = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[::-1])


def encode(plain_text):
    kept = "".join(c for c in plain_text if c.isalnum()).translate(_TABLE)
    return " ".join(kept[i:i + 5] for i in range(0, len(kept), 5))


def decode(ciphered_text):
    return ciphered_text.replace(" ", "").translate(_TABLE)
