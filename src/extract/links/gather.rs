//! The words around the links of [`super::facts`], searched once per line and heading however
//! many links share them: that keeps it linear in the card.

use std::cell::RefCell;

use crate::vocab::Words;

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
