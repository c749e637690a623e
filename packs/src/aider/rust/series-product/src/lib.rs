#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    SpanTooLong,
    InvalidDigit(char),
}

pub fn largest_product(digits: &str, span: usize) -> Result<u64, Error> {
    unimplemented!("largest product of {span} adjacent digits in {digits:?}")
}
