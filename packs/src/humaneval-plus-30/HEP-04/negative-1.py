def is_balanced(s):
    counts = {"(": 0, "[": 0, "{": 0}
    closing = {")": "(", "]": "[", "}": "{"}
    for ch in s:
        if ch in counts:
            counts[ch] += 1
        elif ch in closing:
            counts[closing[ch]] -= 1
            if counts[closing[ch]] < 0:
                return False
    return all(v == 0 for v in counts.values())
