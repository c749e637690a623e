#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    SpanTooLong,
    InvalidDigit(char),
}

pub fn largest_product(digits: &str, span: usize) -> Result<u64, Error> {
    if span > digits.len() {
        return Err(Error::SpanTooLong);
    }
    let mut values = Vec::new();
    for c in digits.chars() {
        match c.to_digit(10) {
            Some(d) => values.push(d as u64),
            None => return Err(Error::InvalidDigit(c)),
        }
    }
    let mut best = 0;
    for start in 0..values.len() - span {
        let product: u64 = values[start..start + span].iter().product();
        if product > best {
            best = product;
        }
    }
    Ok(if span == 0 { 1 } else { best })
}
