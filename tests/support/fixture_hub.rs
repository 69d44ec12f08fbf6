//! A small Hub-shaped HTTP server over a fixture directory, for tests, demos and benchmarks.
//! Plain `std` (a thread per connection, HTTP/1.1 keep-alive); it listens on 127.0.0.1 only.
//!
//! Layout of a fixture directory:
//!
//! ```text
//! ROOT/models/ORG/NAME/repo.json     the repository: its commit, API fields, faults (below)
//! ROOT/models/ORG/NAME/files/...     the files it serves (README.md, LICENSE, config.json)
//! ROOT/datasets/ORG/NAME/...         datasets, the same way
//! ROOT/templates/ORG/...             serves every ORG/<any name> not found above, with
//!                                    `{{id}}` and `{{name}}` replaced (for 1,000-model benchmarks)
//! ```
//!
//! The model listing `GET /api/models` lists ROOT/models/ (by id), then, for each template
//! whose repo.json says `"list": N`, the generated models `ORG/model-1` ... `ORG/model-N`
//! (numbers zero-padded to N's width), none held in memory. It filters by `author`, `search`
//! (a substring of the id, any case), `library` and `pipeline_tag` (the repository's `info`),
//! and `filter` (a tag among those and the info's `tags`); `sort` and `direction` are accepted
//! and ignored. Pages hold `limit` models (at most 1,000, the default, or the smallest `"page"`
//! of a template's repo.json) and end with a `Link:
//! <...&cursor=N>; rel="next"` header while more remain, as the Hub's do.
//!
//! `repo.json` (every key optional):
//!
//! ```json
//! { "sha": "<40 hex>", "info": { "gated": "manual", "library_name": "transformers", ... },
//!   "siblings": [{"rfilename": "model.safetensors", "size": 2000000000}],
//!   "branches": ["step1000"], "tags": ["v1"], "private": false, "tokens": ["hf_granted"],
//!   "generate": {"README.md": 3000000},
//!   "faults": [{"route": "info|refs|file|<path>", "times": 1, "status": 429,
//!               "headers": {"Retry-After": "1"}, "delay_ms": 0, "cut": false,
//!               "body": "...", "echo_auth": false}] }
//! ```
//!
//! Like the Hub, the server derives `cardData` from the README's front matter (unless `info`
//! gives it) and the `license:`, `dataset:` and `base_model:` tags from `cardData`; lists
//! `siblings` with sizes; answers `resolve` with `ETag` and `X-Repo-Commit`; answers gated files
//! 401 without a token and 403 (`X-Error-Code: GatedRepo`) with a token not in `tokens`; and
//! counts every request, per repository (`GET /_fixture/stats`, or [`FixtureHub::requests_for`]).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use serde_json::{Value, json};

/// Request counts.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub total: u64,
    /// Per repository: `model ORG/NAME`, `dataset ORG/NAME`.
    pub by_repo: BTreeMap<String, u64>,
    /// Every request line, in order (`GET /api/models/org/name?blobs=true`).
    pub log: Vec<String>,
}

struct State {
    root: PathBuf,
    counts: Mutex<Counts>,
    /// How many times each fault of each repository has fired.
    fired: Mutex<HashMap<(String, usize), u32>>,
}

/// A running server; stops when dropped.
pub struct FixtureHub {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl FixtureHub {
    /// Serve `root` on 127.0.0.1 on a free port.
    pub fn start(root: impl Into<PathBuf>) -> std::io::Result<FixtureHub> {
        FixtureHub::bind(root, "127.0.0.1:0")
    }

    /// Serve `root` on `addr` (which must be a loopback address).
    pub fn bind(root: impl Into<PathBuf>, addr: &str) -> std::io::Result<FixtureHub> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::other(
                "the fixture hub listens on loopback addresses only",
            ));
        }
        let state = Arc::new(State {
            root: root.into(),
            counts: Mutex::new(Counts::default()),
            fired: Mutex::new(HashMap::new()),
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
        Ok(FixtureHub {
            addr,
            state,
            stop,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT`, for `HF_ENDPOINT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn counts(&self) -> Counts {
        self.state.counts.lock().unwrap().clone()
    }

    /// Requests so far for one repository (`model ORG/NAME` or `dataset ORG/NAME`).
    pub fn requests_for(&self, repo: &str) -> u64 {
        self.counts().by_repo.get(repo).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts().total
    }

    /// Forget the counts and the faults already fired.
    pub fn reset(&self) {
        *self.state.counts.lock().unwrap() = Counts::default();
        self.state.fired.lock().unwrap().clear();
    }
}

impl Drop for FixtureHub {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
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
        path,
        headers,
    })
}

/// An answer to write.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    /// Send only half the body, then close the connection.
    cut: bool,
}

