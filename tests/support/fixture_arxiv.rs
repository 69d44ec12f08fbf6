//! A small arXiv-OAI-PMH-shaped HTTP server over a directory of paper records, for tests and
//! demos. Plain `std` (a thread per connection, HTTP/1.1 keep-alive, `TCP_NODELAY`); it listens
//! on 127.0.0.1 only. Point the arXiv base URL at [`FixtureArxiv::endpoint`].
//!
//! ```text
//! GET /oai2?verb=GetRecord&identifier=oai:arXiv.org:2304.01373&metadataPrefix=arXiv
//! GET /_fixture/stats      the request counts (not arXiv)
//! ```
//!
//! The answer is the OAI-PMH 2.0 envelope arXiv sends (`responseDate`, `request`, `GetRecord/
//! record/header` with `identifier`, `datestamp` and `setSpec`, and `metadata/arXiv` in the
//! `http://arxiv.org/OAI/arXiv/` namespace with `id`, `created`, `updated`, `authors`, `title`,
//! `categories`, `comments`, `journal-ref`, `doi`, `license` and `abstract`). A record without a
//! license has no `<license>` element, as arXiv's papers from before 2004 have none. Errors are
//! OAI errors inside a 200 answer: `idDoesNotExist`, `badArgument`, `badVerb`,
//! `cannotDisseminateFormat`.
//!
//! Records: `ROOT/ID.json` (an old-style id's `/` written as `_`, `hep-th_9901001.json`):
//!
//! ```json
//! { "id": "2304.01373", "title": "...", "created": "2023-04-03", "updated": "2023-05-31",
//!   "datestamp": "2023-06-01", "categories": "cs.CL cs.LG",
//!   "authors": [{"keyname": "Biderman", "forenames": "Stella"}, "Hailey Schoelkopf"],
//!   "license": "http://creativecommons.org/licenses/by/4.0/", "abstract": "...",
//!   "comments": "...", "journal_ref": "...", "doi": "...",
//!   "faults": [{"times": 1, "status": 503, "headers": {"Retry-After": "1"},
//!               "delay_ms": 0, "cut": false, "body": "..."}] }
//! ```
//!
//! `ROOT/_faults.json` (a list of faults like those above) applies to every request: arXiv's
//! flow control answers 503 with `Retry-After` whatever is asked. Every request is counted, per
//! paper id ([`FixtureArxiv::requests_for`]).
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

/// Request counts.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub total: u64,
    /// Per paper id (`2304.01373`); `other` for requests naming none.
    pub by_id: BTreeMap<String, u64>,
    /// Every request line, in order.
    pub log: Vec<String>,
}

struct State {
    root: PathBuf,
    base: String,
    counts: Mutex<Counts>,
    fired: Mutex<HashMap<(String, usize), u32>>,
}

/// A running server; stops when dropped.
pub struct FixtureArxiv {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl FixtureArxiv {
    /// Serve `root` on 127.0.0.1 on a free port.
    pub fn start(root: impl Into<PathBuf>) -> std::io::Result<FixtureArxiv> {
        FixtureArxiv::bind(root, "127.0.0.1:0")
    }

