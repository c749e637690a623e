def common_prefix(words):
    if not words:
        return ""
    prefix = ""
    for i, ch in enumerate(words[0]):
        if all(w[i] == ch for w in words):
            prefix += ch
        else:
            break
    return prefix