impl Answer {
    fn json(status: u16, v: &Value) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(v).unwrap(),
            delay: Duration::ZERO,
            cut: false,
        }
    }

    fn error(status: u16, code: &str, message: &str) -> Answer {
        let mut a = Answer::json(status, &json!({ "error": message }));
        a.headers.push(("X-Error-Code".into(), code.into()));
        a.headers.push(("X-Error-Message".into(), message.into()));
        a
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        304 => "Not Modified",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn serve_connection(conn: TcpStream, state: &State) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(30)));
    // Answers go out in one write; no Nagle delay waiting for the client's ACK.
    let _ = conn.set_nodelay(true);
    let Ok(write_half) = conn.try_clone() else {
        return;
    };
    let mut writer = write_half;
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

/// What a request asks for.
enum Route {
    Info {
        kind: &'static str,
        id: String,
        rev: Option<String>,
    },
    Refs {
        id: String,
    },
    File {
        kind: &'static str,
        id: String,
        rev: String,
        path: String,
    },
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
            let b = (h * 16 + l) as u8;
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(path: &str) -> Option<Route> {
    let path = path.split('?').next().unwrap_or(path);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["api", kind @ ("models" | "datasets"), org, name, rest @ ..] => {
            let kind = if *kind == "models" {
                "model"
            } else {
                "dataset"
            };
            let id = format!("{org}/{name}");
            match rest {
                [] => Some(Route::Info {
                    kind,
                    id,
                    rev: None,
                }),
                ["revision", rev] => Some(Route::Info {
                    kind,
                    id,
                    rev: Some(percent_decode(rev)),
                }),
                ["refs"] if kind == "model" => Some(Route::Refs { id }),
                _ => None,
            }
        }
        ["datasets", org, name, "resolve", rev, file @ ..] if !file.is_empty() => {
            Some(Route::File {
                kind: "dataset",
                id: format!("{org}/{name}"),
                rev: percent_decode(rev),
                path: file
                    .iter()
                    .map(|p| percent_decode(p))
                    .collect::<Vec<_>>()
                    .join("/"),
            })
        }
        [org, name, "resolve", rev, file @ ..] if !file.is_empty() => Some(Route::File {
            kind: "model",
            id: format!("{org}/{name}"),
            rev: percent_decode(rev),
            path: file
                .iter()
                .map(|p| percent_decode(p))
                .collect::<Vec<_>>()
                .join("/"),
        }),
        _ => None,
    }
}

/// A repository as the fixture describes it.
struct Repo {
    id: String,
    spec: Value,
    /// Where its files are, and the template substitutions to apply to them.
    files_dir: PathBuf,
    subst: Option<(String, String)>,
}

