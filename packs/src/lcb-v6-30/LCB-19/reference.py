class Solution:
    def calculate(self, expression: str) -> int:
        tokens = []
        i = 0
        while i < len(expression):
            ch = expression[i]
            if ch.isdigit():
                j = i
                while j < len(expression) and expression[j].isdigit():
                    j += 1
                tokens.append(int(expression[i:j]))
                i = j
                continue
            if ch != " ":
                tokens.append(ch)
            i += 1
        pos = 0

        def peek():
            return tokens[pos] if pos < len(tokens) else None

        def take():
            nonlocal pos
            pos += 1
            return tokens[pos - 1]

        def div(a, b):
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b >= 0) else -q

        def expr():
            value = term()
            while peek() in ("+", "-"):
                op = take()
                rhs = term()
                value = value + rhs if op == "+" else value - rhs
            return value

        def term():
            value = factor()
            while peek() in ("*", "/"):
                op = take()
                rhs = factor()
                value = value * rhs if op == "*" else div(value, rhs)
            return value

        def factor():
            tok = take()
            if tok == "-":
                return -factor()
            if tok == "(":
                value = expr()
                take()
                return value
            return tok

        return expr()
