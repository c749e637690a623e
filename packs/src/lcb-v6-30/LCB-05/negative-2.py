class Solution:
    def minRooms(self, meetings):
        best = 0
        for s, _ in meetings:
            best = max(best, sum(1 for a, b in meetings if a <= s < b))
        return best
