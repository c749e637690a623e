use binary_search::find;
use std::cell::Cell;
use std::cmp::Ordering;

thread_local! {
    static COMPARISONS: Cell<u32> = Cell::new(0);
}

// An i32 that counts every comparison made on it.
#[derive(Debug, Clone, Copy)]
struct Counted(i32);

impl PartialEq for Counted {
    fn eq(&self, other: &Self) -> bool {
        COMPARISONS.with(|c| c.set(c.get() + 1));
        self.0 == other.0
    }
}
impl Eq for Counted {}
impl PartialOrd for Counted {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Counted {
    fn cmp(&self, other: &Self) -> Ordering {
        COMPARISONS.with(|c| c.set(c.get() + 1));
        self.0.cmp(&other.0)
    }
}

#[test]
fn finds_every_element() {
    let items = [1, 3, 4, 6, 8, 9, 11];
    for (i, v) in items.iter().enumerate() {
        assert_eq!(find(&items, v), Some(i), "searching {}", v);
    }
}

#[test]
fn missing_values() {
    let items = [1, 3, 4, 6, 8, 9, 11];
    for v in [0, 2, 5, 7, 10, 12] {
        assert_eq!(find(&items, &v), None, "searching {}", v);
    }
}

#[test]
fn empty_and_single() {
    let empty: [i32; 0] = [];
    assert_eq!(find(&empty, &1), None);
    assert_eq!(find(&[6], &6), Some(0));
    assert_eq!(find(&[6], &7), None);
    assert_eq!(find(&[6], &5), None);
}

#[test]
fn even_length() {
    let items = [10, 20, 30, 40, 50, 60];
    assert_eq!(find(&items, &10), Some(0));
    assert_eq!(find(&items, &60), Some(5));
    assert_eq!(find(&items, &40), Some(3));
    assert_eq!(find(&items, &45), None);
}

#[test]
fn other_types() {
    let words = ["ant", "bee", "cat", "dog", "eel"];
    assert_eq!(find(&words, &"dog"), Some(3));
    assert_eq!(find(&words, &"cow"), None);
}

#[test]
fn logarithmic_comparisons() {
    let items: Vec<Counted> = (0..1024).map(|i| Counted(i * 2)).collect();
    for key in [0, 2, 1022, 2046, 1, 2047, -5, 4000, 777] {
        COMPARISONS.with(|c| c.set(0));
        let found = find(&items, &Counted(key));
        let expected = if key >= 0 && key % 2 == 0 && key < 2048 { Some((key / 2) as usize) } else { None };
        assert_eq!(found, expected, "searching {}", key);
        let used = COMPARISONS.with(|c| c.get());
        assert!(used <= 24, "searching {} used {} comparisons on 1024 items", key, used);
    }
}
