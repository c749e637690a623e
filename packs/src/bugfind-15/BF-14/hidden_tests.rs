// Hidden tests (never shown to the model): call the candidate, print what was observed.
#[allow(dead_code, unused_imports, unused_variables, unused_mut, unused_macros, non_snake_case)]
mod config;

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
    pq_case(&mut obs, "report_example", || format!("{:?}", config::parse("name = demo\nport 8080\n")));
    pq_case(&mut obs, "good_file", || format!("{:?}", config::parse("# demo\n\nname = demo\n  url = http://x/?a=b  \n")));
    pq_case(&mut obs, "malformed_after_comments", || format!("{:?}", config::parse("# c\n\n   # c2\nok = 1\njunk\n")));
    pq_case(&mut obs, "empty_key", || format!("{:?}", config::parse("a = 1\n = 2\n")));
    pq_case(&mut obs, "first_error_wins", || format!("{:?}", config::parse("a = 1\nbad\n= x\n")));
    pq_case(&mut obs, "empty_value_ok", || format!("{:?}", config::parse("key =\n")));
    pq_case(&mut obs, "empty_text", || format!("{:?}", config::parse("")));
    pq_case(&mut obs, "port_default", || format!("{:?}", config::port("name = x\n")));
    pq_case(&mut obs, "port_last_wins", || format!("{:?}", config::port("port = 81\n\nport = 9090\n")));
    pq_case(&mut obs, "port_bad_number", || format!("{:?}", config::port("# x\nport = 70000\n")));
    pq_case(&mut obs, "port_zero", || format!("{:?}", config::port("port = 0\n")));
    pq_case(&mut obs, "port_malformed_line", || format!("{:?}", config::port("port = 80\nwhat\n")));
    let body: Vec<String> = obs.iter().map(|(k, v)| format!("{}:{}", pq_json(k), pq_json(v))).collect();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "PQ-RESULT {} {{{}}}", nonce, body.join(","));
    let _ = out.flush();
    std::process::exit(0);
}
