import string

_TABLE = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[::-1])


def _translate(text):
    kept = [c for c in text.lower() if c in string.ascii_lowercase or c in string.digits]
    return "".join(kept).translate(_TABLE)


def encode(plain_text):
    letters = _translate(plain_text)
    return " ".join(letters[i:i + 5] for i in range(0, len(letters), 5))


def decode(ciphered_text):
    return _translate(ciphered_text)
