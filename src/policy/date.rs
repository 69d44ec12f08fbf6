//! Calendar dates for exception expiry: `YYYY-MM-DD`, validated, compared as dates. "Today" comes
//! from `--today`, else `OPENNESS_TODAY`, else the system clock (UTC), so runs and tests can be
//! made deterministic. No time zones, no times: an exception that expires on a day is valid
//! through that day.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The environment variable that fixes "today" (`YYYY-MM-DD`).
pub const TODAY_ENV: &str = "OPENNESS_TODAY";

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if it exists.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// The date `days` days after 1970-01-01 (days since the Unix epoch).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's civil-from-days algorithm.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Today in UTC from the system clock.
    pub fn system_today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_unix_days(secs.div_euclid(86_400))
    }

    /// "Today": `explicit` (from `--today`) if given, else `$OPENNESS_TODAY`, else the clock.
    pub fn today(explicit: Option<&str>) -> Result<Date, String> {
        if let Some(s) = explicit {
            return s.parse().map_err(|e| format!("--today: {e}"));
        }
        match std::env::var(TODAY_ENV) {
            Ok(s) if !s.trim().is_empty() => {
                s.trim().parse().map_err(|e| format!("{TODAY_ENV}: {e}"))
            }
            _ => Ok(Date::system_today()),
        }
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date; write YYYY-MM-DD (e.g. 2026-12-31)");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u16, String> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        Date::new(y, m as u8, d as u8).ok_or_else(|| format!("`{s}` is not a day of the calendar"))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates() {
        assert_eq!(
            "2026-02-28".parse::<Date>().unwrap(),
            Date::new(2026, 2, 28).unwrap()
        );
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2026-02-29".parse::<Date>().is_err());
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert!("1900-02-29".parse::<Date>().is_err());
        assert!("2026-13-01".parse::<Date>().is_err());
        assert!("2026-1-01".parse::<Date>().is_err());
        assert!("2026/01/01".parse::<Date>().is_err());
        assert!("+026-01-01".parse::<Date>().is_err());
        assert_eq!(Date::new(2026, 3, 1).unwrap().to_string(), "2026-03-01");
    }

    #[test]
    fn orders_as_dates() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert!(d("2025-12-31") < d("2026-01-01"));
        assert!(d("2026-01-09") < d("2026-01-10"));
        assert!(d("2026-02-01") > d("2026-01-31"));
    }

    #[test]
    fn civil_from_days() {
        assert_eq!(Date::from_unix_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_unix_days(19_782).to_string(), "2024-02-29");
        assert_eq!(Date::from_unix_days(20_454).to_string(), "2026-01-01");
        assert_eq!(Date::from_unix_days(-1).to_string(), "1969-12-31");
    }
}
