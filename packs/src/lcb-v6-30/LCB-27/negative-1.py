class Solution:
    def canFinish(self, numCourses, prerequisites):
        pairs = set(map(tuple, prerequisites))
        for a, b in prerequisites:
            if a == b or (b, a) in pairs:
                return False
        return True
