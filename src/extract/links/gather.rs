//! The bookkeeping of [`super::facts`] that keeps it linear in the card: distinct targets counted
//! against [`MAX_TARGETS`], and the words around links searched once per line and heading however
//! many links share them.

use std::cell::RefCell;
use std::collections::HashSet;

use super::MAX_TARGETS;
use crate::vocab::Words;

/// The distinct targets of one kind given facts: the first [`MAX_TARGETS`], and those left out.
#[derive(Default)]
pub(super) struct Budget {
    listed: HashSet<String>,
    more: HashSet<String>,
}

impl Budget {
    /// Whether facts are given for `key`.
    pub(super) fn admit(&mut self, key: &str) -> bool {
        if self.listed.contains(key) {
            return true;
        }
        if self.listed.len() < MAX_TARGETS {
            self.listed.insert(key.to_string());
            return true;
        }
        if !self.more.contains(key) {
            self.more.insert(key.to_string());
        }
        false
    }

    pub(super) fn limit(&self, what: &str, out: &mut Vec<String>) {
        if !self.more.is_empty() {
            out.push(format!(
                "the card links more {what} than are listed from one card: the first {MAX_TARGETS} are listed, the {} after them are not",
                self.more.len()
            ));
        }
    }
}

/// A line or a heading in lowercase, with what each list of words finds in it: searched once
/// however many links share it (10,000 links on one line cost one pass of it each, not 10,000).
pub(super) struct Lowered {
    text: String,
    /// Its first and last `longest` characters, apart (a newline, which no part holds, between
    /// them): all that a word reaching over its edge into a neighbour can hold of it. `None` when
    /// that is the whole text.
    edges: Option<String>,
    /// `(list, found)`, by the list's address: the lists are the vocabulary's.
    found: RefCell<Vec<(usize, bool)>>,
}

impl Lowered {
    pub(super) fn new(text: &str, longest: usize) -> Lowered {
        let text = text.to_lowercase();
        let count = text.chars().count();
        let edges = (count > 2 * longest).then(|| {
            let head = text.char_indices().nth(longest).map_or(0, |(i, _)| i);
            let tail = text
                .char_indices()
                .nth(count - longest)
                .map_or(text.len(), |(i, _)| i);
            format!("{}\n{}", &text[..head], &text[tail..])
        });
        Lowered {
            text,
            edges,
            found: RefCell::new(Vec::new()),
        }
    }

    pub(super) fn has(&self, words: &Words) -> bool {
        let key = words as *const Words as usize;
        if let Some(&(_, found)) = self.found.borrow().iter().find(|(k, _)| *k == key) {
            return found;
        }
        let found = words.in_lowercase(&self.text);
        self.found.borrow_mut().push((key, found));
        found
    }

    pub(super) fn edges(&self) -> &str {
        self.edges.as_deref().unwrap_or(&self.text)
    }
}

/// The words around a link: its text, its line and its section's heading, as if joined with
/// spaces. The line and heading are searched once each ([`Lowered`]); what a word could find
/// only across their edges is searched in `joined`, the link's text with their edges.
pub(super) struct Context<'a> {
    joined: String,
    line: &'a Lowered,
    heading: &'a Lowered,
}

impl<'a> Context<'a> {
    pub(super) fn new(text: &str, line: &'a Lowered, heading: &'a Lowered) -> Context<'a> {
        let joined = format!(
            "{} {} {}",
            text.to_lowercase(),
            line.edges(),
            heading.edges()
        );
        Context {
            joined,
            line,
            heading,
        }
    }

    /// Whether one of `words` is in the joined text (a word holding a newline never is: no part
    /// holds one).
    pub(super) fn has(&self, words: &Words) -> bool {
        words
            .iter()
            .any(|w| !w.contains('\n') && self.joined.contains(w))
            || self.line.has(words)
            || self.heading.has(words)
    }
}
