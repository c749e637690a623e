class Solution:
    def minRooms(self, meetings):
        events = []
        for s, e in meetings:
            events.append((s, 0))
            events.append((e, 1))
        events.sort()
        cur = best = 0
        for _, kind in events:
            cur += 1 if kind == 0 else -1
            best = max(best, cur)
        return best
