//! Strict reading of the license data files (`licenses/profiles/*.yaml` and the tables in
//! `licenses/*.yaml`) with a diagnostic for every problem, each with `file:line:column`.
//!
//! The positioned reading parses a file into a tree of [`Node`]s that keep the position of every
//! key and value, then into raw records ([`raw_record!`]) whose fields are read from it. A raw
//! record accepts any key and remembers the ones it does not know, so a file with three misspelt
//! keys gets three diagnostics (each listing the valid keys) instead of stopping at the first; a
//! value of the wrong shape (a list where a string belongs) is reported and the reading goes on.
//! Names from a closed list (kinds, restriction kinds, content types) are read as strings and
//! checked here, for the same reason. One tree type keeps the generic YAML code small: a serde
//! type per record, each with positions, would add about a megabyte to the binary.
//!
//! Keeping a position for every value costs time, and some built-in files (the profiles, the Hub
//! ids) are read at nearly every start. Those are first read the quick way (plain serde types,
//! unknown keys and names rejected, the same checks with no positions); only when that finds a
//! problem is a file read again with positions ([`read_twice`]), to say where each problem is.
//! The small tables read only now and then go straight to the positioned reading.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use crate::diag::{Code, Diagnostic, Diagnostics, Label};
use crate::yaml;

