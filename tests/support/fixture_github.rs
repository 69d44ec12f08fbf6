//! A small GitHub-REST-shaped HTTP server over a fixture directory, for tests, demos and
//! benchmarks. Plain `std` (a thread per connection, HTTP/1.1 keep-alive, `TCP_NODELAY`); it
//! listens on 127.0.0.1 only. Point `GITHUB_API_URL` at [`FixtureGithub::endpoint`].
//!
//! It answers the five endpoints the linked-repository walk uses, in GitHub's own JSON shapes:
//!
//! ```text
//! GET /repos/{o}/{r}                                repository: default_branch, license, ...
//! GET /repos/{o}/{r}/commits/{ref}                  a commit: sha, commit.tree.sha, ...
//! GET /repos/{o}/{r}/git/trees/{sha}[?recursive=1]  the file list (`truncated` may be true)
//! GET /repos/{o}/{r}/license[?ref=]                 the license file, base64, with license{spdx_id}
//! GET /repos/{o}/{r}/contents/{path}[?ref=]         a file (base64 wrapped at 60 chars) or a directory
//! GET /repositories/{id}[/...]                      the same, by repository id (where renames point)
//! GET /_fixture/stats                               the request counts (not GitHub)
//! GET /_fixture/raw/{o}/{r}/{sha}/{path}            the raw bytes behind `download_url` (not GitHub)
//! ```
//!
//! Every answer carries `X-RateLimit-Limit/Remaining/Reset/Used/Resource`; the limit is per
//! identity (anonymous, or each token) and enforced: past it the server answers 403 "API rate
//! limit exceeded" until the window resets ([`Limits`]). A token is never stored or echoed:
//! identities are hashed.
//!
//! Layout of a fixture directory:
//!
//! ```text
//! ROOT/OWNER/REPO/repo.json    the repository (below)
//! ROOT/OWNER/REPO/files/...    its files at its commit (every ref serves the same files)
//! ```
//!
//! `repo.json` (every key optional):
//!
//! ```json
//! { "id": 123456789,                     // the repository id (default: derived from the name)
//!   "default_branch": "main",
//!   "license": "Apache-2.0",             // as GitHub reports it: an SPDX id, "NOASSERTION"
//!                                        // (GitHub's "Other"), or null / absent (none detected);
//!                                        // or a full {"key","name","spdx_id"} object
//!   "license_file": "LICENSE.txt",       // default: the first of LICENSE, LICENSE.md, ...
//!   "refs": {"main": "<40 hex>", "v1.0": {"sha": "<40 hex>", "date": "...", "message": "..."}},
//!   "renamed_to": "NEW-OWNER/NEW-REPO",  // this name answers 301 to /repositories/{new id}
//!   "private": false, "tokens": ["ghp_granted"],  // private: 404 unless a listed token is sent
//!   "info": {"description": "...", "language": "Python", "topics": [], ...},  // merged into the repo JSON
//!   "submodules": {"utils/gpt-neox": "<40 hex>"}, // tree entries of type "commit"
//!   "executable": ["run.sh"],            // mode 100755 in the tree
//!   "generate": {"tokenizer.model": 2229219},     // a file of N filler bytes
//!   "generate_tree": 20000,              // N more files (generated/NNN/file_NNNNN.py), or
//!                                        // {"count": N, "dir": "data"}
//!   "tree_limit": 50,                    // the recursive tree lists only N entries, truncated: true
//!   "faults": [{"route": "repo|commits|tree|license|contents|any|<file path>", "times": 1,
//!               "kind": "rate_limit|secondary_rate_limit", "reset_in": 60, "retry_after": 60,
//!               "status": 429, "headers": {"Retry-After": "1"}, "body": "...",
//!               "delay_ms": 0, "cut": false}] }
//! ```
//!
//! A `rate_limit` fault answers 403 "API rate limit exceeded" with `X-RateLimit-Remaining: 0`
//! and a reset `reset_in` seconds ahead; `secondary_rate_limit` answers 403 with `Retry-After`
//! (omitted when `retry_after` is null); `status`/`headers`/`body` play anything else (a 429
//! with or without `Retry-After`, a 502). `cut` sends half the body and closes the connection.
//!
//! Faults, a private repository's 404 and the rate limit all count as requests. Counts are kept
//! per repository (the name as requested, or the target's name for `/repositories/{id}`) and per
//! repository and route (`GET /_fixture/stats`, [`FixtureGithub::requests_for`],
//! [`FixtureGithub::requests_for_route`]).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// GitHub's largest recursive tree answer: past this many entries it sets `truncated`.
pub const TREE_ENTRY_CAP: usize = 100_000;

/// Files larger than this come back from the contents API with `encoding: "none"` and no content.
pub const CONTENTS_INLINE_CAP: usize = 1024 * 1024;

/// The rate limit the server enforces, per identity and window.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Requests per window without a token (GitHub: 60 an hour).
    pub anonymous: u64,
    /// Requests per window with a token (GitHub: 5,000 an hour).
    pub token: u64,
    /// How long a window lasts; `X-RateLimit-Reset` is its end, in epoch seconds.
    pub window: Duration,
}

impl Default for Limits {
    /// 5,000 an hour for everyone, so tests without a token do not run out.
    fn default() -> Limits {
        Limits {
            anonymous: 5000,
            token: 5000,
            window: Duration::from_secs(3600),
        }
    }
}

impl Limits {
    /// GitHub's own: 60 an hour anonymous, 5,000 with a token.
    pub fn github() -> Limits {
        Limits {
            anonymous: 60,
            ..Limits::default()
        }
    }
}

/// Request counts.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub total: u64,
    /// Per repository: `OWNER/REPO` (as requested; `other` for unknown routes).
    pub by_repo: BTreeMap<String, u64>,
    /// Per repository and route: `OWNER/REPO repo|commits|tree|license|contents|raw`.
    pub by_route: BTreeMap<String, u64>,
    /// How many requests carried an `Authorization` header.
    pub authorized: u64,
    /// Every request line, in order (`GET /repos/o/r/git/trees/abc?recursive=1`).
    pub log: Vec<String>,
}

struct Window {
    reset: u64,
    used: u64,
}

