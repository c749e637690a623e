use book_store::lowest_price;

#[test]
fn empty_basket() {
    assert_eq!(lowest_price(&[]), 0);
}

#[test]
fn single_volumes() {
    assert_eq!(lowest_price(&[1]), 800);
    assert_eq!(lowest_price(&[2, 2]), 1600);
}

#[test]
fn one_group_of_each_size() {
    assert_eq!(lowest_price(&[1, 2]), 1520);
    assert_eq!(lowest_price(&[1, 3, 5]), 2160);
    assert_eq!(lowest_price(&[1, 2, 3, 4]), 2560);
    assert_eq!(lowest_price(&[5, 4, 3, 2, 1]), 3000);
}

#[test]
fn two_groups_of_four_beat_five_and_three() {
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 5]), 5120);
    assert_eq!(lowest_price(&[1, 2, 3, 4, 5, 1, 2, 3]), 5120);
}

#[test]
fn mixed_baskets() {
    assert_eq!(lowest_price(&[1, 1, 2, 3, 4]), 3360);
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 4, 5, 5]), 6000);
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 5, 5]), 5560);
}

#[test]
fn larger_baskets() {
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 5, 1, 1, 2, 2, 3, 3, 4, 5]), 10240);
    assert_eq!(lowest_price(&[1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5]), 12200);
    assert_eq!(lowest_price(&[1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5]), 10000);
}