fn fnv(data: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in data {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 40 hex digits derived from some bytes (commit shas and ETags of the fixture).
pub fn hex40(data: &[u8]) -> String {
    format!(
        "{:016x}{:016x}{:08x}",
        fnv(data, 1),
        fnv(data, 2),
        fnv(data, 3) as u32
    )
}

fn load_repo(root: &Path, kind: &str, id: &str) -> Option<Repo> {
    let (org, name) = id.split_once('/')?;
    if [org, name]
        .iter()
        .any(|p| p.is_empty() || p.starts_with('.'))
    {
        return None;
    }
    let dir = root.join(format!("{kind}s")).join(org).join(name);
    if let Ok(text) = std::fs::read_to_string(dir.join("repo.json")) {
        let spec: Value = serde_json::from_str(&text).ok()?;
        return Some(Repo {
            id: id.to_string(),
            spec,
            files_dir: dir.join("files"),
            subst: None,
        });
    }
    let template = root.join("templates").join(org);
    let text = std::fs::read_to_string(template.join("repo.json")).ok()?;
    if kind != "model" {
        return None;
    }
    let text = text.replace("{{id}}", id).replace("{{name}}", name);
    let mut spec: Value = serde_json::from_str(&text).ok()?;
    if spec.get("sha").is_none() {
        spec["sha"] = json!(hex40(id.as_bytes()));
    }
    Some(Repo {
        id: id.to_string(),
        spec,
        files_dir: template.join("files"),
        subst: Some((id.to_string(), name.to_string())),
    })
}

impl Repo {
    fn sha(&self) -> String {
        self.spec
            .get("sha")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| hex40(self.id.as_bytes()))
    }

    fn list(&self, key: &str) -> Vec<String> {
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

    fn private(&self) -> bool {
        self.spec.get("private").and_then(Value::as_bool) == Some(true)
    }

    fn gated(&self) -> bool {
        matches!(
            self.spec.pointer("/info/gated"),
            Some(Value::String(_)) | Some(Value::Bool(true))
        )
    }

    /// The file's bytes, if the repository has it.
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        if path.split('/').any(|p| p.is_empty() || p == "..") {
            return None;
        }
        if let Some(n) = self
            .spec
            .pointer("/generate")
            .and_then(|g| g.get(path))
            .and_then(Value::as_u64)
        {
            return Some(generated(n as usize));
        }
        let bytes = std::fs::read(self.files_dir.join(path)).ok()?;
        Some(match (&self.subst, String::from_utf8(bytes.clone())) {
            (Some((id, name)), Ok(text)) => text
                .replace("{{id}}", id)
                .replace("{{name}}", name)
                .into_bytes(),
            _ => bytes,
        })
    }

    /// Every file served, with its size.
    fn files(&self) -> Vec<(String, u64)> {
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
                } else if let Some(bytes) = self.file(&name) {
                    out.push((name, bytes.len() as u64));
                }
            }
        }
        if let Some(g) = self.spec.get("generate").and_then(Value::as_object) {
            for (name, n) in g {
                out.retain(|(p, _)| p != name);
                out.push((name.clone(), n.as_u64().unwrap_or(0)));
            }
        }
        out.sort();
        out
    }

    fn card_data(&self) -> Option<Value> {
        if let Some(c) = self.spec.pointer("/info/cardData") {
            return Some(c.clone());
        }
        // Cards with CRLF line endings have front matter too.
        let text = String::from_utf8(self.file("README.md")?)
            .ok()?
            .replace("\r\n", "\n");
        let rest = text.strip_prefix("---\n")?;
        let end = rest.find("\n---")?;
        openness::yaml::parse::<Value>(&rest[..end], openness::yaml::Duplicates::LastWins)
            .ok()
            .filter(Value::is_object)
    }

    fn info(&self, kind: &str, sha: &str) -> Value {
        let mut info = json!({
            "_id": hex40(self.id.as_bytes())[..24].to_string(),
            "id": self.id,
            "author": self.id.split('/').next(),
            "sha": sha,
            "lastModified": "2024-01-01T00:00:00.000Z",
            "private": self.private(),
            "gated": false,
            "disabled": false,
            "tags": [],
        });
        if let Some(extra) = self.spec.get("info").and_then(Value::as_object) {
            for (k, v) in extra {
                info[k] = v.clone();
            }
        }
        let card = self.card_data();
        let mut tags: Vec<String> = self.list_at(&info, "tags");
        if let Some(c) = &card {
            let strings = |k: &str| -> Vec<String> {
                match c.get(k) {
                    Some(Value::String(s)) => vec![s.clone()],
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    _ => Vec::new(),
                }
            };
            tags.extend(
                strings("license")
                    .into_iter()
                    .map(|l| format!("license:{l}")),
            );
            tags.extend(
                strings("datasets")
                    .into_iter()
                    .map(|d| format!("dataset:{d}")),
            );
            let rel = c
                .get("base_model_relation")
                .and_then(Value::as_str)
                .unwrap_or("finetune");
            tags.extend(
                strings("base_model")
                    .into_iter()
                    .map(|b| format!("base_model:{rel}:{b}")),
            );
            if info.get("cardData").is_none() {
                info["cardData"] = c.clone();
            }
        }
        if kind == "model"
            && let Some(c) = &card
            && let Some(lib) = c.get("library_name")
            && info.get("library_name").is_none()
        {
            info["library_name"] = lib.clone();
        }
        tags.sort();
        tags.dedup();
        info["tags"] = json!(tags);
        let mut siblings: Vec<Value> = self
            .files()
            .into_iter()
            .map(|(p, size)| json!({"rfilename": p, "size": size, "blobId": hex40(p.as_bytes())}))
            .collect();
        if let Some(extra) = self.spec.get("siblings").and_then(Value::as_array) {
            siblings.extend(extra.iter().cloned());
        }
        siblings.sort_by(|a, b| a["rfilename"].as_str().cmp(&b["rfilename"].as_str()));
        info["siblings"] = json!(siblings);
        info
    }

    fn list_at(&self, v: &Value, key: &str) -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Resolve a revision to a commit: `main` and the sha itself to the repo's sha, branches and
    /// tags to a sha derived from their names.
    fn resolve(&self, rev: &str) -> Option<String> {
        let sha = self.sha();
        if rev == "main" || rev == sha {
            return Some(sha);
        }
        let named = self
            .list("branches")
            .into_iter()
            .chain(self.list("tags"))
            .find(|b| b == rev)?;
        Some(hex40(format!("{}@{named}", self.id).as_bytes()))
    }
}

