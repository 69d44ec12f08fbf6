//! The layout of the compiled SPDX text index, shared by build.rs (which writes it, through
//! `#[path]`) and the library (which reads it in place):
//!
//! - the vocabulary: every word of every prepared text, concatenated, with the end offset of
//!   each word (`u32` little-endian); a word's id is its position;
//! - a hash table over the vocabulary (open addressing, linear probing; each slot a `u32`
//!   little-endian: 0 when empty, else id + 1), so a word's id is found without building a map;
//! - every text's words as ids (little-endian, two bytes each when the vocabulary has fewer
//!   than 65,536 words, else four), texts one after the other.
//!
//! Self-contained: only `std`.

/// FNV-1a over a word's bytes.
pub fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The number of slots of the hash table for `words` words: a power of two, at least twice as
/// many.
#[allow(dead_code)] // used by build.rs
pub fn slot_count(words: usize) -> usize {
    (words.max(1) * 2).next_power_of_two()
}

/// The bytes of one word id for a vocabulary of `words` words.
#[allow(dead_code)] // used by build.rs
pub fn token_width(words: usize) -> usize {
    if words < 1 << 16 { 2 } else { 4 }
}

/// The `i`-th word id of the texts' word ids, `width` bytes each.
pub fn token_at(bytes: &[u8], width: usize, i: usize) -> u32 {
    if width == 2 {
        u32::from(u16::from_le_bytes([bytes[i * 2], bytes[i * 2 + 1]]))
    } else {
        u32_at(bytes, i)
    }
}

/// The `i`-th little-endian `u32` of a byte array.
pub fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let b = &bytes[i * 4..i * 4 + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}
