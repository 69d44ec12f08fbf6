//! The models of a batch as a stream: the command line's targets, then each `--from` list,
//! then the Hub listing (`--from-hub`); repeats dropped (the first kept, with a warning); the
//! shard's share kept. Each target is handed to the workers as they need one: past the lists'
//! bytes, only a 64-bit hash per distinct target is held, so a census of a whole registry runs
//! in flat memory.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::path::PathBuf;

use openness::Error;
use openness::batch::{self, Entry, ListError, Listed, Origin, Shard};
use openness::controls::line;
use openness::source::Context;
use openness::source::hub::HubClient;
use openness::source::hub::list::{HubListing, ListQuery};

/// Where the targets come from.
pub struct Sources<'a> {
    pub args: &'a [String],
    pub from: &'a [PathBuf],
    pub from_hub: Option<&'a ListQuery>,
    pub shard: Option<Shard>,
    /// No warnings (repeats, lines that are not UTF-8) on standard error.
    pub quiet: bool,
}

/// The entries of a batch, each with its position in the whole list (from 0).
pub type Stream = std::iter::Peekable<Box<dyn Iterator<Item = (usize, Entry)> + Send>>;

/// Open every source (a list that cannot be read is an error before any model is read) and
/// chain them into one stream.
pub fn open(src: &Sources, ctx: &Context) -> Result<Stream, Error> {
    let mut lists = Vec::new();
    for file in src.from {
        let name = file.display().to_string();
        lists.push((name.clone(), super::settings::read_list_bytes(file)?));
    }
    let args: Vec<Listed> = src
        .args
        .iter()
        .map(|t| Listed {
            target: t.clone(),
            origin: None,
        })
        .collect();
    let quiet = src.quiet;
    let from_files = lists
        .into_iter()
        .flat_map(move |(name, bytes)| ListLines::new(name, bytes, quiet));
    let listed = args.into_iter().chain(from_files).map(|l| (Ok(l), false));
    let hub: Box<dyn Iterator<Item = (Entry, bool)> + Send> = match src.from_hub {
        None => Box::new(std::iter::empty()),
        Some(q) => {
            let client = HubClient::of(ctx)?;
            let label = format!("hub listing {q}");
            Box::new(HubListing::new((*client).clone(), q).map(move |r| {
                let entry = r
                    .map(|id| Listed {
                        target: id,
                        origin: None,
                    })
                    .map_err(|message| ListError {
                        list: label.clone(),
                        message,
                    });
                (entry, true)
            }))
        }
    };
    let mut seen: HashSet<u64> = HashSet::new();
    let hasher = std::hash::RandomState::new();
    let shard = src.shard;
    let entries = listed
        .chain(hub)
        .filter(move |(entry, _)| {
            let Ok(l) = entry else { return true };
            let mut h = hasher.build_hasher();
            h.write(l.target.as_bytes());
            if seen.insert(h.finish()) {
                return true;
            }
            if !quiet {
                let at = l
                    .origin
                    .as_ref()
                    .map(|o| format!(" ({}:{})", line(&o.file), o.line))
                    .unwrap_or_default();
                eprintln!(
                    "openness: warning: `{}` is listed more than once{at}; checked once",
                    line(&l.target)
                );
            }
            false
        })
        .enumerate()
        .filter(move |(position, (entry, from_hub))| match shard {
            None => true,
            // A listing's order may change between the shards' calls (models are added all
            // the time): its models are shared out by their id, which never moves.
            Some(s) if *from_hub => match entry {
                Ok(l) => fnv1a(l.target.as_bytes()) % s.count as u64 == (s.index - 1) as u64,
                Err(_) => s.index == 1,
            },
            Some(s) => position % s.count == s.index - 1,
        })
        .map(|(position, (entry, _))| (position, entry));
    let boxed: Box<dyn Iterator<Item = (usize, Entry)> + Send> = Box::new(entries);
    Ok(boxed.peekable())
}

/// FNV-1a, 64 bits: the same on every machine and release (a shard's share must not depend on
/// where it runs).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The targets of one list file, a line at a time.
struct ListLines {
    name: String,
    bytes: Vec<u8>,
    at: usize,
    line: u32,
    quiet: bool,
}

impl ListLines {
    fn new(name: String, bytes: Vec<u8>, quiet: bool) -> ListLines {
        // A leading BOM is dropped.
        let at = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        ListLines {
            name,
            bytes,
            at,
            line: 0,
            quiet,
        }
    }
}

impl Iterator for ListLines {
    type Item = Listed;

    fn next(&mut self) -> Option<Listed> {
        while self.at < self.bytes.len() {
            let rest = &self.bytes[self.at..];
            let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let raw = &rest[..end];
            self.at += end + 1;
            self.line += 1;
            let text = String::from_utf8_lossy(raw);
            if !self.quiet && std::str::from_utf8(raw).is_err() {
                eprintln!(
                    "openness: warning: {}",
                    line(&format!(
                        "{}:{}: the line is not UTF-8 text; read as `{}` (save the list as UTF-8)",
                        self.name,
                        self.line,
                        text.trim_end()
                    ))
                );
            }
            if let Some(target) = batch::list_line(&text) {
                return Some(Listed {
                    target: target.to_string(),
                    origin: Some(Origin {
                        file: self.name.clone(),
                        line: self.line,
                    }),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[u8]) -> Vec<(String, u32)> {
        ListLines::new("l.txt".into(), text.to_vec(), true)
            .map(|l| (l.target, l.origin.unwrap().line))
            .collect()
    }

    #[test]
    fn list_lines_are_read_like_a_whole_list() {
        let text = "\u{feff}# registry\n\norg/a\n  org/b   # the second\r\n./dir#1\n\t# x\norg/c#d";
        let whole: Vec<(String, u32)> =
            batch::parse_list(text.trim_start_matches('\u{feff}'), "l.txt")
                .into_iter()
                .map(|l| (l.target, l.origin.unwrap().line))
                .collect();
        assert_eq!(lines(text.as_bytes()), whole);
        assert_eq!(
            lines(b"a\n\xff\xfeb\nc\n"),
            [
                ("a".into(), 1),
                ("\u{fffd}\u{fffd}b".into(), 2),
                ("c".into(), 3)
            ]
        );
        assert!(lines(b"").is_empty());
    }

    #[test]
    fn shards_share_out_listings_by_id() {
        // Stable across runs and machines: pinned values.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
