s = input().strip()
open_ = inserts = 0
for ch in s:
    if ch == "(":
        open_ += 1
    elif open_:
        open_ -= 1
    else:
        inserts += 1
print(inserts + open_)
