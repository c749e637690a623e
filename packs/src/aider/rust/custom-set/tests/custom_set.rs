use custom_set::CustomSet;

fn set(items: &[i32]) -> CustomSet<i32> {
    CustomSet::new(items)
}

#[test]
fn emptiness_and_length() {
    assert!(set(&[]).is_empty());
    assert!(!set(&[1]).is_empty());
    assert_eq!(set(&[3, 1, 3, 2, 1]).len(), 3);
}

#[test]
fn contains_and_add() {
    let mut s = set(&[1, 2]);
    assert!(s.contains(&1));
    assert!(!s.contains(&3));
    s.add(3);
    s.add(3);
    assert!(s.contains(&3));
    assert_eq!(s.len(), 3);
}

#[test]
fn equality_ignores_order_and_duplicates() {
    assert_eq!(set(&[3, 2, 1]), set(&[1, 2, 3]));
    assert_eq!(set(&[1, 1, 2]), set(&[2, 1]));
    assert_ne!(set(&[1, 2, 3]), set(&[1, 2, 4]));
    assert_ne!(set(&[1, 2]), set(&[1, 2, 3]));
    assert_eq!(set(&[]), set(&[]));
    let mut s = set(&[2]);
    s.add(1);
    assert_eq!(s, set(&[1, 2]));
}

#[test]
fn subsets() {
    assert!(set(&[]).is_subset(&set(&[])));
    assert!(set(&[]).is_subset(&set(&[1])));
    assert!(!set(&[1]).is_subset(&set(&[])));
    assert!(set(&[3, 1]).is_subset(&set(&[1, 2, 3])));
    assert!(!set(&[1, 4]).is_subset(&set(&[1, 2, 3])));
}

#[test]
fn disjoint() {
    assert!(set(&[]).is_disjoint(&set(&[])));
    assert!(set(&[1, 2]).is_disjoint(&set(&[3, 4])));
    assert!(!set(&[1, 2]).is_disjoint(&set(&[2, 3])));
}

#[test]
fn set_operations() {
    assert_eq!(set(&[1, 2, 3, 4]).intersection(&set(&[3, 2, 5])), set(&[2, 3]));
    assert_eq!(set(&[1, 2]).intersection(&set(&[3])), set(&[]));
    assert_eq!(set(&[3, 2, 1]).difference(&set(&[2, 4])), set(&[1, 3]));
    assert_eq!(set(&[1, 3]).union(&set(&[2, 3])), set(&[3, 2, 1]));
    assert_eq!(set(&[]).union(&set(&[2])), set(&[2]));
}

#[test]
fn strings() {
    let a = CustomSet::new(&["b".to_string(), "a".to_string()]);
    let b = CustomSet::new(&["a".to_string(), "b".to_string(), "a".to_string()]);
    assert_eq!(a, b);
    assert!(a.contains(&"a".to_string()));
}
