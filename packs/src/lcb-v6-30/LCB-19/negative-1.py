class Solution:
    def calculate(self, expression):
        return int(eval(expression.replace("/", "//")))
