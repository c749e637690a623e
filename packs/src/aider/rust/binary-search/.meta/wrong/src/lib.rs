pub fn find<T: Ord>(items: &[T], key: &T) -> Option<usize> {
    for (i, item) in items.iter().enumerate() {
        if item == key {
            return Some(i);
        }
        if item > key {
            return None;
        }
    }
    None
}