/// A made-up Markdown text of `n` bytes (for size caps).
fn generated(n: usize) -> Vec<u8> {
    let line = b"This line is filler text that makes the model card very large indeed.\n";
    let mut out = b"---\nlicense: mit\n---\n# A huge card\n".to_vec();
    while out.len() < n {
        out.extend_from_slice(line);
    }
    out.truncate(n);
    out
}

fn handle(req: &Request, state: &State) -> Answer {
    if req.path.starts_with("/_fixture/stats") {
        let c = state.counts.lock().unwrap().clone();
        return Answer::json(200, &json!({"total": c.total, "by_repo": c.by_repo}));
    }
    if req.path == "/api/models" || req.path.starts_with("/api/models?") {
        {
            let mut c = state.counts.lock().unwrap();
            c.total += 1;
            *c.by_repo.entry("listing".into()).or_default() += 1;
            c.log.push(format!("{} {}", req.method, req.path));
        }
        return list_models(req, state);
    }
    let route = route(&req.path);
    let repo_key = match &route {
        Some(Route::Info { kind, id, .. }) | Some(Route::File { kind, id, .. }) => {
            format!("{kind} {id}")
        }
        Some(Route::Refs { id }) => format!("model {id}"),
        None => "other".to_string(),
    };
    {
        let mut c = state.counts.lock().unwrap();
        c.total += 1;
        *c.by_repo.entry(repo_key.clone()).or_default() += 1;
        c.log.push(format!("{} {}", req.method, req.path));
    }
    let Some(route) = route else {
        return Answer::error(404, "NotFound", "no such route on the fixture hub");
    };
    let (kind, id) = match &route {
        Route::Info { kind, id, .. } | Route::File { kind, id, .. } => (*kind, id.clone()),
        Route::Refs { id } => ("model", id.clone()),
    };
    let Some(repo) = load_repo(&state.root, kind, &id) else {
        return Answer::error(404, "RepoNotFound", "Repository not found");
    };
    let token = req
        .headers
        .get("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let granted = token
        .as_ref()
        .is_some_and(|t| repo.list("tokens").contains(t));

    // Faults first.
    let route_name = match &route {
        Route::Info { .. } => "info".to_string(),
        Route::Refs { .. } => "refs".to_string(),
        Route::File { path, .. } => path.clone(),
    };
    let mut delay = Duration::ZERO;
    let mut cut = false;
    if let Some(faults) = repo.spec.get("faults").and_then(Value::as_array) {
        for (i, f) in faults.iter().enumerate() {
            let r = f.get("route").and_then(Value::as_str).unwrap_or("any");
            let applies = r == "any"
                || r == route_name
                || (r == "file" && matches!(route, Route::File { .. }));
            if !applies {
                continue;
            }
            let times = f.get("times").and_then(Value::as_u64).unwrap_or(u64::MAX);
            let mut fired = state.fired.lock().unwrap();
            let n = fired.entry((repo_key.clone(), i)).or_default();
            if u64::from(*n) >= times {
                continue;
            }
            *n += 1;
            drop(fired);
            delay += Duration::from_millis(f.get("delay_ms").and_then(Value::as_u64).unwrap_or(0));
            cut |= f.get("cut").and_then(Value::as_bool) == Some(true);
            let status = f.get("status").and_then(Value::as_u64).map(|s| s as u16);
            let body = f.get("body").and_then(Value::as_str);
            let echo = f.get("echo_auth").and_then(Value::as_bool) == Some(true);
            if status.is_some() || body.is_some() || echo {
                let status = status.unwrap_or(200);
                let mut a = if echo {
                    let seen = req
                        .headers
                        .get("authorization")
                        .cloned()
                        .unwrap_or_default();
                    let mut a = Answer::error(status, "Echo", &format!("you sent {seen}"));
                    a.body =
                        serde_json::to_vec(&json!({"error": format!("you sent {seen}")})).unwrap();
                    a
                } else {
                    Answer {
                        status,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: body.unwrap_or("{\"error\":\"fault\"}").as_bytes().to_vec(),
                        delay: Duration::ZERO,
                        cut: false,
                    }
                };
                if let Some(h) = f.get("headers").and_then(Value::as_object) {
                    for (k, v) in h {
                        a.headers
                            .push((k.clone(), v.as_str().unwrap_or_default().to_string()));
                    }
                }
                a.delay = delay;
                a.cut = cut;
                return a;
            }
        }
    }

    let mut answer = match route {
        Route::Info { kind, rev, .. } => {
            if repo.private() && !granted {
                return Answer::error(
                    if token.is_some() { 404 } else { 401 },
                    "RepoNotFound",
                    "Repository not found",
                );
            }
            match repo.resolve(rev.as_deref().unwrap_or("main")) {
                Some(sha) => Answer::json(200, &repo.info(kind, &sha)),
                None => Answer::error(404, "RevisionNotFound", "Invalid rev id"),
            }
        }
        Route::Refs { .. } => {
            if repo.private() && !granted {
                return Answer::error(401, "RepoNotFound", "Repository not found");
            }
            let sha = repo.sha();
            let branch = |name: &str| {
                json!({"name": name, "ref": format!("refs/heads/{name}"),
                       "targetCommit": repo.resolve(name).unwrap_or_else(|| sha.clone())})
            };
            let mut branches = vec![branch("main")];
            branches.extend(repo.list("branches").iter().map(|b| branch(b)));
            let tags: Vec<Value> = repo
                .list("tags")
                .iter()
                .map(|t| json!({"name": t, "ref": format!("refs/tags/{t}"), "targetCommit": repo.resolve(t)}))
                .collect();
            Answer::json(
                200,
                &json!({"branches": branches, "tags": tags, "converts": []}),
            )
        }
        Route::File { rev, path, .. } => {
            if (repo.private() || repo.gated()) && !granted {
                let (status, code) = match (repo.private(), token.is_some()) {
                    (true, _) => (401, "RepoNotFound"),
                    (false, false) => (401, "GatedRepo"),
                    (false, true) => (403, "GatedRepo"),
                };
                return Answer::error(
                    status,
                    code,
                    "Access to this gated repository is restricted",
                );
            }
            let Some(sha) = repo.resolve(&rev) else {
                return Answer::error(404, "RevisionNotFound", "Invalid rev id");
            };
            match repo.file(&path) {
                None => Answer::error(404, "EntryNotFound", "Entry not found"),
                Some(bytes) => {
                    let etag = hex40(&bytes);
                    let total = bytes.len();
                    let mut a = Answer {
                        status: 200,
                        headers: vec![
                            ("Content-Type".into(), "text/plain; charset=utf-8".into()),
                            ("ETag".into(), format!("\"{etag}\"")),
                            ("X-Repo-Commit".into(), sha),
                        ],
                        body: bytes,
                        delay: Duration::ZERO,
                        cut: false,
                    };
                    let range = req
                        .headers
                        .get("range")
                        .and_then(|r| r.strip_prefix("bytes=0-"))
                        .and_then(|end| end.parse::<usize>().ok());
                    if let Some(end) = range
                        && end + 1 < total
                    {
                        a.status = 206;
                        a.body.truncate(end + 1);
                        a.headers
                            .push(("Content-Range".into(), format!("bytes 0-{end}/{total}")));
                    }
                    a
                }
            }
        }
    };
    answer.delay += delay;
    answer.cut |= cut;
    answer
}

/// One model of a listing: its id and the info fields the filters look at.
struct Listed {
    id: String,
    library: Option<String>,
    pipeline: Option<String>,
    tags: Vec<String>,
}

fn listed_of(id: String, spec: &Value) -> Listed {
    let info = spec.get("info");
    let field = |k: &str| {
        info.and_then(|i| i.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let tags = info
        .and_then(|i| i.get("tags"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Listed {
        library: field("library_name"),
        pipeline: field("pipeline_tag"),
        id,
        tags,
    }
}

/// Every model the listing can give, in order, generated as it is walked.
fn all_listed(root: &Path) -> impl Iterator<Item = Listed> + '_ {
    let mut fixed: Vec<(String, Value)> = Vec::new();
    let orgs = std::fs::read_dir(root.join("models"))
        .into_iter()
        .flatten()
        .flatten();
    for org in orgs {
        for repo in std::fs::read_dir(org.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let id = format!(
                "{}/{}",
                org.file_name().to_string_lossy(),
                repo.file_name().to_string_lossy()
            );
            let spec = std::fs::read_to_string(repo.path().join("repo.json"))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Value::Null);
            fixed.push((id, spec));
        }
    }
    fixed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut templates: Vec<(String, Value, u64)> = Vec::new();
    for t in std::fs::read_dir(root.join("templates"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let spec: Value = std::fs::read_to_string(t.path().join("repo.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        if let Some(n) = spec.get("list").and_then(Value::as_u64) {
            templates.push((t.file_name().to_string_lossy().into_owned(), spec, n));
        }
    }
    templates.sort_by(|a, b| a.0.cmp(&b.0));
    fixed
        .into_iter()
        .map(|(id, spec)| listed_of(id, &spec))
        .chain(templates.into_iter().flat_map(|(org, spec, n)| {
            let width = n.to_string().len();
            (1..=n).map(move |i| listed_of(format!("{org}/model-{i:0width$}"), &spec))
        }))
}

fn list_models(req: &Request, state: &State) -> Answer {
    let query = req.path.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut params: Vec<(String, String)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        params.push((percent_decode(k), percent_decode(&v.replace('+', " "))));
    }
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let tags: Vec<String> = params
        .iter()
        .filter(|(n, _)| n == "filter")
        .map(|(_, v)| v.clone())
        .collect();
    // Pages hold at most 1,000 models, or a template's `"page"` (to test paging cheaply).
    let max_page = std::fs::read_dir(state.root.join("templates"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("repo.json")).ok())
        .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
        .filter_map(|v| v.get("page").and_then(Value::as_u64))
        .min()
        .unwrap_or(1000) as usize;
    let limit = get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(1000)
        .clamp(1, max_page.clamp(1, 1000));
    let Ok(start) = get("cursor")
        .unwrap_or_default()
        .parse::<usize>()
        .or_else(|e| {
            if get("cursor").is_none() {
                Ok(0)
            } else {
                Err(e)
            }
        })
    else {
        return Answer::error(400, "BadRequest", "invalid cursor");
    };
    // Faults of a listing, from any template: `"list_fail_at": N` answers the page at cursor N
    // with 400; `"list_next_host": "H"` points the next-page links at host H.
    let template_key = |k: &str| {
        std::fs::read_dir(state.root.join("templates"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| std::fs::read_to_string(t.path().join("repo.json")).ok())
            .filter_map(|t| serde_json::from_str::<Value>(&t).ok())
            .find_map(|v| v.get(k).cloned())
    };
    if template_key("list_fail_at").and_then(|v| v.as_u64()) == Some(start as u64) && start > 0 {
        return Answer::error(400, "BadRequest", "the listing broke here");
    }
    let (author, search) = (get("author"), get("search").map(|s| s.to_lowercase()));
    let (library, pipeline) = (get("library"), get("pipeline_tag"));
    let matches = |m: &Listed| {
        author
            .as_ref()
            .is_none_or(|a| m.id.split('/').next() == Some(a.as_str()))
            && search
                .as_ref()
                .is_none_or(|s| m.id.to_lowercase().contains(s))
            && library
                .as_ref()
                .is_none_or(|l| m.library.as_ref() == Some(l))
            && pipeline
                .as_ref()
                .is_none_or(|p| m.pipeline.as_ref() == Some(p))
            && tags.iter().all(|t| {
                m.tags.contains(t)
                    || m.library.as_ref() == Some(t)
                    || m.pipeline.as_ref() == Some(t)
            })
    };
    let mut page = Vec::new();
    let mut more = false;
    for m in all_listed(&state.root).filter(|m| matches(m)).skip(start) {
        if page.len() == limit {
            more = true;
            break;
        }
        page.push(json!({
            "_id": hex40(m.id.as_bytes())[..24].to_string(),
            "id": m.id,
            "modelId": m.id,
            "likes": 0,
            "downloads": 0,
            "private": false,
            "library_name": m.library,
            "pipeline_tag": m.pipeline,
            "tags": m.tags,
        }));
    }
    let mut a = Answer::json(200, &Value::Array(page.clone()));
    if more {
        let host = template_key("list_next_host")
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| req.headers.get("host").cloned().unwrap_or_default());
        let mut next: Vec<String> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("cursor="))
            .map(str::to_string)
            .collect();
        next.push(format!("cursor={}", start + page.len()));
        a.headers.push((
            "Link".into(),
            format!(
                "<http://{host}/api/models?{}>; rel=\"next\"",
                next.join("&")
            ),
        ));
    }
    a
}
