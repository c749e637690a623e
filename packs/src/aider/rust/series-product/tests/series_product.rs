use series_product::*;

#[test]
fn small_inputs() {
    assert_eq!(largest_product("29", 2), Ok(18));
    assert_eq!(largest_product("0123456789", 2), Ok(72));
    assert_eq!(largest_product("63915", 3), Ok(162));
}

#[test]
fn best_window_at_the_end() {
    assert_eq!(largest_product("1234", 2), Ok(12));
    assert_eq!(largest_product("99", 2), Ok(81));
    assert_eq!(largest_product("1000000009", 1), Ok(9));
}

#[test]
fn longer_strings() {
    assert_eq!(largest_product("73167176531330624919225119674426574742355349194934", 6), Ok(23520));
    assert_eq!(largest_product("52677741234314237566414902593461595376319419139427", 4), Ok(2058));
}

#[test]
fn zeros() {
    assert_eq!(largest_product("0000", 2), Ok(0));
    assert_eq!(largest_product("99099", 3), Ok(0));
}

#[test]
fn largest_possible_product() {
    assert_eq!(largest_product("99999999999999999999", 20), Ok(12157665459056928801));
}

#[test]
fn empty_span() {
    assert_eq!(largest_product("", 0), Ok(1));
    assert_eq!(largest_product("123", 0), Ok(1));
}

#[test]
fn errors() {
    assert_eq!(largest_product("123", 4), Err(Error::SpanTooLong));
    assert_eq!(largest_product("", 1), Err(Error::SpanTooLong));
    assert_eq!(largest_product("12a", 4), Err(Error::SpanTooLong));
    assert_eq!(largest_product("1234a5", 2), Err(Error::InvalidDigit('a')));
    assert_eq!(largest_product("12-45", 5), Err(Error::InvalidDigit('-')));
}
