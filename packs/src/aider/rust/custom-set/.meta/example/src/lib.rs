#[derive(Debug)]
pub struct CustomSet<T> {
    items: Vec<T>, // sorted, no duplicates
}

impl<T: Ord + Clone> CustomSet<T> {
    pub fn new(input: &[T]) -> Self {
        let mut items = input.to_vec();
        items.sort();
        items.dedup();
        CustomSet { items }
    }

    pub fn contains(&self, element: &T) -> bool {
        self.items.binary_search(element).is_ok()
    }

    pub fn add(&mut self, element: T) {
        if let Err(pos) = self.items.binary_search(&element) {
            self.items.insert(pos, element);
        }
    }

    pub fn is_subset(&self, other: &Self) -> bool {
        self.items.iter().all(|x| other.contains(x))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_disjoint(&self, other: &Self) -> bool {
        !self.items.iter().any(|x| other.contains(x))
    }

    pub fn intersection(&self, other: &Self) -> Self {
        CustomSet { items: self.items.iter().filter(|x| other.contains(x)).cloned().collect() }
    }

    pub fn difference(&self, other: &Self) -> Self {
        CustomSet { items: self.items.iter().filter(|x| !other.contains(x)).cloned().collect() }
    }

    pub fn union(&self, other: &Self) -> Self {
        let mut all = self.items.clone();
        all.extend(other.items.iter().cloned());
        CustomSet::new(&all)
    }
}

impl<T: Ord + Clone> PartialEq for CustomSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}