struct State {
    root: PathBuf,
    base: String,
    limits: Limits,
    counts: Mutex<Counts>,
    fired: Mutex<HashMap<(String, usize), u32>>,
    windows: Mutex<HashMap<String, Window>>,
}

/// A running server; stops when dropped.
pub struct FixtureGithub {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl FixtureGithub {
    /// Serve `root` on 127.0.0.1 on a free port, with [`Limits::default`].
    pub fn start(root: impl Into<PathBuf>) -> std::io::Result<FixtureGithub> {
        FixtureGithub::bind(root, "127.0.0.1:0", Limits::default())
    }

    /// Serve `root` on a free port with these limits.
    pub fn start_with(root: impl Into<PathBuf>, limits: Limits) -> std::io::Result<FixtureGithub> {
        FixtureGithub::bind(root, "127.0.0.1:0", limits)
    }

    /// Serve `root` on `addr` (which must be a loopback address).
    pub fn bind(
        root: impl Into<PathBuf>,
        addr: &str,
        limits: Limits,
    ) -> std::io::Result<FixtureGithub> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::other(
                "the fixture GitHub listens on loopback addresses only",
            ));
        }
        let state = Arc::new(State {
            root: root.into(),
            base: format!("http://{addr}"),
            limits,
            counts: Mutex::new(Counts::default()),
            fired: Mutex::new(HashMap::new()),
            windows: Mutex::new(HashMap::new()),
        });
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (state.clone(), stop.clone());
        let accept = std::thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(conn) = conn {
                    let s = s.clone();
                    std::thread::spawn(move || serve_connection(conn, &s));
                }
            }
        });
        Ok(FixtureGithub {
            addr,
            state,
            stop,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT`, for `GITHUB_API_URL`.
    pub fn endpoint(&self) -> String {
        self.state.base.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn counts(&self) -> Counts {
        self.state.counts.lock().unwrap().clone()
    }

    /// Requests so far for one repository (`OWNER/REPO`).
    pub fn requests_for(&self, repo: &str) -> u64 {
        self.counts().by_repo.get(repo).copied().unwrap_or(0)
    }

    /// Requests so far for one repository and route (`repo`, `commits`, `tree`, `license`,
    /// `contents`, `raw`).
    pub fn requests_for_route(&self, repo: &str, route: &str) -> u64 {
        self.counts()
            .by_route
            .get(&format!("{repo} {route}"))
            .copied()
            .unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts().total
    }

    /// Forget the counts, the faults already fired and the rate-limit windows.
    pub fn reset(&self) {
        *self.state.counts.lock().unwrap() = Counts::default();
        self.state.fired.lock().unwrap().clear();
        self.state.windows.lock().unwrap().clear();
    }
}

impl Drop for FixtureGithub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing (the same engineering as fixture_hub.rs).

struct Request {
    method: String,
    target: String,
    headers: HashMap<String, String>,
}

impl Request {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or(&self.target)
    }

    fn query(&self) -> HashMap<String, String> {
        let Some((_, q)) = self.target.split_once('?') else {
            return HashMap::new();
        };
        q.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (percent_decode(k), percent_decode(v)),
                None => (percent_decode(p), String::new()),
            })
            .collect()
    }

    fn token(&self) -> Option<String> {
        let v = self.headers.get("authorization")?;
        let t = v
            .strip_prefix("Bearer ")
            .or_else(|| v.strip_prefix("bearer "))
            .or_else(|| v.strip_prefix("token "))
            .unwrap_or(v);
        Some(t.trim().to_string())
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    if let Some(n) = headers
        .get("content-length")
        .and_then(|v| v.parse::<u64>().ok())
    {
        let _ = std::io::copy(&mut reader.by_ref().take(n), &mut std::io::sink());
    }
    Some(Request {
        method,
        target,
        headers,
    })
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    cut: bool,
}

impl Answer {
    fn json(status: u16, v: &Value) -> Answer {
        let mut body = serde_json::to_vec_pretty(v).unwrap();
        body.push(b'\n');
        Answer {
            status,
            headers: vec![(
                "Content-Type".into(),
                "application/json; charset=utf-8".into(),
            )],
            body,
            delay: Duration::ZERO,
            cut: false,
        }
    }

    /// GitHub's error body: `{"message": ..., "documentation_url": ..., "status": "404"}`.
    fn error(status: u16, message: &str, doc: &str) -> Answer {
        Answer::json(
            status,
            &json!({"message": message, "documentation_url": doc, "status": status.to_string()}),
        )
    }

    fn not_found(doc: &str) -> Answer {
        Answer::error(404, "Not Found", doc)
    }

    fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case(name))
    }

    fn set_header(&mut self, name: &str, value: String) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value));
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn serve_connection(conn: TcpStream, state: &State) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = conn.set_nodelay(true);
    let Ok(mut writer) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(conn);
    while let Some(req) = read_request(&mut reader) {
        let answer = handle(&req, state);
        if !answer.delay.is_zero() {
            std::thread::sleep(answer.delay);
        }
        let mut head = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
        head.push_str(&format!("Content-Length: {}\r\n", answer.body.len()));
        for (k, v) in &answer.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let body: &[u8] = if req.method == "HEAD" {
            &[]
        } else if answer.cut {
            &answer.body[..answer.body.len() / 2]
        } else {
            &answer.body
        };
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        if writer.write_all(&bytes).is_err() {
            return;
        }
        let _ = writer.flush();
        let close = answer.cut
            || req
                .headers
                .get("connection")
                .is_some_and(|c| c.eq_ignore_ascii_case("close"));
        if close {
            let _ = writer.shutdown(Shutdown::Both);
            return;
        }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else if bytes[i] == b'+' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Encodings: git's SHA-1 of a blob, base64 as GitHub sends it.

/// SHA-1 (FIPS 180-4), for git blob ids.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in chunk.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, x) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&x.to_be_bytes());
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The id git gives a blob: SHA-1 of `blob <len>\0<bytes>`.
pub fn git_blob_sha(data: &[u8]) -> String {
    let mut v = format!("blob {}\0", data.len()).into_bytes();
    v.extend_from_slice(data);
    hex(&sha1(&v))
}

/// 40 hex digits derived from some text (commit and tree ids of the fixture).
pub fn hex40(text: &str) -> String {
    hex(&sha1(text.as_bytes()))
}

/// Standard base64 with padding.
pub fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (chunk.get(1).copied().unwrap_or(0) as u32) << 8
            | chunk.get(2).copied().unwrap_or(0) as u32;
        out.push(ABC[(n >> 18) as usize & 63] as char);
        out.push(ABC[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            ABC[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            ABC[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

/// Base64 as the contents and license endpoints send it: a newline after every 60 characters
/// and at the end (Ruby's `Base64.encode64`); empty input gives an empty string.
pub fn base64_github(data: &[u8]) -> String {
    let flat = base64(data);
    let mut out = String::with_capacity(flat.len() + flat.len() / 60 + 1);
    for line in flat.as_bytes().chunks(60) {
        out.push_str(std::str::from_utf8(line).unwrap());
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Licenses as GitHub reports them.

/// GitHub's license object for an SPDX id (as its `licensee` names them).
pub fn license_object(spdx: &str, base: &str) -> Value {
    let (key, name, n) = match spdx {
        "Apache-2.0" => ("apache-2.0", "Apache License 2.0", 2),
        "MIT" => ("mit", "MIT License", 13),
        "BSD-3-Clause" => (
            "bsd-3-clause",
            "BSD 3-Clause \"New\" or \"Revised\" License",
            5,
        ),
        "BSD-2-Clause" => ("bsd-2-clause", "BSD 2-Clause \"Simplified\" License", 4),
        "GPL-3.0" => ("gpl-3.0", "GNU General Public License v3.0", 9),
        "GPL-2.0" => ("gpl-2.0", "GNU General Public License v2.0", 8),
        "LGPL-3.0" => ("lgpl-3.0", "GNU Lesser General Public License v3.0", 12),
        "AGPL-3.0" => ("agpl-3.0", "GNU Affero General Public License v3.0", 1),
        "MPL-2.0" => ("mpl-2.0", "Mozilla Public License 2.0", 14),
        "CC-BY-4.0" => (
            "cc-by-4.0",
            "Creative Commons Attribution 4.0 International",
            25,
        ),
        "CC0-1.0" => ("cc0-1.0", "Creative Commons Zero v1.0 Universal", 6),
        "Unlicense" => ("unlicense", "The Unlicense", 15),
        "NOASSERTION" => ("other", "Other", 0),
        other => {
            let key = other.to_ascii_lowercase();
            return json!({"key": key, "name": other, "spdx_id": other,
                          "url": format!("{base}/licenses/{key}"),
                          "node_id": base64(format!("07:License{}", key.len() + 100).as_bytes())});
        }
    };
    let url = if key == "other" {
        Value::Null
    } else {
        json!(format!("{base}/licenses/{key}"))
    };
    json!({"key": key, "name": name, "spdx_id": spdx, "url": url,
           "node_id": base64(format!("07:License{n}").as_bytes())})
}

// ---------------------------------------------------------------------------------------------
// Repositories.

struct Repo {
    /// `OWNER/REPO`, spelled as the fixture directory spells it.
    full_name: String,
    spec: Value,
    files_dir: PathBuf,
}

/// A commit a ref points at.
struct Commit {
    sha: String,
    date: String,
    message: String,
}

/// A file or directory of a repository.
enum Entry {
    File { path: String, bytes: Vec<u8> },
    Dir { path: String },
    Submodule { path: String, sha: String },
}

fn valid_part(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('.') && !p.contains(['/', '\\'])
}

/// The directory `dir/name`, matched case-insensitively as GitHub matches names.
fn child_dir(dir: &Path, name: &str) -> Option<PathBuf> {
    let exact = dir.join(name);
    if exact.is_dir() {
        return Some(exact);
    }
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(name) && e.path().is_dir())
        .map(|e| e.path())
}

fn load_repo(root: &Path, owner: &str, name: &str) -> Option<Repo> {
    if !valid_part(owner) || !valid_part(name) {
        return None;
    }
    let owner_dir = child_dir(root, owner)?;
    let dir = child_dir(&owner_dir, name)?;
    load_dir(&dir)
}

fn load_dir(dir: &Path) -> Option<Repo> {
    let text = std::fs::read_to_string(dir.join("repo.json")).ok()?;
    let spec: Value = serde_json::from_str(&text).ok()?;
    let name = dir.file_name()?.to_string_lossy().into_owned();
    let owner = dir.parent()?.file_name()?.to_string_lossy().into_owned();
    Some(Repo {
        full_name: format!("{owner}/{name}"),
        spec,
        files_dir: dir.join("files"),
    })
}

/// The repository with this id (renamed-away names are skipped).
fn repo_by_id(root: &Path, id: u64) -> Option<Repo> {
    for owner in std::fs::read_dir(root).ok()?.flatten() {
        let Ok(repos) = std::fs::read_dir(owner.path()) else {
            continue;
        };
        for r in repos.flatten() {
            if let Some(repo) = load_dir(&r.path())
                && repo.renamed_to().is_none()
                && repo.id() == id
            {
                return Some(repo);
            }
        }
    }
    None
}

fn filler(n: usize, seed: &str) -> Vec<u8> {
    let line = format!("fixture bytes standing in for a large file ({seed})\n");
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        out.extend_from_slice(line.as_bytes());
    }
    out.truncate(n);
    out
}

impl Repo {
    fn owner(&self) -> &str {
        self.full_name.split('/').next().unwrap_or_default()
    }

    fn name(&self) -> &str {
        self.full_name.split('/').nth(1).unwrap_or_default()
    }

    fn id(&self) -> u64 {
        self.spec
            .get("id")
            .and_then(Value::as_u64)
            .unwrap_or_else(|| {
                let h = sha1(self.full_name.to_ascii_lowercase().as_bytes());
                100_000_000 + u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]])) % 800_000_000
            })
    }

    fn renamed_to(&self) -> Option<&str> {
        self.spec.get("renamed_to").and_then(Value::as_str)
    }

    fn default_branch(&self) -> String {
        self.spec
            .get("default_branch")
            .and_then(Value::as_str)
            .unwrap_or("main")
            .to_string()
    }

    fn private(&self) -> bool {
        self.spec.get("private").and_then(Value::as_bool) == Some(true)
    }

    fn strings(&self, key: &str) -> Vec<String> {
        self.spec
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn api(&self, base: &str) -> String {
        format!("{base}/repos/{}", self.full_name)
    }

    fn html(&self) -> String {
        format!("https://github.com/{}", self.full_name)
    }

    /// Every ref with its commit; the default branch is always there.
    fn refs(&self) -> Vec<(String, Commit)> {
        let mut out = Vec::new();
        if let Some(map) = self.spec.get("refs").and_then(Value::as_object) {
            for (name, v) in map {
                let (sha, date, message) = match v {
                    Value::String(s) => (s.clone(), None, None),
                    Value::Object(o) => (
                        o.get("sha")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .unwrap_or_else(|| hex40(&format!("{}@{name}", self.full_name))),
                        o.get("date").and_then(Value::as_str).map(str::to_string),
                        o.get("message").and_then(Value::as_str).map(str::to_string),
                    ),
                    _ => continue,
                };
                out.push((
                    name.clone(),
                    Commit {
                        sha,
                        date: date.unwrap_or_else(|| "2024-01-01T00:00:00Z".into()),
                        message: message.unwrap_or_else(|| format!("Update {name}")),
                    },
                ));
            }
        }
        let default = self.default_branch();
        if !out.iter().any(|(n, _)| *n == default) {
            out.push((
                default.clone(),
                Commit {
                    sha: hex40(&format!("{}@{default}", self.full_name)),
                    date: "2024-01-01T00:00:00Z".into(),
                    message: "Initial commit".into(),
                },
            ));
        }
        out
    }

    /// The commit a ref names: `HEAD` (the default branch), a branch or tag name (with or
    /// without `heads/`, `refs/heads/`, `tags/`), a full sha, or a prefix of 7 or more hex digits.
    fn resolve(&self, r: &str) -> Option<Commit> {
        let bare = r
            .trim_start_matches("refs/")
            .trim_start_matches("heads/")
            .trim_start_matches("tags/");
        // `HEAD` names the default branch, as git (and GitHub) resolve it.
        let default = self.default_branch();
        let bare = if bare == "HEAD" {
            default.as_str()
        } else {
            bare
        };
        let refs = self.refs();
        if let Some((_, c)) = refs.iter().find(|(n, _)| n == bare) {
            return Some(Commit {
                sha: c.sha.clone(),
                date: c.date.clone(),
                message: c.message.clone(),
            });
        }
        let lower = r.to_ascii_lowercase();
        if lower.len() >= 7 && lower.chars().all(|c| c.is_ascii_hexdigit()) {
            return refs
                .into_iter()
                .find(|(_, c)| c.sha.starts_with(&lower))
                .map(|(_, c)| c);
        }
        None
    }

    fn tree_sha(&self, commit: &str, dir: &str) -> String {
        hex40(&format!("tree {}:{commit}:{dir}", self.full_name))
    }

    fn generated(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        if let Some(g) = self.spec.get("generate").and_then(Value::as_object) {
            for (p, n) in g {
                out.push((p.clone(), n.as_u64().unwrap_or(0) as usize));
            }
        }
        out
    }

    fn generated_tree(&self) -> Option<(usize, String)> {
        match self.spec.get("generate_tree")? {
            Value::Number(n) => Some((n.as_u64()? as usize, "generated".into())),
            Value::Object(o) => Some((
                o.get("count")?.as_u64()? as usize,
                o.get("dir")
                    .and_then(Value::as_str)
                    .unwrap_or("generated")
                    .to_string(),
            )),
            _ => None,
        }
    }

    /// The bytes of one file, if the repository has it.
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        if path.split('/').any(|p| p.is_empty() || p == "..") {
            return None;
        }
        if let Some((_, n)) = self.generated().into_iter().find(|(p, _)| p == path) {
            return Some(filler(n, path));
        }
        if let Some((count, dir)) = self.generated_tree()
            && let Some(rest) = path.strip_prefix(&format!("{dir}/"))
            && let Some((group, file)) = rest.split_once('/')
            && let Some(i) = file
                .strip_prefix("file_")
                .and_then(|f| f.strip_suffix(".py"))
                .and_then(|n| n.parse::<usize>().ok())
            && i < count
            && group == format!("{:03}", i / 1000)
        {
            return Some(format!("# generated file {i}\n").into_bytes());
        }
        let p = self.files_dir.join(path);
        if p.is_file() {
            std::fs::read(p).ok()
        } else {
            None
        }
    }

    /// Every file path with its bytes, sorted by path.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![(self.files_dir.clone(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let name = format!("{prefix}{}", e.file_name().to_string_lossy());
                if e.path().is_dir() {
                    stack.push((e.path(), format!("{name}/")));
                } else if let Ok(bytes) = std::fs::read(e.path()) {
                    out.push((name, bytes));
                }
            }
        }
        for (p, n) in self.generated() {
            out.retain(|(q, _)| *q != p);
            let bytes = filler(n, &p);
            out.push((p, bytes));
        }
        if let Some((count, dir)) = self.generated_tree() {
            for i in 0..count {
                out.push((
                    format!("{dir}/{:03}/file_{i:05}.py", i / 1000),
                    format!("# generated file {i}\n").into_bytes(),
                ));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    fn submodules(&self) -> Vec<(String, String)> {
        self.spec
            .get("submodules")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(p, s)| (p.clone(), s.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Files, directories and submodules, in git's order (sorted by path).
    fn entries(&self) -> Vec<Entry> {
        let mut paths: BTreeMap<String, Entry> = BTreeMap::new();
        let add_dirs = |paths: &mut BTreeMap<String, Entry>, path: &str| {
            let mut acc = String::new();
            let parts: Vec<&str> = path.split('/').collect();
            for part in &parts[..parts.len() - 1] {
                if !acc.is_empty() {
                    acc.push('/');
                }
                acc.push_str(part);
                paths
                    .entry(acc.clone())
                    .or_insert_with(|| Entry::Dir { path: acc.clone() });
            }
        };
        for (path, bytes) in self.files() {
            add_dirs(&mut paths, &path);
            paths.insert(path.clone(), Entry::File { path, bytes });
        }
        for (path, sha) in self.submodules() {
            add_dirs(&mut paths, &path);
            paths.insert(path.clone(), Entry::Submodule { path, sha });
        }
        paths.into_values().collect()
    }

    fn license(&self, base: &str) -> Option<Value> {
        match self.spec.get("license")? {
            Value::String(s) => Some(license_object(s, base)),
            Value::Object(o) => {
                let spdx = o
                    .get("spdx_id")
                    .and_then(Value::as_str)
                    .unwrap_or("NOASSERTION");
                let mut v = license_object(spdx, base);
                for (k, x) in o {
                    v[k] = x.clone();
                }
                Some(v)
            }
            _ => None,
        }
    }

    fn license_file(&self) -> Option<String> {
        if let Some(p) = self.spec.get("license_file").and_then(Value::as_str) {
            return Some(p.to_string());
        }
        [
            "LICENSE",
            "LICENSE.md",
            "LICENSE.txt",
            "LICENCE",
            "COPYING",
            "LICENSE-APACHE",
        ]
        .into_iter()
        .find(|p| self.files_dir.join(p).is_file())
        .map(str::to_string)
    }

    fn mode(&self, path: &str) -> &'static str {
        if self.strings("executable").iter().any(|p| p == path) {
            "100755"
        } else {
            "100644"
        }
    }

    fn info(&self, base: &str) -> Value {
        let api = self.api(base);
        let html = self.html();
        let owner = self.owner();
        let size_kb: usize = self.files().iter().map(|(_, b)| b.len()).sum::<usize>() / 1024;
        let mut v = json!({
            "id": self.id(),
            "node_id": base64(format!("010:Repository{}", self.id()).as_bytes()),
            "name": self.name(),
            "full_name": self.full_name,
            "private": self.private(),
            "owner": {
                "login": owner,
                "id": u64::from(sha1(owner.as_bytes())[0]) * 1_000_000 + 7,
                "type": "Organization",
                "site_admin": false,
                "url": format!("{base}/users/{owner}"),
                "html_url": format!("https://github.com/{owner}"),
                "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", sha1(owner.as_bytes())[1]),
            },
            "html_url": html,
            "description": Value::Null,
            "fork": false,
            "url": api,
            "commits_url": format!("{api}/commits{{/sha}}"),
            "contents_url": format!("{api}/contents/{{+path}}"),
            "trees_url": format!("{api}/git/trees{{/sha}}"),
            "git_url": format!("git://github.com/{}.git", self.full_name),
            "clone_url": format!("{html}.git"),
            "ssh_url": format!("git@github.com:{}.git", self.full_name),
            "homepage": Value::Null,
            "size": size_kb,
            "stargazers_count": 0,
            "watchers_count": 0,
            "forks_count": 0,
            "open_issues_count": 0,
            "language": Value::Null,
            "has_issues": true,
            "has_wiki": true,
            "archived": false,
            "disabled": false,
            "license": self.license(base),
            "topics": [],
            "visibility": if self.private() { "private" } else { "public" },
            "default_branch": self.default_branch(),
            "created_at": "2020-01-01T00:00:00Z",
            "updated_at": "2024-06-01T00:00:00Z",
            "pushed_at": "2024-06-01T00:00:00Z",
            "network_count": 0,
            "subscribers_count": 0,
        });
        if let Some(extra) = self.spec.get("info").and_then(Value::as_object) {
            for (k, x) in extra {
                v[k] = x.clone();
            }
        }
        v
    }

    fn file_json(&self, base: &str, path: &str, commit: &str, bytes: &[u8]) -> Value {
        let api = self.api(base);
        let sha = git_blob_sha(bytes);
        let url = format!("{api}/contents/{path}?ref={commit}");
        let git_url = format!("{api}/git/blobs/{sha}");
        let html_url = format!("{}/blob/{commit}/{path}", self.html());
        let (content, encoding) = if bytes.len() > CONTENTS_INLINE_CAP {
            (String::new(), "none")
        } else {
            (base64_github(bytes), "base64")
        };
        json!({
            "type": "file",
            "encoding": encoding,
            "size": bytes.len(),
            "name": path.rsplit('/').next().unwrap_or(path),
            "path": path,
            "content": content,
            "sha": sha,
            "url": url,
            "git_url": git_url,
            "html_url": html_url,
            "download_url": format!("{base}/_fixture/raw/{}/{commit}/{path}", self.full_name),
            "_links": {"self": url, "git": git_url, "html": html_url},
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Routes.

const DOC_REPO: &str = "https://docs.github.com/rest/repos/repos#get-a-repository";
const DOC_COMMIT: &str = "https://docs.github.com/rest/commits/commits#get-a-commit";
const DOC_TREE: &str = "https://docs.github.com/rest/git/trees#get-a-tree";
const DOC_LICENSE: &str =
    "https://docs.github.com/rest/licenses/licenses#get-the-license-for-a-repository";
const DOC_CONTENTS: &str = "https://docs.github.com/rest/repos/contents#get-repository-content";
const DOC_REDIRECT: &str =
    "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects";
const DOC_RATE: &str = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
const DOC_SECONDARY: &str = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

enum Target {
    Name(String, String),
    Id(u64),
}

enum Op {
    Repo,
    Commit(String),
    Tree(String),
    License,
    Contents(String),
}

impl Op {
    fn name(&self) -> &'static str {
        match self {
            Op::Repo => "repo",
            Op::Commit(_) => "commits",
            Op::Tree(_) => "tree",
            Op::License => "license",
            Op::Contents(_) => "contents",
        }
    }
}

fn parse_op(rest: &[&str]) -> Option<Op> {
    let join = |p: &[&str]| {
        p.iter()
            .map(|s| percent_decode(s))
            .collect::<Vec<_>>()
            .join("/")
    };
    match rest {
        [] | [""] => Some(Op::Repo),
        ["commits", r @ ..] if !r.is_empty() => Some(Op::Commit(join(r))),
        ["git", "trees", r @ ..] if !r.is_empty() => Some(Op::Tree(join(r))),
        ["license"] => Some(Op::License),
        ["contents"] => Some(Op::Contents(String::new())),
        ["contents", r @ ..] => Some(Op::Contents(join(r).trim_matches('/').to_string())),
        _ => None,
    }
}

/// `(target, op, the path after the repository part)`.
fn route(path: &str) -> Option<(Target, Op, String)> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["repos", owner, name, rest @ ..] => {
            let op = parse_op(rest)?;
            let tail = if rest.is_empty() {
                String::new()
            } else {
                format!("/{}", rest.join("/"))
            };
            Some((
                Target::Name(percent_decode(owner), percent_decode(name)),
                op,
                tail,
            ))
        }
        ["repositories", id, rest @ ..] => {
            let op = parse_op(rest)?;
            let tail = if rest.is_empty() {
                String::new()
            } else {
                format!("/{}", rest.join("/"))
            };
            Some((Target::Id(id.parse().ok()?), op, tail))
        }
        _ => None,
    }
}

/// Charge one request to the caller's window; `None` when the window is spent.
fn charge(state: &State, identity: &str, limit: u64, charge: bool) -> (u64, u64, u64, bool) {
    let mut windows = state.windows.lock().unwrap();
    let t = now();
    let w = windows.entry(identity.to_string()).or_insert(Window {
        reset: t + state.limits.window.as_secs(),
        used: 0,
    });
    if t >= w.reset {
        w.reset = t + state.limits.window.as_secs();
        w.used = 0;
    }
    let spent = w.used >= limit;
    if charge && !spent {
        w.used += 1;
    }
    (limit, limit.saturating_sub(w.used), w.reset, spent)
}

fn handle(req: &Request, state: &State) -> Answer {
    let path = req.path().to_string();
    if path == "/_fixture/stats" {
        let c = state.counts.lock().unwrap().clone();
        return Answer::json(
            200,
            &json!({"total": c.total, "by_repo": c.by_repo, "by_route": c.by_route,
                    "authorized": c.authorized}),
        );
    }
    let token = req.token();
    let identity = match &token {
        Some(t) => format!("token {}", &hex40(t)[..12]),
        None => "anonymous".to_string(),
    };
    let limit = if token.is_some() {
        state.limits.token
    } else {
        state.limits.anonymous
    };

    // Which repository and route, for counting.
    let raw = path.strip_prefix("/_fixture/raw/").map(str::to_string);
    let routed = route(&path);
    let target_repo = match &routed {
        Some((Target::Name(o, n), _, _)) => load_repo(&state.root, o, n),
        Some((Target::Id(id), _, _)) => repo_by_id(&state.root, *id),
        None => None,
    };
    let (repo_key, route_name) = match (&routed, &raw) {
        (Some((Target::Name(o, n), op, _)), _) => (
            target_repo
                .as_ref()
                .map(|r| r.full_name.clone())
                .unwrap_or_else(|| format!("{o}/{n}")),
            op.name(),
        ),
        (Some((Target::Id(id), op, _)), _) => (
            target_repo
                .as_ref()
                .map(|r| r.full_name.clone())
                .unwrap_or_else(|| format!("repositories/{id}")),
            op.name(),
        ),
        (None, Some(r)) => (r.split('/').take(2).collect::<Vec<_>>().join("/"), "raw"),
        (None, None) => ("other".to_string(), "other"),
    };
    {
        let mut c = state.counts.lock().unwrap();
        c.total += 1;
        *c.by_repo.entry(repo_key.clone()).or_default() += 1;
        *c.by_route
            .entry(format!("{repo_key} {route_name}"))
            .or_default() += 1;
        if req.headers.contains_key("authorization") {
            c.authorized += 1;
        }
        c.log.push(format!("{} {}", req.method, req.target));
    }

    let (_, _, _, spent) = charge(state, &identity, limit, false);
    let mut answer = if spent {
        rate_limited(req)
    } else {
        let a = answer(req, state, routed, target_repo, raw, &repo_key, route_name);
        if a.status == 304 {
            a
        } else {
            charge(state, &identity, limit, true);
            a
        }
    };
    let (limit, remaining, reset, _) = charge(state, &identity, limit, false);
    let used = limit - remaining;
    for (k, v) in [
        ("X-RateLimit-Limit", limit.to_string()),
        ("X-RateLimit-Remaining", remaining.to_string()),
        ("X-RateLimit-Reset", reset.to_string()),
        ("X-RateLimit-Used", used.to_string()),
        ("X-RateLimit-Resource", "core".to_string()),
        ("X-GitHub-Media-Type", "github.v3; format=json".to_string()),
        ("X-GitHub-Api-Version-Selected", "2022-11-28".to_string()),
        (
            "X-GitHub-Request-Id",
            hex40(&format!("{} {}", req.target, now()))[..16].to_ascii_uppercase(),
        ),
    ] {
        if !answer.has_header(k) {
            answer.headers.push((k.to_string(), v));
        }
    }
    answer
}

fn rate_limited(_req: &Request) -> Answer {
    Answer::json(
        403,
        &json!({"message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)",
                "documentation_url": DOC_RATE}),
    )
}

#[allow(clippy::too_many_arguments)]
fn answer(
    req: &Request,
    state: &State,
    routed: Option<(Target, Op, String)>,
    repo: Option<Repo>,
    raw: Option<String>,
    repo_key: &str,
    route_name: &str,
) -> Answer {
    let base = &state.base;
    if let Some(raw) = raw {
        return serve_raw(state, &raw);
    }
    let Some((target, op, tail)) = routed else {
        return Answer::not_found("https://docs.github.com/rest");
    };
    let doc = match op {
        Op::Repo => DOC_REPO,
        Op::Commit(_) => DOC_COMMIT,
        Op::Tree(_) => DOC_TREE,
        Op::License => DOC_LICENSE,
        Op::Contents(_) => DOC_CONTENTS,
    };
    let Some(repo) = repo else {
        return Answer::not_found(doc);
    };
    let granted = req
        .token()
        .is_some_and(|t| repo.strings("tokens").contains(&t));
    if repo.private() && !granted {
        return Answer::not_found(doc);
    }

    // A renamed repository: 301 to /repositories/{id} of its new name, sub-path and query kept.
    if let (Target::Name(..), Some(new)) = (&target, repo.renamed_to()) {
        let Some((o, n)) = new.split_once('/') else {
            return Answer::not_found(doc);
        };
        let Some(moved) = load_repo(&state.root, o, n) else {
            return Answer::not_found(doc);
        };
        let query = req
            .target
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        let url = format!("{base}/repositories/{}{tail}{query}", moved.id());
        let mut a = Answer::json(
            301,
            &json!({"message": "Moved Permanently", "url": url, "documentation_url": DOC_REDIRECT}),
        );
        a.headers.push(("Location".into(), url));
        return a;
    }

    // Faults.
    let mut delay = Duration::ZERO;
    let mut cut = false;
    let op_path = match &op {
        Op::Contents(p) => Some(p.clone()),
        _ => None,
    };
    if let Some(faults) = repo.spec.get("faults").and_then(Value::as_array) {
        for (i, f) in faults.iter().enumerate() {
            let r = f.get("route").and_then(Value::as_str).unwrap_or("any");
            let applies = r == "any" || r == route_name || op_path.as_deref() == Some(r);
            if !applies {
                continue;
            }
            let times = f.get("times").and_then(Value::as_u64).unwrap_or(u64::MAX);
            {
                let mut fired = state.fired.lock().unwrap();
                let n = fired.entry((repo_key.to_string(), i)).or_default();
                if u64::from(*n) >= times {
                    continue;
                }
                *n += 1;
            }
            delay += Duration::from_millis(f.get("delay_ms").and_then(Value::as_u64).unwrap_or(0));
            cut |= f.get("cut").and_then(Value::as_bool) == Some(true);
            let kind = f.get("kind").and_then(Value::as_str);
            let status = f.get("status").and_then(Value::as_u64).map(|s| s as u16);
            let body = f.get("body").and_then(Value::as_str);
            let mut a = match kind {
                Some("rate_limit") => {
                    let mut a = rate_limited(req);
                    let reset = now() + f.get("reset_in").and_then(Value::as_u64).unwrap_or(60);
                    a.set_header("X-RateLimit-Remaining", "0".into());
                    a.set_header("X-RateLimit-Reset", reset.to_string());
                    a
                }
                Some("secondary_rate_limit") => {
                    let mut a = Answer::json(
                        403,
                        &json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
                                "documentation_url": DOC_SECONDARY}),
                    );
                    match f.get("retry_after") {
                        Some(Value::Null) => {}
                        Some(v) => a.set_header(
                            "Retry-After",
                            v.as_u64().map(|n| n.to_string()).unwrap_or_default(),
                        ),
                        None => a.set_header("Retry-After", "60".into()),
                    }
                    a
                }
                _ if status.is_some() || body.is_some() => {
                    let status = status.unwrap_or(200);
                    let mut a = Answer::json(status, &Value::Null);
                    a.body = match body {
                        Some(b) => b.as_bytes().to_vec(),
                        None if status == 429 => serde_json::to_vec(
                            &json!({"message": "Too Many Requests", "documentation_url": DOC_RATE}),
                        )
                        .unwrap(),
                        None => serde_json::to_vec(
                            &json!({"message": reason(status), "documentation_url": doc}),
                        )
                        .unwrap(),
                    };
                    a
                }
                _ => continue,
            };
            if let Some(h) = f.get("headers").and_then(Value::as_object) {
                for (k, v) in h {
                    a.set_header(k, v.as_str().unwrap_or_default().to_string());
                }
            }
            a.delay = delay;
            a.cut = cut;
            return a;
        }
    }

    let query = req.query();
    let mut a = match op {
        Op::Repo => Answer::json(200, &repo.info(base)),
        Op::Commit(r) => match repo.resolve(&r) {
            None => Answer::error(422, &format!("No commit found for SHA: {r}"), DOC_COMMIT),
            Some(c) => Answer::json(200, &commit_json(&repo, base, &c)),
        },
        Op::Tree(s) => tree(&repo, base, &s, query.contains_key("recursive")),
        Op::License => {
            let commit = match query.get("ref") {
                Some(r) => repo.resolve(r),
                None => repo.resolve(&repo.default_branch()),
            };
            match (repo.license(base), repo.license_file(), commit) {
                (Some(lic), Some(path), Some(c)) => match repo.file(&path) {
                    Some(bytes) => {
                        let mut v = repo.file_json(base, &path, &c.sha, &bytes);
                        v["license"] = lic;
                        Answer::json(200, &v)
                    }
                    None => Answer::not_found(DOC_LICENSE),
                },
                _ => Answer::not_found(DOC_LICENSE),
            }
        }
        Op::Contents(p) => {
            let r = query
                .get("ref")
                .cloned()
                .unwrap_or_else(|| repo.default_branch());
            match repo.resolve(&r) {
                None => Answer::error(404, &format!("No commit found for the ref {r}"), doc),
                Some(c) => contents(&repo, base, &p, &c.sha),
            }
        }
    };
    if a.status == 200 {
        let etag = format!("W/\"{}\"", hex(&sha1(&a.body)));
        if req.headers.get("if-none-match") == Some(&etag) {
            a.status = 304;
            a.body.clear();
        }
        a.headers.push(("ETag".into(), etag));
        a.headers.push((
            "Cache-Control".into(),
            "public, max-age=60, s-maxage=60".into(),
        ));
    }
    a.delay += delay;
    a.cut |= cut;
    a
}

fn commit_json(repo: &Repo, base: &str, c: &Commit) -> Value {
    let api = repo.api(base);
    let tree = repo.tree_sha(&c.sha, "");
    let parent = hex40(&format!("parent {}", c.sha));
    let person = json!({"name": format!("{} maintainers", repo.owner()),
                        "email": "noreply@github.com", "date": c.date});
    json!({
        "sha": c.sha,
        "node_id": base64(format!("06:Commit{}:{}", repo.id(), c.sha).as_bytes()),
        "commit": {
            "author": person,
            "committer": person,
            "message": c.message,
            "tree": {"sha": tree, "url": format!("{api}/git/trees/{tree}")},
            "url": format!("{api}/git/commits/{}", c.sha),
            "comment_count": 0,
            "verification": {"verified": false, "reason": "unsigned", "signature": null,
                             "payload": null, "verified_at": null},
        },
        "url": format!("{api}/commits/{}", c.sha),
        "html_url": format!("{}/commit/{}", repo.html(), c.sha),
        "comments_url": format!("{api}/commits/{}/comments", c.sha),
        "author": null,
        "committer": null,
        "parents": [{"sha": parent, "url": format!("{api}/commits/{parent}"),
                     "html_url": format!("{}/commit/{parent}", repo.html())}],
        "stats": {"total": 0, "additions": 0, "deletions": 0},
        "files": [],
    })
}

/// `GET .../git/trees/{sha}`: `sha` may be a tree id (the root's or a directory's), a commit
/// sha or a ref name, as GitHub allows.
fn tree(repo: &Repo, base: &str, s: &str, recursive: bool) -> Answer {
    let api = repo.api(base);
    let mut found: Option<(String, String)> = None; // (commit, dir)
    if let Some(c) = repo.resolve(s) {
        found = Some((c.sha, String::new()));
    } else {
        'outer: for (_, c) in repo.refs() {
            if repo.tree_sha(&c.sha, "") == s {
                found = Some((c.sha, String::new()));
                break;
            }
            for e in repo.entries() {
                if let Entry::Dir { path } = e
                    && repo.tree_sha(&c.sha, &path) == s
                {
                    found = Some((c.sha.clone(), path));
                    break 'outer;
                }
            }
        }
    }
    let Some((commit, dir)) = found else {
        return Answer::not_found(DOC_TREE);
    };
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let mut items = Vec::new();
    for e in repo.entries() {
        let full = match &e {
            Entry::File { path, .. } | Entry::Dir { path } | Entry::Submodule { path, .. } => {
                path.clone()
            }
        };
        let Some(rel) = full.strip_prefix(&prefix) else {
            continue;
        };
        if !recursive && rel.contains('/') {
            continue;
        }
        items.push(match e {
            Entry::File { path, bytes } => {
                let sha = git_blob_sha(&bytes);
                json!({"path": rel, "mode": repo.mode(&path), "type": "blob", "sha": sha,
                       "size": bytes.len(), "url": format!("{api}/git/blobs/{sha}")})
            }
            Entry::Dir { path } => {
                let sha = repo.tree_sha(&commit, &path);
                json!({"path": rel, "mode": "040000", "type": "tree", "sha": sha,
                       "url": format!("{api}/git/trees/{sha}")})
            }
            Entry::Submodule { sha, .. } => {
                json!({"path": rel, "mode": "160000", "type": "commit", "sha": sha})
            }
        });
    }
    let cap = repo
        .spec
        .get("tree_limit")
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .unwrap_or(TREE_ENTRY_CAP)
        .min(TREE_ENTRY_CAP);
    let truncated = recursive && items.len() > cap;
    items.truncate(if recursive { cap } else { items.len() });
    let sha = repo.tree_sha(&commit, &dir);
    Answer::json(
        200,
        &json!({"sha": sha, "url": format!("{api}/git/trees/{sha}"), "tree": items,
                "truncated": truncated}),
    )
}

fn contents(repo: &Repo, base: &str, path: &str, commit: &str) -> Answer {
    let api = repo.api(base);
    if !path.is_empty()
        && let Some(bytes) = repo.file(path)
    {
        return Answer::json(200, &repo.file_json(base, path, commit, &bytes));
    }
    if let Some((_, sha)) = repo.submodules().into_iter().find(|(p, _)| p == path) {
        let url = format!("{api}/contents/{path}?ref={commit}");
        return Answer::json(
            200,
            &json!({"type": "submodule", "submodule_git_url": Value::Null, "size": 0,
                    "name": path.rsplit('/').next(), "path": path, "sha": sha, "url": url,
                    "git_url": Value::Null, "html_url": Value::Null, "download_url": Value::Null,
                    "_links": {"self": url, "git": Value::Null, "html": Value::Null}}),
        );
    }
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    let mut listing = Vec::new();
    for e in repo.entries() {
        let (full, kind, sha, size, bytes_url) = match &e {
            Entry::File { path, bytes } => {
                (path.clone(), "file", git_blob_sha(bytes), bytes.len(), true)
            }
            Entry::Dir { path } => (path.clone(), "dir", repo.tree_sha(commit, path), 0, false),
            Entry::Submodule { path, sha } => (path.clone(), "submodule", sha.clone(), 0, false),
        };
        let Some(rel) = full.strip_prefix(&prefix) else {
            continue;
        };
        if rel.is_empty() || rel.contains('/') {
            continue;
        }
        let url = format!("{api}/contents/{full}?ref={commit}");
        let html_url = format!(
            "{}/{}/{commit}/{full}",
            repo.html(),
            if kind == "dir" { "tree" } else { "blob" }
        );
        let git_url = format!(
            "{api}/git/{}/{sha}",
            if kind == "dir" { "trees" } else { "blobs" }
        );
        listing.push(json!({
            "name": rel, "path": full, "sha": sha, "size": size, "url": url,
            "html_url": html_url, "git_url": git_url,
            "download_url": if bytes_url {
                json!(format!("{base}/_fixture/raw/{}/{commit}/{full}", repo.full_name))
            } else { Value::Null },
            "type": kind,
            "_links": {"self": url, "git": git_url, "html": html_url},
        }));
    }
    if listing.is_empty() && !path.is_empty() {
        return Answer::not_found(DOC_CONTENTS);
    }
    Answer::json(200, &Value::Array(listing))
}

fn serve_raw(state: &State, raw: &str) -> Answer {
    let parts: Vec<&str> = raw.splitn(4, '/').collect();
    let [owner, name, r, path] = parts.as_slice() else {
        return Answer::not_found("https://docs.github.com/rest");
    };
    let path = percent_decode(path);
    match load_repo(&state.root, owner, name) {
        Some(repo) if repo.resolve(r).is_some() && !repo.private() => match repo.file(&path) {
            Some(bytes) => Answer {
                status: 200,
                headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
                body: bytes,
                delay: Duration::ZERO,
                cut: false,
            },
            None => Answer::not_found(DOC_CONTENTS),
        },
        _ => Answer::not_found(DOC_CONTENTS),
    }
}
