//! Numbers in prose, written one way in every human-readable output (terminal, Markdown, HTML,
//! LaTeX, CSV cells, check messages): a round large number in words (`700 million`,
//! `1.5 billion`), any other with its thousands grouped (`12,345`, `1,234,567`). Machine formats
//! (JSON, jsonl, YAML manifests) keep the raw integer.

/// The scales written in words, largest first.
const SCALES: [(u64, &str); 3] = [
    (1_000_000_000_000, "trillion"),
    (1_000_000_000, "billion"),
    (1_000_000, "million"),
];

/// A number for a sentence: `700 million`, `1.5 billion`, `2.25 million`; below a million, or
/// when words would need more than three decimals, the digits grouped by thousands (`50,000`,
/// `1,234,567`).
pub fn human(n: u64) -> String {
    for (scale, word) in SCALES {
        // Exact with at most three decimals: a multiple of a thousandth of the scale.
        if n >= scale && n.is_multiple_of(scale / 1000) {
            let whole = grouped(n / scale);
            let thousandths = (n % scale) / (scale / 1000);
            return if thousandths == 0 {
                format!("{whole} {word}")
            } else {
                let decimals = format!("{thousandths:03}");
                format!("{whole}.{} {word}", decimals.trim_end_matches('0'))
            };
        }
    }
    grouped(n)
}

/// The digits grouped by thousands with commas: `700000000` -> `700,000,000`.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` things: `1 user`, `700 million users`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", human(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_numbers_in_words_others_grouped() {
        for (n, words) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1_000, "1,000"),
            (50_000, "50,000"),
            (999_999, "999,999"),
            (1_000_000, "1 million"),
            (1_500_000, "1.5 million"),
            (2_250_000, "2.25 million"),
            (2_125_000, "2.125 million"),
            // More than three decimals: digits.
            (1_234_567, "1,234,567"),
            (1_000_100, "1,000,100"),
            (50_000_000, "50 million"),
            (100_000_000, "100 million"),
            (700_000_000, "700 million"),
            (999_000_000, "999 million"),
            (1_000_000_000, "1 billion"),
            (1_200_000_000, "1.2 billion"),
            (1_000_000_000_000, "1 trillion"),
            (1_000_000_000_000_000, "1,000 trillion"),
            (u64::MAX, "18,446,744,073,709,551,615"),
        ] {
            assert_eq!(human(n), words, "{n}");
        }
    }

    #[test]
    fn grouping_and_counting() {
        assert_eq!(grouped(700_000_000), "700,000,000");
        assert_eq!(grouped(12), "12");
        assert_eq!(grouped(123_456), "123,456");
        assert_eq!(count(1, "user", "users"), "1 user");
        assert_eq!(count(0, "user", "users"), "0 users");
        assert_eq!(count(700_000_000, "user", "users"), "700 million users");
    }
}
