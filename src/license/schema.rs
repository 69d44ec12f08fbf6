//! Strict reading of the license data files (`licenses/profiles/*.yaml` and the tables in
//! `licenses/*.yaml`): YAML through [`crate::yaml`] into raw records whose every value keeps its
//! position, then checks that push one [`Diagnostic`] per problem, each with `file:line:column`.
//!
//! A raw record ([`raw_record!`]) accepts any key and remembers the ones it does not know, so a
//! file with three misspelt keys gets three diagnostics (each listing the valid keys) instead of
//! stopping at the first. Names from a closed list (kinds, restriction kinds, content types) are
//! read as strings and checked here for the same reason. A value of the wrong shape (a list where
//! a string belongs) still stops that file: the YAML reader cannot go on past it.
//!
//! Keeping a position for every value costs time, and some built-in files (the profiles, the Hub
//! ids) are read at nearly every start. Those are first read the quick way (plain serde types,
//! unknown keys and names rejected, the same checks with no positions); only when that finds a
//! problem is a file read again with positions ([`read_twice`]), to say where each problem is.
//! The small tables read only now and then go straight to the positioned reading.

use serde::de::DeserializeOwned;
use serde_saphyr::{Location, Spanned};

use crate::diag::{Code, Diagnostic, Diagnostics, Label};
use crate::yaml;

