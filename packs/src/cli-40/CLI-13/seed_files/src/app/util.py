def helper():
    pass  # TODO handle errors

# FIXME not a todo
