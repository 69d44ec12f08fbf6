//! HTTP helpers of the client: which statuses are retried, how transport errors read, capped
//! body reads, headers (ETag, Retry-After dates), the Hub's JSON error bodies, backoff.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

use super::config::HubConfig;

pub(crate) fn retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

pub(crate) fn transport_words(e: &reqwest::Error, config: &HubConfig) -> String {
    // The URL is safe to show (it never holds the token); the error's own text may be long.
    if e.is_timeout() {
        format!(
            "no answer within the timeout (connect {} s, read {} s)",
            config.connect_timeout.as_secs_f64(),
            config.read_timeout.as_secs_f64()
        )
    } else if e.is_connect() {
        format!("cannot connect to {}", config.endpoint)
    } else {
        let mut inner = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            inner = s.to_string();
            source = s.source();
        }
        format!("the connection failed ({inner})")
    }
}

/// Read a body, keeping at most `cap` bytes (+1 to tell that there was more).
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    cap: u64,
) -> Result<(Vec<u8>, bool), String> {
    let mut body: Vec<u8> = Vec::new();
    let limit = cap.saturating_add(1) as usize;
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                if body.len() >= limit {
                    body.truncate(cap as usize);
                    return Ok((body, true));
                }
            }
            Ok(None) => return Ok((body, false)),
            Err(e) => {
                let mut inner = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    inner = s.to_string();
                    source = s.source();
                }
                return Err(inner);
            }
        }
    }
}

pub(crate) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The blob name `huggingface_hub` uses: `X-Linked-Etag`, else `ETag`, without `W/` and quotes.
pub(crate) fn etag(headers: &HeaderMap) -> Option<String> {
    let raw = header(headers, "x-linked-etag").or_else(|| header(headers, "etag"))?;
    let e = raw.trim_start_matches("W/").trim_matches('"').to_string();
    (!e.is_empty()
        && e.len() <= 128
        && e.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    .then_some(e)
}

pub(crate) fn json_error(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("error")?
        .as_str()
        .map(|s| s.chars().take(300).collect())
}

/// How long the server asks to wait: `Retry-After` (seconds or an HTTP date), else for 429 the
/// `t=` of `RateLimit` (IETF draft, which the Hub sends: `"api";r=0;t=37`), else `RateLimit-Reset`.
pub(crate) fn server_wait(headers: &HeaderMap, status: u16, now: SystemTime) -> Option<Duration> {
    if let Some(v) = header(headers, "retry-after") {
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Some(at) = parse_http_date(&v) {
            return Some(at.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    if status != 429 {
        return None;
    }
    if let Some(v) = header(headers, "ratelimit") {
        for part in v.split([';', ',']) {
            if let Some(t) = part.trim().strip_prefix("t=")
                && let Ok(secs) = t.trim().parse::<u64>()
            {
                return Some(Duration::from_secs(secs));
            }
        }
    }
    header(headers, "ratelimit-reset")
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (the IMF-fixdate of RFC 9110).
pub(crate) fn parse_http_date(s: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    let day: u64 = day.parse().ok()?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| m == month)? as u64
        + 1;
    let year: i64 = year.parse().ok()?;
    let hms: Vec<u64> = time.split(':').filter_map(|x| x.parse().ok()).collect();
    let [h, m, sec] = hms.as_slice() else {
        return None;
    };
    // Days from the civil date (Howard Hinnant's algorithm).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mo as i64 + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + (*h * 3600 + *m * 60 + *sec) as i64;
    (secs >= 0).then(|| UNIX_EPOCH + Duration::from_secs(secs as u64))
}

/// Exponential backoff with jitter: about `base * 2^(attempt-1)`, at most `max_delay`.
pub(crate) fn backoff(policy: &super::config::RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << (attempt - 1).min(16))
        .min(policy.max_delay);
    // Jitter in [50%, 100%): spreads the retries of many concurrent scans.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let factor = 0.5 + (nanos % 1000) as f64 / 2000.0;
    exp.mul_f64(factor)
}
