pub fn find<T: Ord>(items: &[T], key: &T) -> Option<usize> {
    unimplemented!("search {} items", items.len())
}