    /// Serve `root` on `addr` (which must be a loopback address).
    pub fn bind(root: impl Into<PathBuf>, addr: &str) -> std::io::Result<FixtureArxiv> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            return Err(std::io::Error::other(
                "the fixture arXiv listens on loopback addresses only",
            ));
        }
        let state = Arc::new(State {
            root: root.into(),
            base: format!("http://{addr}"),
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
        Ok(FixtureArxiv {
            addr,
            state,
            stop,
            accept: Some(accept),
        })
    }

    /// `http://127.0.0.1:PORT`, the base the client puts `/oai2` after.
    pub fn endpoint(&self) -> String {
        self.state.base.clone()
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn counts(&self) -> Counts {
        self.state.counts.lock().unwrap().clone()
    }

    /// Requests so far for one paper (`2304.01373`).
    pub fn requests_for(&self, id: &str) -> u64 {
        self.counts().by_id.get(id).copied().unwrap_or(0)
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

impl Drop for FixtureArxiv {
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
    target: String,
    headers: HashMap<String, String>,
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
    fn xml(status: u16, body: String) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type".into(), "text/xml; charset=utf-8".into())],
            body: body.into_bytes(),
            delay: Duration::ZERO,
            cut: false,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
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

/// Text escaped for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `YYYY-MM-DDThh:mm:ssZ` for a Unix time.
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

const OAI_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
"#;

fn envelope(base: &str, request_attrs: &[(&str, &str)], inner: &str) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let attrs: String = request_attrs
        .iter()
        .map(|(k, v)| format!(" {k}=\"{}\"", xml_escape(v)))
        .collect();
    format!(
        "{OAI_OPEN}<responseDate>{}</responseDate>\n<request{attrs}>{base}/oai2</request>\n{inner}</OAI-PMH>\n",
        utc(now)
    )
}

fn oai_error(base: &str, attrs: &[(&str, &str)], code: &str, message: &str) -> Answer {
    Answer::xml(
        200,
        envelope(
            base,
            attrs,
            &format!("<error code=\"{code}\">{}</error>\n", xml_escape(message)),
        ),
    )
}

fn record_path(root: &Path, id: &str) -> Option<PathBuf> {
    if id.is_empty()
        || id.starts_with('.')
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '/' | '_'))
    {
        return None;
    }
    Some(root.join(format!("{}.json", id.replace('/', "_"))))
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The `<author>` elements: an object `{keyname, forenames, suffix}` or a string whose last
/// word is the key name.
fn authors_xml(v: &Value) -> String {
    let mut out = String::new();
    for a in v
        .get("authors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (key, fore, suffix) = match a {
            Value::String(s) => match s.rsplit_once(' ') {
                Some((f, k)) => (k.to_string(), Some(f.to_string()), None),
                None => (s.clone(), None, None),
            },
            Value::Object(_) => (
                text(a, "keyname").unwrap_or_default(),
                text(a, "forenames"),
                text(a, "suffix"),
            ),
            _ => continue,
        };
        out.push_str("<author><keyname>");
        out.push_str(&xml_escape(&key));
        out.push_str("</keyname>");
        if let Some(f) = fore {
            out.push_str(&format!("<forenames>{}</forenames>", xml_escape(&f)));
        }
        if let Some(s) = suffix {
            out.push_str(&format!("<suffix>{}</suffix>", xml_escape(&s)));
        }
        out.push_str("</author>");
    }
    out
}

fn record_xml(v: &Value, id: &str) -> String {
    let created = text(v, "created").unwrap_or_else(|| "2020-01-01".into());
    let updated = text(v, "updated");
    let datestamp = text(v, "datestamp")
        .or_else(|| updated.clone())
        .unwrap_or_else(|| created.clone());
    let categories = text(v, "categories").unwrap_or_else(|| "cs.CL".into());
    let archive = categories
        .split_whitespace()
        .next()
        .unwrap_or("cs")
        .split('.')
        .next()
        .unwrap_or("cs")
        .to_string();
    let mut meta = format!(
        "<arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://arxiv.org/OAI/arXiv/ http://arxiv.org/OAI/arXiv.xsd\">\n<id>{}</id><created>{}</created>",
        xml_escape(id),
        xml_escape(&created)
    );
    if let Some(u) = &updated {
        meta.push_str(&format!("<updated>{}</updated>", xml_escape(u)));
    }
    meta.push_str(&format!("<authors>{}</authors>", authors_xml(v)));
    meta.push_str(&format!(
        "<title>{}</title>",
        xml_escape(&text(v, "title").unwrap_or_default())
    ));
    meta.push_str(&format!(
        "<categories>{}</categories>",
        xml_escape(&categories)
    ));
    for (key, element) in [
        ("comments", "comments"),
        ("journal_ref", "journal-ref"),
        ("doi", "doi"),
        ("license", "license"),
    ] {
        if let Some(t) = text(v, key) {
            meta.push_str(&format!("<{element}>{}</{element}>", xml_escape(&t)));
        }
    }
    meta.push_str(&format!(
        "<abstract>  {}\n</abstract></arXiv>\n",
        xml_escape(&text(v, "abstract").unwrap_or_default())
    ));
    format!(
        "<GetRecord>\n<record>\n<header>\n <identifier>oai:arXiv.org:{}</identifier>\n <datestamp>{}</datestamp>\n <setSpec>{}</setSpec>\n</header>\n<metadata>\n{meta}</metadata>\n</record>\n</GetRecord>\n",
        xml_escape(id),
        xml_escape(&datestamp),
        xml_escape(&archive)
    )
}

/// The first fault of `faults` still due, as an answer.
fn fault(state: &State, key: &str, faults: Option<&Value>) -> Option<Answer> {
    let faults = faults?.as_array()?;
    let mut delay = Duration::ZERO;
    let mut cut = false;
    for (i, f) in faults.iter().enumerate() {
        let times = f.get("times").and_then(Value::as_u64).unwrap_or(u64::MAX);
        {
            let mut fired = state.fired.lock().unwrap();
            let n = fired.entry((key.to_string(), i)).or_default();
            if u64::from(*n) >= times {
                continue;
            }
            *n += 1;
        }
        delay += Duration::from_millis(f.get("delay_ms").and_then(Value::as_u64).unwrap_or(0));
        cut |= f.get("cut").and_then(Value::as_bool) == Some(true);
        let status = f.get("status").and_then(Value::as_u64).map(|s| s as u16);
        let body = f.get("body").and_then(Value::as_str);
        if status.is_none() && body.is_none() {
            // Only a delay or a cut: it shapes the real answer.
            return Some(Answer {
                status: 0,
                headers: Vec::new(),
                body: Vec::new(),
                delay,
                cut,
            });
        }
        let status = status.unwrap_or(200);
        let body = body.map(str::to_string).unwrap_or_else(|| {
            if status == 503 {
                "<html><head><title>503 Service Unavailable</title></head><body><h1>Retry after the time given in the Retry-After header</h1></body></html>\n".into()
            } else {
                format!("<html><body><h1>{status} {}</h1></body></html>\n", reason(status))
            }
        });
        let mut a = Answer {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: body.into_bytes(),
            delay,
            cut,
        };
        if let Some(h) = f.get("headers").and_then(Value::as_object) {
            for (k, v) in h {
                a.headers
                    .push((k.clone(), v.as_str().unwrap_or_default().to_string()));
            }
        }
        return Some(a);
    }
    None
}

fn handle(req: &Request, state: &State) -> Answer {
    let base = &state.base;
    let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
    if path == "/_fixture/stats" {
        let c = state.counts.lock().unwrap().clone();
        let body = json!({"total": c.total, "by_id": c.by_id});
        return Answer {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: serde_json::to_vec(&body).unwrap(),
            delay: Duration::ZERO,
            cut: false,
        };
    }
    let params: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let identifier = get("identifier").unwrap_or_default().to_string();
    let id = identifier
        .strip_prefix("oai:arXiv.org:")
        .unwrap_or_default()
        .to_string();
    {
        let mut c = state.counts.lock().unwrap();
        c.total += 1;
        let key = if id.is_empty() { "other" } else { id.as_str() };
        *c.by_id.entry(key.to_string()).or_default() += 1;
        c.log.push(format!("{} {}", req.method, req.target));
    }

    let mut shape = Answer {
        status: 0,
        headers: Vec::new(),
        body: Vec::new(),
        delay: Duration::ZERO,
        cut: false,
    };
    let server_faults: Option<Value> = std::fs::read_to_string(state.root.join("_faults.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(a) = fault(state, "_server", server_faults.as_ref()) {
        if a.status != 0 {
            return a;
        }
        shape = a;
    }

    let mut answer = if path != "/oai2" {
        Answer {
            status: 404,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: b"<html><body><h1>404 Not Found</h1></body></html>\n".to_vec(),
            delay: Duration::ZERO,
            cut: false,
        }
    } else {
        match get("verb") {
            Some("GetRecord") => {
                let prefix = get("metadataPrefix").unwrap_or_default().to_string();
                let attrs = [
                    ("verb", "GetRecord"),
                    ("identifier", identifier.as_str()),
                    ("metadataPrefix", prefix.as_str()),
                ];
                if identifier.is_empty() || prefix.is_empty() {
                    oai_error(
                        base,
                        &[],
                        "badArgument",
                        "GetRecord requires the arguments identifier and metadataPrefix",
                    )
                } else if prefix != "arXiv" {
                    oai_error(
                        base,
                        &attrs,
                        "cannotDisseminateFormat",
                        &format!("Format '{prefix}' is not supported by this fixture"),
                    )
                } else {
                    let record = record_path(&state.root, &id)
                        .and_then(|p| std::fs::read_to_string(p).ok())
                        .and_then(|t| serde_json::from_str::<Value>(&t).ok());
                    match record {
                        None => oai_error(
                            base,
                            &attrs,
                            "idDoesNotExist",
                            &format!("No matching identifier: {identifier}"),
                        ),
                        Some(v) => match fault(state, &id, v.get("faults")) {
                            Some(a) if a.status != 0 => a,
                            other => {
                                let mut a =
                                    Answer::xml(200, envelope(base, &attrs, &record_xml(&v, &id)));
                                if let Some(o) = other {
                                    a.delay = o.delay;
                                    a.cut = o.cut;
                                }
                                a
                            }
                        },
                    }
                }
            }
            Some(verb) => oai_error(
                base,
                &[],
                "badVerb",
                &format!("Illegal verb '{verb}': this fixture answers GetRecord only"),
            ),
            None => oai_error(base, &[], "badVerb", "The verb argument is missing"),
        }
    };
    answer.delay += shape.delay;
    answer.cut |= shape.cut;
    answer
}
