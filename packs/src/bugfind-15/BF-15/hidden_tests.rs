// Hidden tests (never shown to the model): call the candidate, print what was observed.
#[allow(dead_code, unused_imports, unused_variables, unused_mut, unused_macros, non_snake_case)]
mod account;

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
    pq_case(&mut obs, "report_example", || {
        let a = account::Account::new(100);
        format!("{} {:?}", a.deposit(50), a.history())
    });
    pq_case(&mut obs, "deposit_then_withdraw", || {
        let a = account::Account::new(10);
        let d = a.deposit(5);
        let w = a.withdraw(12);
        let r = a.withdraw(100);
        format!("{} {:?} {:?} {} {:?}", d, w, r, a.balance(), a.history())
    });
    pq_case(&mut obs, "threads", || {
        let a = std::sync::Arc::new(account::Account::new(0));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let a = a.clone();
                std::thread::spawn(move || {
                    for _ in 0..250 {
                        a.deposit(1);
                    }
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let mut seen: Vec<i64> = a
            .history()
            .iter()
            .map(|e| e.rsplit(' ').next().unwrap().parse::<i64>().unwrap())
            .collect();
        seen.sort();
        let expected: Vec<i64> = (1..=1000).collect();
        format!("{} {} {}", a.balance(), seen.len(), seen == expected)
    });
    pq_case(&mut obs, "negative_deposit", || {
        let a = account::Account::new(5);
        format!("{} {:?}", a.deposit(-7), a.history())
    });
    let body: Vec<String> = obs.iter().map(|(k, v)| format!("{}:{}", pq_json(k), pq_json(v))).collect();
    let mut out = std::io::stdout();
    let _ = writeln!(out, "PQ-RESULT {} {{{}}}", nonce, body.join(","));
    let _ = out.flush();
    std::process::exit(0);
}
