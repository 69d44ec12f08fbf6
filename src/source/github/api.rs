//! The parts of GitHub's REST answers this tool reads. Unknown fields are ignored and most
//! fields are optional: GitHub Enterprise and GitHub-compatible servers may leave things out.

use serde::Deserialize;

/// `GET /repos/{o}/{r}/commits/{ref}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Commit {
    pub sha: String,
    /// `https://api.github.com/repos/{o}/{r}/commits/{sha}`: names the repository as it is
    /// called now (after a rename).
    pub url: Option<String>,
    pub html_url: Option<String>,
    pub commit: Option<CommitDetail>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CommitDetail {
    pub tree: Option<ShaRef>,
    pub committer: Option<Person>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ShaRef {
    pub sha: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub date: Option<String>,
}

/// `GET /repos/{o}/{r}/git/trees/{sha}?recursive=1`.
#[derive(Debug, Clone, Deserialize)]
pub struct Tree {
    #[serde(default)]
    pub tree: Vec<TreeEntry>,
    /// GitHub lists at most 100,000 entries (7 MB); past that it says `truncated`.
    #[serde(default)]
    pub truncated: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TreeEntry {
    pub path: String,
    /// `blob`, `tree` or `commit` (a submodule).
    #[serde(rename = "type")]
    pub kind: String,
    pub sha: Option<String>,
    pub size: Option<u64>,
}

/// `GET /repos/{o}/{r}/license` and `GET /repos/{o}/{r}/contents/{path}`: a file, base64.
#[derive(Debug, Clone, Deserialize)]
pub struct FileContent {
    pub path: Option<String>,
    pub size: Option<u64>,
    /// `base64`, or `none` for a file over 1 MB (then `content` is empty).
    pub encoding: Option<String>,
    pub content: Option<String>,
    /// Only in the license endpoint's answer.
    pub license: Option<License>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct License {
    pub spdx_id: Option<String>,
}

/// Standard base64 (`+/`, padding optional), ignoring the newlines GitHub wraps it with.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b'\n' | b'\r' | b' ' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// `owner/name` from a commit's API URL (`.../repos/{owner}/{name}/commits/{sha}`).
pub fn full_name_from_url(url: &str) -> Option<String> {
    let rest = &url[url.find("/repos/")? + "/repos/".len()..];
    let mut parts = rest.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    (parts.next() == Some("commits") && super::valid_owner(owner) && super::valid_name(name))
        .then(|| format!("{owner}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_github_wraps_it() {
        assert_eq!(decode_base64("aGVs\nbG8=\n").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert!(decode_base64("a*b").is_none());
        assert_eq!(
            full_name_from_url("https://api.github.com/repos/meta-llama/llama/commits/abc"),
            Some("meta-llama/llama".into())
        );
        assert_eq!(
            full_name_from_url("https://x/repositories/1/commits/abc"),
            None
        );
    }
}
