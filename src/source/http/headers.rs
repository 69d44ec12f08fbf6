//! What answers say: which statuses are retried, how long a server asks to wait (`Retry-After`,
//! `RateLimit`, GitHub's `X-RateLimit-Remaining/Reset`), HTTP dates, JSON error bodies, capped
//! body reads, and the backoff between retries.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

use super::RetryPolicy;

/// Whether an error status may go away by itself: 408, 429, 500, 502, 503, 504, and a 403 that
/// is a rate limit (GitHub answers 403 with `X-RateLimit-Remaining: 0`, or with `Retry-After`
/// for its secondary limits).
pub(crate) fn retryable(status: u16, headers: &HeaderMap) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
        || (status == 403 && (quota_spent(headers) || header(headers, "retry-after").is_some()))
}

/// `X-RateLimit-Remaining: 0`: the whole quota of the host is spent until `X-RateLimit-Reset`.
pub(crate) fn quota_spent(headers: &HeaderMap) -> bool {
    header(headers, "x-ratelimit-remaining").is_some_and(|v| v == "0")
}

/// How long the server asks to wait: `Retry-After` (seconds or an HTTP date); else, for 429,
/// the `t=` of `RateLimit` (IETF draft, which the Hub sends: `"api";r=0;t=37`) or
/// `RateLimit-Reset`; else, when the quota is spent (403 or 429 with `X-RateLimit-Remaining: 0`),
/// until `X-RateLimit-Reset` (epoch seconds, as GitHub sends it).
pub(crate) fn server_wait(headers: &HeaderMap, status: u16, now: SystemTime) -> Option<Duration> {
    if let Some(v) = header(headers, "retry-after") {
        if let Ok(secs) = v.parse::<u64>() {
            return Some(Duration::from_secs(secs));
        }
        if let Some(at) = parse_http_date(&v) {
            return Some(at.duration_since(now).unwrap_or(Duration::ZERO));
        }
    }
    if status == 429 {
        if let Some(v) = header(headers, "ratelimit") {
            for part in v.split([';', ',']) {
                if let Some(t) = part.trim().strip_prefix("t=")
                    && let Ok(secs) = t.trim().parse::<u64>()
                {
                    return Some(Duration::from_secs(secs));
                }
            }
        }
        if let Some(d) = header(headers, "ratelimit-reset")
            .and_then(|v| v.parse::<u64>().ok())
            .map(Duration::from_secs)
        {
            return Some(d);
        }
    }
    if matches!(status, 403 | 429) && quota_spent(headers) {
        let reset = header(headers, "x-ratelimit-reset")?.parse::<u64>().ok()?;
        let at = UNIX_EPOCH + Duration::from_secs(reset);
        // A second more: GitHub's reset is rounded down.
        return Some(at.duration_since(now).unwrap_or(Duration::ZERO) + Duration::from_secs(1));
    }
    None
}

pub(crate) fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The message of a JSON error body: `error` (the Hub) or `message` (GitHub).
pub(crate) fn json_error(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v.get("error")
        .and_then(|e| e.as_str())
        .or_else(|| v.get("message").and_then(|m| m.as_str()))
        .map(|s| s.chars().take(300).collect())
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

/// `2026-06-01 12:34:56 UTC`.
pub fn format_utc(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // The civil date from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// `42 s`, `7 min`, `2 h 5 min`.
pub fn format_wait(d: Duration) -> String {
    let s = d.as_secs();
    if s < 120 {
        format!("{s} s")
    } else if s < 7200 {
        format!("{} min", s.div_ceil(60))
    } else {
        format!("{} h {} min", s / 3600, s % 3600 / 60)
    }
}

/// Exponential backoff with jitter: about `base * 2^(attempt-1)`, at most `max_delay`.
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << (attempt.max(1) - 1).min(16))
        .min(policy.max_delay);
    // Jitter in [50%, 100%): spreads the retries of many concurrent reads.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let factor = 0.5 + (nanos % 1000) as f64 / 2000.0;
    exp.mul_f64(factor)
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
            Err(e) => return Err(innermost(&e)),
        }
    }
}

/// The innermost cause of an error (reqwest's own text repeats the URL).
pub(crate) fn innermost(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        inner = s.to_string();
        source = s.source();
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn server_waits() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            server_wait(&headers(&[("retry-after", "7")]), 503, now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            server_wait(
                &headers(&[("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]),
                429,
                now
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            server_wait(&headers(&[("ratelimit", "\"api\";r=0;t=37")]), 429, now),
            Some(Duration::from_secs(37))
        );
        // RateLimit counts only for 429.
        assert_eq!(
            server_wait(&headers(&[("ratelimit", "\"api\";r=0;t=37")]), 500, now),
            None
        );
        assert_eq!(server_wait(&headers(&[]), 429, now), None);
        // GitHub: the quota is spent until the reset.
        let spent = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", "784111807"),
        ]);
        assert_eq!(server_wait(&spent, 403, now), Some(Duration::from_secs(31)));
        assert!(retryable(403, &spent));
        assert!(!retryable(
            403,
            &headers(&[("x-ratelimit-remaining", "12")])
        ));
        assert!(retryable(403, &headers(&[("retry-after", "60")])));
    }

    #[test]
    fn dates_and_waits_read_well() {
        let t = UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(format_utc(t), "1994-11-06 08:49:37 UTC");
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(t));
        assert_eq!(
            format_utc(UNIX_EPOCH + Duration::from_secs(951_782_400)),
            "2000-02-29 00:00:00 UTC"
        );
        assert_eq!(format_wait(Duration::from_secs(30)), "30 s");
        assert_eq!(format_wait(Duration::from_secs(1800)), "30 min");
        assert_eq!(format_wait(Duration::from_secs(3 * 3600 + 60)), "3 h 1 min");
        assert_eq!(
            json_error(br#"{"message":"Not Found"}"#).as_deref(),
            Some("Not Found")
        );
        assert_eq!(
            json_error(br#"{"error":"Repo not found"}"#).as_deref(),
            Some("Repo not found")
        );
    }

    #[test]
    fn backoff_doubles_and_stays_capped() {
        let p = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
            ..Default::default()
        };
        let d1 = backoff(&p, 1);
        let d3 = backoff(&p, 3);
        assert!(d1 >= Duration::from_millis(50) && d1 < Duration::from_millis(100));
        assert!(d3 >= Duration::from_millis(150) && d3 < Duration::from_millis(300));
    }
}
