def say(number):
    raise NotImplementedError