/// A record of a data file: every field optional (presence is checked after reading, so a
/// missing field is a diagnostic, not a stop), plus the unknown keys with their positions.
///
/// ```ignore
/// raw_record! {
///     /// One entry of `licenses/hub-ids.yaml`.
///     pub(super) struct RawHubId { id: Spanned<String>, name: Spanned<String> }
/// }
/// ```
macro_rules! raw_record {
    ($(#[$meta:meta])* $vis:vis struct $name:ident {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Default)]
        $vis struct $name {
            $($(#[$fmeta])* pub $field: Option<$ty>,)*
            /// Keys this record does not have, where they were written.
            pub unknown: Vec<serde_saphyr::Spanned<String>>,
        }

        impl $name {
            /// The keys this record accepts, in the order the documentation lists them.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a mapping (`key: value` lines)")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<serde_saphyr::Spanned<String>>()? {
                            match key.value.as_str() {
                                $(stringify!($field) => out.$field = Some(map.next_value()?),)*
                                _ => {
                                    map.next_value::<serde::de::IgnoredAny>()?;
                                    out.unknown.push(key);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                d.deserialize_map(Fields)
            }
        }
    };
}
pub(crate) use raw_record;

/// The problems found in one file.
pub(crate) struct Problems<'a> {
    pub file: &'a str,
    pub diags: &'a mut Diagnostics,
}

impl<'a> Problems<'a> {
    pub fn new(file: &'a str, diags: &'a mut Diagnostics) -> Problems<'a> {
        Problems { file, diags }
    }

    /// The position of `loc` in this file.
    pub fn label(&self, loc: &Location) -> Label {
        label_at(self.file, loc)
    }

    /// Point the last diagnostic also at `loc` in `file`, saying what is there.
    pub fn also(&mut self, file: &str, loc: &Location, message: impl Into<String>) {
        if let Some(d) = self.diags.0.last_mut() {
            d.labels.push(Label {
                message: message.into(),
                ..label_at(file, loc)
            });
        }
    }

    /// Report a problem at `loc`.
    pub fn at(&mut self, code: Code, loc: &Location, message: impl Into<String>) {
        let d = Diagnostic::error(code, message).with_label(self.label(loc));
        self.diags.push(d);
    }

    /// Report a problem at `loc`, with help on what to write instead.
    pub fn help(
        &mut self,
        code: Code,
        loc: &Location,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = Diagnostic::error(code, message)
            .with_label(self.label(loc))
            .with_help(help);
        self.diags.push(d);
    }

    /// Report a name used twice, pointing at both places.
    pub fn twice(&mut self, loc: &Location, first: &Location, message: impl Into<String>) {
        self.at(Code::Id, loc, message);
        self.also(self.file, first, "first written here");
    }

    /// Parse the file's YAML; a syntax problem is reported and gives `None`.
    pub fn parse<T: DeserializeOwned>(&mut self, text: &str) -> Option<T> {
        match yaml::parse::<T>(text, yaml::Duplicates::Reject) {
            Ok(v) => Some(v),
            Err(e) => {
                self.diags.push(Diagnostic::yaml(self.file, &e));
                None
            }
        }
    }

    /// Report each key a record does not have, with the keys it does.
    pub fn unknown_keys(&mut self, unknown: &[Spanned<String>], what: &str, keys: &[&str]) {
        for k in unknown {
            self.help(
                Code::UnknownName,
                &k.referenced,
                format!("unknown key `{}` in {what}", k.value),
                format!("valid keys: {}", keys.join(", ")),
            );
        }
    }

    /// A field that must be there: reported at the record's position when it is not.
    pub fn require<T>(
        &mut self,
        value: Option<T>,
        key: &str,
        what: &str,
        at: &Location,
    ) -> Option<T> {
        if value.is_none() {
            self.at(Code::Missing, at, format!("{what} has no `{key}`"));
        }
        value
    }

    /// A name from a closed list: the item whose name it is, or a diagnostic with the valid names.
    pub fn one_of<T: Copy>(
        &mut self,
        value: &Spanned<String>,
        what: &str,
        all: &[T],
        name: impl Fn(T) -> &'static str,
    ) -> Option<T> {
        let found = all.iter().copied().find(|t| name(*t) == value.value);
        if found.is_none() {
            let valid: Vec<&str> = all.iter().map(|t| name(*t)).collect();
            self.help(
                Code::UnknownName,
                &value.referenced,
                format!("unknown {what} `{}`", value.value),
                format!("valid {what}s: {}", valid.join(", ")),
            );
        }
        found
    }

    /// A string that must not be blank.
    pub fn text(
        &mut self,
        value: Option<Spanned<String>>,
        key: &str,
        what: &str,
        at: &Location,
    ) -> Option<Spanned<String>> {
        let v = self.require(value, key, what, at)?;
        if v.value.trim().is_empty() {
            self.at(Code::Missing, &v.referenced, format!("`{key}` is empty"));
            return None;
        }
        Some(v)
    }
}

/// Read one file the quick way, and again with positions only when the quick reading finds a
/// problem; every problem is added to `diags`. `None` when the file has problems.
pub(crate) fn read_twice<T>(
    file: &str,
    diags: &mut Diagnostics,
    quick: impl FnOnce(&mut Problems) -> Option<T>,
    positioned: impl FnOnce(&mut Problems) -> Option<T>,
) -> Option<T> {
    let mut found = Diagnostics::default();
    let value = quick(&mut Problems::new(file, &mut found));
    if found.is_empty() && value.is_some() {
        return value;
    }
    let mut placed = Diagnostics::default();
    positioned(&mut Problems::new(file, &mut placed));
    // Should the positioned reading miss what the quick one found, the quick findings stand.
    let mut report = if placed.is_empty() { found } else { placed };
    if report.is_empty() {
        let d = Diagnostic::error(Code::Unreadable, "the file cannot be read");
        report.push(d.with_label(Label::file(file)));
    }
    diags.0.extend(report.0);
    None
}

/// A string value and where it is written.
pub(crate) fn placed(s: &Spanned<String>) -> (&str, Location) {
    (s.value.as_str(), s.referenced)
}

/// The position of `loc` in `file` (the file alone when the position is unknown).
pub(crate) fn label_at(file: &str, loc: &Location) -> Label {
    if loc.line() > 0 {
        Label::at(file, Some(loc.line()), Some(loc.column()))
    } else {
        Label::file(file)
    }
}

/// Load one table of the built-in data, panicking with every problem if it is invalid (a build
/// that ships an invalid table is a bug the test suite catches).
pub(crate) fn builtin<T>(
    file: &str,
    load: impl FnOnce(&str, &str) -> Result<T, crate::Error>,
) -> T {
    let name = file.trim_start_matches("licenses/");
    let text = crate::embedded::LICENSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("{file} is not built into this binary"));
    load(file, text).unwrap_or_else(|e| panic!("the built-in {file} is invalid:\n{e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    raw_record! {
        struct RawThing { name: Spanned<String>, count: Spanned<u64> }
    }

    #[test]
    fn raw_records_keep_positions_and_unknown_keys() {
        let mut diags = Diagnostics::default();
        let mut p = Problems::new("t.yaml", &mut diags);
        let raw: Spanned<RawThing> = p.parse("name: a\nnmae: b\ncolour: red\n").unwrap();
        assert_eq!(raw.value.name.as_ref().unwrap().referenced.line(), 1);
        let names: Vec<&str> = raw.value.unknown.iter().map(|k| k.value.as_str()).collect();
        assert_eq!(names, ["nmae", "colour"]);
        p.unknown_keys(&raw.value.unknown, "a thing", RawThing::KEYS);
        p.require(raw.value.count, "count", "a thing", &raw.referenced);
        let text = diags.to_string();
        assert!(
            text.contains("t.yaml:2:1: unknown key `nmae` in a thing\n  valid keys: name, count"),
            "{text}"
        );
        assert!(text.contains("t.yaml:3:1: unknown key `colour`"), "{text}");
        assert!(
            text.contains("t.yaml:1:1: a thing has no `count`"),
            "{text}"
        );
    }
}
