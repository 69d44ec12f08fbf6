//! Secrets: access tokens, and credentials written into a base URL
//! (`https://user:password@mirror.example`). They are sent where they belong and shown nowhere:
//! every error, note and text that came from a server passes through [`Secrets::redact`].

use std::fmt;

/// An access token. It is sent as `Authorization: Bearer ...` and shown nowhere.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Option<Token> {
        let t = token.into().trim().to_string();
        (!t.is_empty()).then_some(Token(t))
    }

    /// The secret itself, for the `Authorization` header and for redaction only.
    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What must never be shown: a token, and the credentials of a base URL.
#[derive(Clone, Default)]
pub struct Secrets(Vec<String>);

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} hidden)", self.0.len())
    }
}

/// Shown in place of a secret.
pub const REDACTED: &str = "<redacted>";

impl Secrets {
    /// The token and the credentials of `base_url`, in the forms they may appear in (as written,
    /// percent-decoded).
    pub fn new(token: Option<&Token>, base_url: &str) -> Secrets {
        let mut out: Vec<String> = Vec::new();
        if let Some(t) = token {
            out.push(t.secret().to_string());
        }
        if let Some(info) = userinfo(base_url) {
            out.push(info.to_string());
            let decoded = percent_decode(info);
            out.push(decoded.clone());
            if let Some((_, password)) = info.split_once(':') {
                out.push(password.to_string());
                out.push(percent_decode(password));
            }
            if let Some((_, password)) = decoded.split_once(':') {
                out.push(password.to_string());
            }
        }
        // Longest first, so that a secret containing another is replaced whole; very short
        // strings are not secrets worth hiding (and would mangle every text).
        out.retain(|s| s.len() >= 4);
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out.dedup();
        Secrets(out)
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub fn redact(&self, text: &str) -> String {
        let mut s = text.to_string();
        for secret in &self.0 {
            if s.contains(secret.as_str()) {
                s = s.replace(secret.as_str(), REDACTED);
            }
        }
        s
    }

    /// Whether `bytes` hold a secret (a server echoed it).
    pub fn found_in(&self, bytes: &[u8]) -> bool {
        self.0.iter().any(|s| {
            let s = s.as_bytes();
            bytes.windows(s.len()).any(|w| w == s)
        })
    }

    /// `bytes` with every secret replaced, when they hold one.
    pub fn redact_bytes(&self, bytes: Vec<u8>) -> (Vec<u8>, bool) {
        if !self.found_in(&bytes) {
            return (bytes, false);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        (self.redact(&text).into_bytes(), true)
    }
}

/// The `user:password` part of `scheme://user:password@host/...`.
fn userinfo(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    authority.rsplit_once('@').map(|(info, _)| info)
}

/// `url` without the credentials of its authority (for messages).
pub fn strip_credentials(url: &str) -> String {
    match (url.split_once("://"), userinfo(url)) {
        (Some((scheme, rest)), Some(info)) => {
            format!(
                "{scheme}://{}",
                rest.strip_prefix(info)
                    .and_then(|r| r.strip_prefix('@'))
                    .unwrap_or(rest)
            )
        }
        _ => url.to_string(),
    }
}

/// A URL part decoded (`refs%2Fpr%2F1` is `refs/pr/1`); invalid escapes stay as written.
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_url_credentials_are_hidden() {
        let t = Token::new("ghp_secretvalue").unwrap();
        assert_eq!(format!("{t}"), "<redacted>");
        assert!(!format!("{t:?}").contains("secret"));
        let s = Secrets::new(Some(&t), "https://me:p%40ss@mirror.example/api");
        let shown = s.redact("sent ghp_secretvalue to https://me:p%40ss@mirror.example (p@ss)");
        assert!(!shown.contains("secretvalue") && !shown.contains("p%40ss"));
        assert!(!shown.contains("p@ss"), "{shown}");
        assert_eq!(
            strip_credentials("https://me:pw@mirror.example/x"),
            "https://mirror.example/x"
        );
        assert_eq!(
            strip_credentials("http://127.0.0.1:1/a@b"),
            "http://127.0.0.1:1/a@b"
        );
        assert!(s.found_in(b"..ghp_secretvalue.."));
        assert_eq!(
            s.redact_bytes(b"x ghp_secretvalue".to_vec()),
            (b"x <redacted>".to_vec(), true)
        );
    }
}
