def snake_to_camel(name):
    parts = name.split("_")
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:])
