def is_prime(n: int) -> bool:
    """Return True when n is a prime number. n can be any integer: 0, 1 and
    negative numbers are not prime. n can be as large as 10**12.

    >>> is_prime(2)
    True
    >>> is_prime(21)
    False
    >>> is_prime(97)
    True
    """
