def encode(plain_text):
    raise NotImplementedError


def decode(ciphered_text):
    raise NotImplementedError
