pub fn annotate(board: &[&str]) -> Vec<String> {
    let grid: Vec<Vec<char>> = board.iter().map(|row| row.chars().collect()).collect();
    let mut out = Vec::new();
    for r in 0..grid.len() {
        let mut line = String::new();
        for c in 0..grid[r].len() {
            if grid[r][c] == '*' {
                line.push('*');
                continue;
            }
            let mut count = 0;
            if r > 0 && grid[r - 1][c] == '*' { count += 1; }
            if r + 1 < grid.len() && grid[r + 1][c] == '*' { count += 1; }
            if c > 0 && grid[r][c - 1] == '*' { count += 1; }
            if c + 1 < grid[r].len() && grid[r][c + 1] == '*' { count += 1; }
            line.push(if count == 0 { ' ' } else { char::from_digit(count, 10).unwrap() });
        }
        out.push(line);
    }
    out
}
