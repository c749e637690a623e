/// Share of `done` in `total` as a whole percentage, rounded down. Returns 0 when `total` is 0.
pub fn percent(done: u32, total: u32) -> u32 {
    if total == 0 {
        return 0;
    }
    (done as f32 / total as f32 * 100.0) as u32
}

/// A 10-character bar with one '#' per full 10 %: progress_bar(35, 100) == "###-------".
pub fn progress_bar(done: u32, total: u32) -> String {
    let filled = (percent(done, total) / 10) as usize;
    format!("{}{}", "#".repeat(filled), "-".repeat(10 - filled))
}
