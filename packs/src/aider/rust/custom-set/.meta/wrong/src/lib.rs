#[derive(Debug)]
pub struct CustomSet<T> {
    items: Vec<T>,
}

impl<T: Ord + Clone> CustomSet<T> {
    pub fn new(input: &[T]) -> Self {
        let mut set = CustomSet { items: Vec::new() };
        for x in input {
            set.add(x.clone());
        }
        set
    }

    pub fn contains(&self, element: &T) -> bool {
        self.items.contains(element)
    }

    pub fn add(&mut self, element: T) {
        if !self.contains(&element) {
            self.items.push(element);
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
        let mut out = CustomSet { items: self.items.clone() };
        for x in &other.items {
            out.add(x.clone());
        }
        out
    }
}

impl<T: Ord + Clone> PartialEq for CustomSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}
