import java.util.List;
import java.util.Optional;

import pq.Test;

import static pq.Assert.*;

public class LruCacheTest {
    @Test public void putAndGet() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(Optional.of(1), cache.get("a"));
        assertEquals(Optional.of(2), cache.get("b"));
        assertEquals(Optional.empty(), cache.get("c"));
        assertEquals(2, cache.size());
    }

    @Test public void evictsLeastRecentlyPut() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("c", 3);
        assertEquals(Optional.empty(), cache.get("a"));
        assertEquals(List.of("c", "b"), cache.keys());
        assertEquals(2, cache.size());
    }

    @Test public void getMakesAKeyRecent() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");
        cache.put("c", 3);
        assertEquals(List.of("c", "a"), cache.keys());
        assertEquals(Optional.empty(), cache.get("b"));
    }

    @Test public void replacingAValueMakesItRecent() {
        LruCache<Integer, String> cache = new LruCache<>(3);
        cache.put(1, "one");
        cache.put(2, "two");
        cache.put(3, "three");
        cache.put(1, "uno");
        cache.put(4, "four");
        assertEquals(List.of(4, 1, 3), cache.keys());
        assertEquals(Optional.of("uno"), cache.get(1));
        assertEquals(3, cache.size());
    }

    @Test public void missDoesNotChangeOrder() {
        LruCache<String, Integer> cache = new LruCache<>(3);
        cache.put("x", 1);
        cache.put("y", 2);
        cache.get("zzz");
        assertEquals(List.of("y", "x"), cache.keys());
    }

    @Test public void capacityOne() {
        LruCache<String, Integer> cache = new LruCache<>(1);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(List.of("b"), cache.keys());
        assertEquals(Optional.of(2), cache.get("b"));
    }

    @Test public void invalidCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new LruCache<String, String>(0));
        assertThrows(IllegalArgumentException.class, () -> new LruCache<String, String>(-3));
    }
}
