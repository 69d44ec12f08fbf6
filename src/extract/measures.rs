//! Measures stated for the model: its parameter count (from the Hub's safetensors metadata, its
//! name such as `pythia-1b` or `Mixtral-8x7B`, or its card) and its training tokens (the largest
//! count its card states).

use std::sync::OnceLock;

use regex::Regex;

use super::card::Card;
use crate::evidence::{Fact, Measure, Source, Strength};
use crate::snapshot::Snapshot;

fn params_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)\b(\d+(?:\.\d+)?)\s*(m|b|t|million|billion|trillion)\s*(?:\(\w+\)\s*)?param",
        )
        .expect("valid regex")
    })
}

fn tokens_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\b(\d+(?:\.\d+)?)\s*(b|t|billion|trillion)\s+tokens").expect("valid regex")
    })
}

fn scale(n: f64, unit: &str) -> f64 {
    match unit.to_ascii_lowercase().as_str() {
        "m" | "million" => n * 1e6,
        "b" | "billion" => n * 1e9,
        "t" | "trillion" => n * 1e12,
        _ => n,
    }
}

fn human_number(n: f64) -> String {
    if n >= 1e12 {
        format!("{:.3} trillion", n / 1e12)
    } else if n >= 1e9 {
        format!("{:.3} billion", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.3} million", n / 1e6)
    } else {
        format!("{n:.0}")
    }
    .replace(".000 ", " ")
}

fn name_size_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(?:^|[-_/.])(?:(\d+)x)?(\d+(?:\.\d+)?)([mbt])(?:$|[-_.])")
            .expect("valid regex")
    })
}

/// The parameter count: from the Hub, else the model's name (`pythia-1b`, `Mixtral-8x7B`), else
/// the card's text.
pub fn parameters(snapshot: &Snapshot, card: Option<&Card>, file: &str) -> Option<Measure> {
    if let Some(n) = snapshot.metadata.as_ref().and_then(|h| h.parameters) {
        return Some(Measure {
            value: n as f64,
            fact: Fact::new(
                Strength::Published,
                format!(
                    "{} parameters (safetensors metadata)",
                    human_number(n as f64)
                ),
                Source::api("safetensors.total"),
            ),
        });
    }
    let name = snapshot
        .target
        .id
        .rsplit('/')
        .next()
        .unwrap_or(&snapshot.target.id);
    if let Some(c) = name_size_re().captures(name) {
        let experts: f64 = c
            .get(1)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(1.0);
        if let Ok(v) = c[2].parse::<f64>() {
            let value = experts * scale(v, &c[3]);
            if value >= 1e5 {
                return Some(Measure {
                    value,
                    fact: Fact::new(
                        Strength::Mentioned,
                        format!(
                            "about {} parameters (from the model's name {name})",
                            human_number(value)
                        ),
                        Source::api("id"),
                    ),
                });
            }
        }
    }
    let c = card?;
    for (n, line) in c.body_lines() {
        if let Some(m) = params_re().captures(line) {
            let v: f64 = m[1].parse().ok()?;
            let value = scale(v, &m[2]);
            if value >= 1e5 {
                return Some(Measure {
                    value,
                    fact: Fact::new(
                        Strength::Mentioned,
                        format!("{} parameters (stated in the card)", human_number(value)),
                        Source::line(file, n),
                    ),
                });
            }
        }
    }
    None
}

/// The largest count of training tokens the card states.
pub fn training_tokens(card: &Card, file: &str) -> Option<Measure> {
    let mut best: Option<(f64, u32)> = None;
    for (n, line) in card.body_lines() {
        for m in tokens_re().captures_iter(line) {
            let Ok(v) = m[1].parse::<f64>() else {
                continue;
            };
            let count = scale(v, &m[2]);
            if best.is_none_or(|(b, _)| count > b) {
                best = Some((count, n));
            }
        }
    }
    best.map(|(value, n)| Measure {
        value,
        fact: Fact::new(
            Strength::Mentioned,
            format!(
                "{} training tokens (stated in the card)",
                human_number(value)
            ),
            Source::line(file, n),
        ),
    })
}
