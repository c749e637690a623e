#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    Malformed { line: usize },
    BadPort { line: usize },
}

pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
        }
    }
    Ok(entries)
}

pub fn port(text: &str) -> Result<u16, ConfigError> {
    let mut port = 8080;
    for entry in parse(text)? {
        if entry.key == "port" {
            port = match entry.value.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err(ConfigError::BadPort { line: entry.line }),
            };
        }
    }
    Ok(port)
}
