#[derive(Debug)]
pub struct CustomSet<T> {
    items: Vec<T>,
}

impl<T: Ord + Clone> CustomSet<T> {
    pub fn new(input: &[T]) -> Self {
        unimplemented!("a set of {} items", input.len())
    }

    pub fn contains(&self, element: &T) -> bool {
        unimplemented!()
    }

    pub fn add(&mut self, element: T) {
        unimplemented!()
    }

    pub fn is_subset(&self, other: &Self) -> bool {
        unimplemented!()
    }

    pub fn is_empty(&self) -> bool {
        unimplemented!()
    }

    pub fn len(&self) -> usize {
        unimplemented!()
    }

    pub fn is_disjoint(&self, other: &Self) -> bool {
        unimplemented!()
    }

    pub fn intersection(&self, other: &Self) -> Self {
        unimplemented!()
    }

    pub fn difference(&self, other: &Self) -> Self {
        unimplemented!()
    }

    pub fn union(&self, other: &Self) -> Self {
        unimplemented!()
    }
}

impl<T: Ord + Clone> PartialEq for CustomSet<T> {
    fn eq(&self, other: &Self) -> bool {
        unimplemented!()
    }
}
