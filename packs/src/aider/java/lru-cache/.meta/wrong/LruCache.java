import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

public final class LruCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>();

    public LruCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(map.get(key));
    }

    public void put(K key, V value) {
        map.remove(key);
        map.put(key, value);
        if (map.size() > capacity) map.remove(map.keySet().iterator().next());
    }

    public int size() {
        return map.size();
    }

    /** Keys from most to least recently used. */
    public List<K> keys() {
        List<K> keys = new ArrayList<>(map.keySet());
        Collections.reverse(keys);
        return keys;
    }
}
