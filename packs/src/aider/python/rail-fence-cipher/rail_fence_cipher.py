def encode(message, rails):
    raise NotImplementedError


def decode(encoded_message, rails):
    raise NotImplementedError
