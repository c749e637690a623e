#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    /// A line that is not `key = value`, or whose key is empty.
    Malformed { line: usize },
    /// A `port` value that is not a number from 1 to 65535.
    BadPort { line: usize },
}

/// Parses `key = value` lines. Blank lines and lines whose first non-space character is '#'
/// are skipped; keys and values are trimmed; a value may itself contain '='. Line numbers are
/// 1-based. Returns the first error in the text.
pub fn parse(text: &str) -> Result<Vec<Entry>, ConfigError> {
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = match line.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => (key, value),
            _ => return Err(ConfigError::Malformed { line: i + 1 }),
        };
        entries.push(Entry { key: key.trim().to_string(), value: value.trim().to_string(), line: i + 1 });
    }
    Ok(entries)
}

/// The `port` setting (the last one wins), or 8080 when there is none.
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
