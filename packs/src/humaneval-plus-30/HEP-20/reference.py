def normalize_spaces(text: str) -> str:
    return " ".join(text.split())