/// A YAML value, every part with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    /// What this is called in a diagnostic.
    fn shape(&self) -> &'static str {
        match self {
            Node::Null => "nothing (null)",
            Node::Bool(_) => "true or false",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element::<Spanned<Node>>()? {
            out.push(v);
        }
        Ok(Node::Seq(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut out = Vec::new();
        while let Some(k) = map.next_key::<Spanned<String>>()? {
            out.push((k, map.next_value::<Spanned<Node>>()?));
        }
        Ok(Node::Map(out))
    }
}

/// A value read from a [`Node`]; a node of another shape is reported (at its position) and
/// gives `None`.
pub(crate) trait FromNode: Sized {
    /// What a value of this type is called in a diagnostic.
    const SHAPE: &'static str;

    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<Self>;

    fn from_node(node: &Spanned<Node>, p: &mut Problems) -> Option<Self> {
        Self::convert(&node.value, p, &node.referenced)
    }

    /// Report that `node` is not of this shape.
    fn wrong_shape(node: &Node, p: &mut Problems, at: &Location) -> Option<Self> {
        let message = format!("expected {}, found {}", Self::SHAPE, node.shape());
        p.at(Code::Syntax, at, message);
        None
    }
}

impl FromNode for String {
    const SHAPE: &'static str = "a string";

    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<String> {
        // A plain scalar that reads as a number or a boolean is text where text is wanted.
        match node {
            Node::Str(s) => Some(s.clone()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            _ => Self::wrong_shape(node, p, at),
        }
    }
}

impl FromNode for bool {
    const SHAPE: &'static str = "true or false";

    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<bool> {
        match node {
            Node::Bool(b) => Some(*b),
            _ => Self::wrong_shape(node, p, at),
        }
    }
}

impl FromNode for u64 {
    const SHAPE: &'static str = "a whole number";

    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<u64> {
        match node {
            Node::Int(i) if u64::try_from(*i).is_ok() => u64::try_from(*i).ok(),
            _ => Self::wrong_shape(node, p, at),
        }
    }
}

impl<T: FromNode> FromNode for Option<T> {
    const SHAPE: &'static str = T::SHAPE;

    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<Option<T>> {
        match node {
            Node::Null => Some(None),
            _ => T::convert(node, p, at).map(Some),
        }
    }
}

impl<T: FromNode> FromNode for Vec<T> {
    const SHAPE: &'static str = "a list";

    /// The items that could be read; the others are reported.
    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<Vec<T>> {
        match node {
            Node::Seq(items) => Some(items.iter().filter_map(|i| T::from_node(i, p)).collect()),
            _ => Self::wrong_shape(node, p, at),
        }
    }
}

impl<T: FromNode> FromNode for Spanned<T> {
    const SHAPE: &'static str = T::SHAPE;

    fn convert(node: &Node, p: &mut Problems, at: &Location) -> Option<Spanned<T>> {
        T::convert(node, p, at).map(|v| Spanned::new(v, *at, *at))
    }

    fn from_node(node: &Spanned<Node>, p: &mut Problems) -> Option<Spanned<T>> {
        let v = T::convert(&node.value, p, &node.referenced)?;
        Some(Spanned::new(v, node.referenced, node.defined))
    }
}

/// A field of a raw record: not written, written with a value of the wrong shape (reported
/// already), or read.
#[derive(Debug, Default)]
pub(crate) enum Field<T> {
    #[default]
    Absent,
    Bad,
    Read(T),
}

impl<T> Field<T> {
    /// The value, when it was read.
    pub fn ok(self) -> Option<T> {
        match self {
            Field::Read(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Field<&T> {
        match self {
            Field::Absent => Field::Absent,
            Field::Bad => Field::Bad,
            Field::Read(v) => Field::Read(v),
        }
    }
}

/// A record of a data file: every field a [`Field`] (presence is checked after reading, so a
/// missing field is a diagnostic, not a stop), plus the unknown keys with their positions.
///
/// ```ignore
/// raw_record! {
///     /// One entry of `licenses/hub-ids.yaml`.
///     struct RawHubId { id: Spanned<String>, name: Spanned<String> }
/// }
/// ```
macro_rules! raw_record {
    ($(#[$meta:meta])* $vis:vis struct $name:ident {
        $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Default)]
        $vis struct $name {
            $($(#[$fmeta])* pub $field: $crate::license::schema::Field<$ty>,)*
            /// Keys this record does not have, where they were written.
            pub unknown: Vec<serde_saphyr::Spanned<String>>,
        }

        impl $name {
            /// The keys this record accepts, in the order the documentation lists them.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        impl $crate::license::schema::FromNode for $name {
            const SHAPE: &'static str = "a mapping (`key: value` lines)";

            fn convert(
                node: &$crate::license::schema::Node,
                p: &mut $crate::license::schema::Problems,
                at: &serde_saphyr::Location,
            ) -> Option<Self> {
                use $crate::license::schema::{Field, FromNode, Node};
                let Node::Map(entries) = node else {
                    return Self::wrong_shape(node, p, at);
                };
                let mut out = Self::default();
                for (key, value) in entries {
                    match key.value.as_str() {
                        $(stringify!($field) => {
                            out.$field = match <$ty as FromNode>::from_node(value, p) {
                                Some(v) => Field::Read(v),
                                None => Field::Bad,
                            }
                        })*
                        _ => out.unknown.push(key.clone()),
                    }
                }
                Some(out)
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

    /// Read the file into positioned nodes, then into `T`; problems are reported.
    pub fn read<T: FromNode>(&mut self, text: &str) -> Option<Spanned<T>> {
        let node: Spanned<Node> = self.parse(text)?;
        Spanned::<T>::from_node(&node, self)
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

    /// A field that must be there: reported at the record's position when it is not written
    /// (one written with a wrong value was reported when it was read).
    pub fn require<T>(
        &mut self,
        field: Field<T>,
        key: &str,
        what: &str,
        at: &Location,
    ) -> Option<T> {
        if let Field::Absent = field {
            self.at(Code::Missing, at, format!("{what} has no `{key}`"));
        }
        field.ok()
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
        value: Field<Spanned<String>>,
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
        let raw: Spanned<RawThing> = p.read("name: a\nnmae: b\ncolour: red\n").unwrap();
        assert_eq!(raw.value.name.as_ref().ok().unwrap().referenced.line(), 1);
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

    #[test]
    fn values_of_the_wrong_shape_are_reported_and_reading_goes_on() {
        let mut diags = Diagnostics::default();
        let mut p = Problems::new("t.yaml", &mut diags);
        let raw: Spanned<RawThing> = p.read("name: [a, b]\ncount: -3\nextra: 1\n").unwrap();
        assert!(matches!(raw.value.name, Field::Bad));
        p.require(raw.value.name, "name", "a thing", &raw.referenced);
        p.unknown_keys(&raw.value.unknown, "a thing", RawThing::KEYS);
        let text = diags.to_string();
        assert!(
            text.contains("t.yaml:1:7: expected a string, found a list"),
            "{text}"
        );
        assert!(
            text.contains("t.yaml:2:8: expected a whole number, found a number"),
            "{text}"
        );
        assert!(text.contains("t.yaml:3:1: unknown key `extra`"), "{text}");
        assert!(!text.contains("has no `name`"), "{text}");
    }
}
