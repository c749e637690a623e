pub fn annotate(board: &[&str]) -> Vec<String> {
    let grid: Vec<Vec<u8>> = board.iter().map(|row| row.bytes().collect()).collect();
    let rows = grid.len() as i64;
    grid.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, &cell)| {
                    if cell == b'*' {
                        return '*';
                    }
                    let mut count = 0;
                    for dr in -1i64..=1 {
                        for dc in -1i64..=1 {
                            let (nr, nc) = (r as i64 + dr, c as i64 + dc);
                            if (dr, dc) != (0, 0) && nr >= 0 && nr < rows && nc >= 0 && (nc as usize) < row.len()
                                && grid[nr as usize][nc as usize] == b'*'
                            {
                                count += 1;
                            }
                        }
                    }
                    if count == 0 { ' ' } else { char::from(b'0' + count) }
                })
                .collect()
        })
        .collect()
}
