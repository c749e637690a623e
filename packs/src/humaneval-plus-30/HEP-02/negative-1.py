def compress_runs(s):
    out = ""
    prev, count = s[0], 0
    for ch in s:
        if ch == prev:
            count += 1
        else:
            out += prev + (str(count) if count > 1 else "")
            prev, count = ch, 1
    return out + prev + (str(count) if count > 1 else "")
