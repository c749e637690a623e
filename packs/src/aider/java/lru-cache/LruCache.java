import java.util.List;
import java.util.Optional;

public final class LruCache<K, V> {
    public LruCache(int capacity) {
        throw new UnsupportedOperationException("not implemented");
    }

    public Optional<V> get(K key) {
        throw new UnsupportedOperationException("not implemented");
    }

    public void put(K key, V value) {
        throw new UnsupportedOperationException("not implemented");
    }

    public int size() {
        throw new UnsupportedOperationException("not implemented");
    }

    /** Keys from most to least recently used. */
    public List<K> keys() {
        throw new UnsupportedOperationException("not implemented");
    }
}
