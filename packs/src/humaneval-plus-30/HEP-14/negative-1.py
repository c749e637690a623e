def flatten(nested):
    text = str(nested).replace("[", "").replace("]", "")
    return [int(part) for part in text.split(",")]
