//! The built-in clause patterns (`licenses/terms/clauses*.yaml`), read and checked by build.rs
//! with [`super::data::load_with`] (a bundled file with a problem fails the build with its
//! message) and compiled in as a static table: nothing is parsed at run time, and each regex
//! still compiles on first use (the tests compile and run every one).

use super::data::{Compiled, Examples, LazyRegex, Markers, NumberKind, Pattern};
use crate::license::RestrictionKind;

/// The sentence markers as build.rs writes them: each the union of its list.
pub(super) struct StaticMarkers {
    pub prohibition: &'static str,
    pub benign: &'static str,
    pub permission: &'static str,
    pub definition: &'static str,
    pub lead_in: &'static str,
}

/// A pattern as build.rs writes it.
pub(super) struct StaticPattern {
    pub id: &'static str,
    pub kind: RestrictionKind,
    pub summary: &'static str,
    pub triggers: &'static [&'static str],
    pub any: &'static str,
    pub regexes: &'static [&'static str],
    pub unless: &'static [&'static str],
    pub also: &'static [&'static str],
    pub prohibited: bool,
    pub number: Option<NumberKind>,
    pub in_definitions: bool,
    pub positive: &'static [&'static str],
    pub negative: &'static [&'static str],
}

mod table {
    use super::{NumberKind, RestrictionKind, StaticMarkers, StaticPattern};
    include!(concat!(env!("OUT_DIR"), "/clause_patterns.rs"));
}

fn regexes(list: &[&str]) -> Vec<LazyRegex> {
    list.iter().map(|s| LazyRegex::deferred(s)).collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The built-in patterns, in file order, with their markers.
pub(super) fn builtin() -> Compiled {
    let m = &table::MARKERS;
    Compiled {
        markers: Markers {
            prohibition: LazyRegex::deferred(m.prohibition),
            benign: LazyRegex::deferred(m.benign),
            permission: LazyRegex::deferred(m.permission),
            definition: LazyRegex::deferred(m.definition),
            lead_in: LazyRegex::deferred(m.lead_in),
        },
        patterns: table::PATTERNS
            .iter()
            .map(|p| Pattern {
                id: p.id.to_string(),
                kind: p.kind,
                summary: p.summary.to_string(),
                triggers: strings(p.triggers),
                any: LazyRegex::deferred(p.any),
                regexes: regexes(p.regexes),
                unless: regexes(p.unless),
                also: regexes(p.also),
                prohibited: p.prohibited,
                number: p.number,
                in_definitions: p.in_definitions,
                tests: Examples {
                    positive: strings(p.positive),
                    negative: strings(p.negative),
                },
            })
            .collect(),
    }
}
