def snake_to_camel(name: str) -> str:
    """Convert a snake_case name to lowerCamelCase: split name on underscores and
    drop the empty parts; write the first part in lower case and every later part
    with its first character upper-cased and the rest lower-cased. A name with no
    parts left gives ''.

    >>> snake_to_camel("hello_world")
    'helloWorld'
    >>> snake_to_camel("get_HTTP_response")
    'getHttpResponse'
    >>> snake_to_camel("a_b_c")
    'aBC'
    """
