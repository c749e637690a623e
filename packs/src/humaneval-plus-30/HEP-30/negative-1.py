def eval_rpn(tokens):
    stack = []
    for tok in tokens:
        if tok in "+-*/" and len(tok) == 1:
            b, a = stack.pop(), stack.pop()
            stack.append({"+": a + b, "-": a - b, "*": a * b, "/": a // b if b else 0}[tok])
        else:
            stack.append(int(tok))
    return stack[-1]
