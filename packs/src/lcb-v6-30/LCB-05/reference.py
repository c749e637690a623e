class Solution:
    def minRooms(self, meetings: List[List[int]]) -> int:
        events = []
        for s, e in meetings:
            events.append((s, 1))
            events.append((e, -1))
        events.sort()
        cur = best = 0
        for _, d in events:
            cur += d
            best = max(best, cur)
        return best
