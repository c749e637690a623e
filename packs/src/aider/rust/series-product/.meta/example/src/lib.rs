#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    SpanTooLong,
    InvalidDigit(char),
}

pub fn largest_product(digits: &str, span: usize) -> Result<u64, Error> {
    if span > digits.chars().count() {
        return Err(Error::SpanTooLong);
    }
    let values = digits
        .chars()
        .map(|c| c.to_digit(10).map(u64::from).ok_or(Error::InvalidDigit(c)))
        .collect::<Result<Vec<u64>, Error>>()?;
    if span == 0 {
        return Ok(1);
    }
    Ok(values.windows(span).map(|w| w.iter().product()).max().unwrap_or(1))
}
