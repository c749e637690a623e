// Hidden tests (never shown to the model): call the candidate, print what was observed.
#[allow(dead_code, unused_imports, unused_variables, unused_mut, unused_macros, non_snake_case)]
mod progress;

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};

fn pq_json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn pq_case<F: FnOnce() -> String>(obs: &mut Vec<(String, String)>, name: &str, f: F) {
    let value = match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(_) => "panic".to_string(),
    };
    obs.push((name.to_string(), value));
}

fn main() {
    let nonce = std::env::var("PQ_NONCE").unwrap_or_default();
    std::env::remove_var("PQ_NONCE");
    panic::set_hook(Box::new(|_| {}));
    let mut obs: Vec<(String, String)> = Vec::new();
    pq_case(&mut obs, "report_example", || progress::progress_bar(3_000_000_000, 4_000_000_000));
    pq_case(&mut obs, "doc_example", || progress::progress_bar(35, 100));
    pq_case(&mut obs, "small_exact", || progress::percent(29, 100).to_string());
    pq_case(&mut obs, "one_third", || progress::percent(1, 3).to_string());
    pq_case(&mut obs, "large_half", || progress::percent(2_000_000_000, 4_000_000_000).to_string());
    pq_case(&mut obs, "max_done", || progress::percent(u32::MAX, u32::MAX).to_string());
    pq_case(&mut obs, "just_below_max", || progress::percent(u32::MAX - 1, u32::MAX).to_string());
    pq_case(&mut obs, "zero_total", || progress::percent(0, 0).to_string());
    pq_case(&mut obs, "bar_full_large", || progress::progress_bar(4_000_000_000, 4_000_000_000));
    pq_case(&mut obs, "bar_empty", || progress::progress_bar(0, 7));
    let body: Vec<String> = obs.iter().map(|(k, v)| format!("{}:{}", pq_json(k), pq_json(v))).collect();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "PQ-RESULT {} {{{}}}", nonce, body.join(","));
    let _ = out.flush();
    std::process::exit(0);
}
