use minesweeper::annotate;

fn check(board: &[&str], expected: &[&str]) {
    let got = annotate(board);
    let want: Vec<String> = expected.iter().map(|row| row.to_string()).collect();
    assert_eq!(got, want, "board {:?}", board);
}

#[test]
fn empty_boards() {
    check(&[], &[]);
    check(&[""], &[""]);
}

#[test]
fn no_mines() {
    check(&["   ", "   ", "   "], &["   ", "   ", "   "]);
}

#[test]
fn only_mines() {
    check(&["***", "***"], &["***", "***"]);
}

#[test]
fn mine_in_the_middle() {
    check(&["   ", " * ", "   "], &["111", "1*1", "111"]);
}

#[test]
fn mines_around_a_square() {
    check(&["***", "* *", "***"], &["***", "*8*", "***"]);
    check(&["** ", "   ", " **"], &["**1", "343", "1**"]);
}

#[test]
fn one_row_and_one_column() {
    check(&[" * * "], &["1*2*1"]);
    check(&[" ", "*", " ", "*", " "], &["1", "*", "2", "*", "1"]);
}

#[test]
fn diagonals_count() {
    check(&["*  ", "   ", "  *"], &["*1 ", "121", " 1*"]);
}

#[test]
fn larger_board() {
    check(
        &["  *   *", "*      ", "   **  ", "      *", " *     "],
        &["12*1 1*", "*223221", "111**21", "112222*", "1*1  11"],
    );
}
