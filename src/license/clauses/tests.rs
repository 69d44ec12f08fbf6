//! The reader's own tests: every pattern's examples, the negatives a reviewer would not flag,
//! and inputs that must not make it panic.

use super::*;

fn kinds(text: &str) -> Vec<RestrictionKind> {
    let mut k: Vec<RestrictionKind> = read_clauses(text).into_iter().map(|c| c.kind).collect();
    k.dedup();
    k
}

#[test]
fn the_built_in_patterns_all_compile_when_loaded_eagerly() {
    // The built-in reader compiles its regexes on first use; loading the same files with every
    // regex compiled and checked (number groups, combined phrasings) must succeed.
    let names: Vec<(String, &str)> = crate::embedded::LICENSE_TERMS
        .iter()
        .filter(|(name, _)| name.starts_with("clauses") && name.ends_with(".yaml"))
        .map(|(name, text)| (format!("{CLAUSES_DIR}/{name}"), *text))
        .collect();
    let sources: Vec<(&str, &str)> = names.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    assert!(sources.len() >= 2, "{names:?}");
    let eager = ClauseReader::from_sources(&sources).expect("the built-in patterns compile");
    let lazy = ClauseReader::builtin();
    assert_eq!(eager.patterns().len(), lazy.patterns().len());
    // The table build.rs compiled in is what the files say, field by field.
    let srcs =
        |list: &[data::LazyRegex]| list.iter().map(|r| r.src().to_string()).collect::<Vec<_>>();
    for (a, b) in eager.compiled.patterns.iter().zip(&lazy.compiled.patterns) {
        assert_eq!(
            (&a.id, a.kind, &a.summary, &a.triggers),
            (&b.id, b.kind, &b.summary, &b.triggers)
        );
        assert_eq!(a.any.src(), b.any.src(), "{}", a.id);
        assert_eq!(srcs(&a.regexes), srcs(&b.regexes), "{}", a.id);
        assert_eq!(srcs(&a.unless), srcs(&b.unless), "{}", a.id);
        assert_eq!(srcs(&a.also), srcs(&b.also), "{}", a.id);
        assert_eq!(
            (a.prohibited, a.number, a.in_definitions),
            (b.prohibited, b.number, b.in_definitions),
            "{}",
            a.id
        );
        assert_eq!(
            (&a.tests.positive, &a.tests.negative),
            (&b.tests.positive, &b.tests.negative),
            "{}",
            a.id
        );
    }
    let (a, b) = (&eager.compiled.markers, &lazy.compiled.markers);
    for (x, y) in [
        (&a.prohibition, &b.prohibition),
        (&a.benign, &b.benign),
        (&a.permission, &b.permission),
        (&a.definition, &b.definition),
        (&a.lead_in, &b.lead_in),
    ] {
        assert_eq!(x.src(), y.src());
    }
    // Every deferred regex compiles too.
    for p in &lazy.compiled.patterns {
        let _ = (p.any.get(), p.regexes.len(), p.unless.len(), p.also.len());
        p.regexes
            .iter()
            .chain(&p.unless)
            .chain(&p.also)
            .for_each(|r| {
                r.get();
            });
    }
    let m = &lazy.compiled.markers;
    for r in [
        &m.prohibition,
        &m.benign,
        &m.permission,
        &m.definition,
        &m.lead_in,
    ] {
        r.get();
    }
}

#[test]
fn every_pattern_passes_its_own_examples() {
    let failures = ClauseReader::builtin().check_examples();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn permissions_definitions_and_disclaimers_are_not_restrictions() {
    for text in [
        "You may use the Model for commercial and non-commercial purposes.",
        "Commercial use is permitted.",
        "The model is free for commercial use.",
        "\"Non-Commercial Purpose\" means a purpose not primarily intended for commercial advantage.",
        "Non-Commercial Purpose means a purpose that is not primarily intended for commercial advantage.",
        "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, INCLUDING THE WARRANTIES OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR PURPOSE.",
        "Unlike CC BY-NC 4.0, this license allows any use.",
        "The dataset was released under CC-BY-NC-4.0.",
        "Licensor grants you a non-exclusive, worldwide, royalty-free, irrevocable license.",
        "You may use the Model for any purpose, including research purposes described in our research paper.",
        "The licensee shall use commercially reasonable efforts to fix defects.",
        "Can I use it commercially? Yes.",
        "You may use the Software without restriction.",
    ] {
        assert_eq!(kinds(text), [], "{text}");
    }
}

#[test]
fn an_exception_to_any_purpose_restricts_what_it_names() {
    assert_eq!(
        kinds("You may use the Model for any purpose except commercial purposes."),
        [RestrictionKind::NonCommercial]
    );
    assert_eq!(
        kinds("You may use the Model for any purpose except weapons research."),
        [RestrictionKind::FieldOfUse]
    );
}

#[test]
fn clauses_carry_lines_numbers_and_quotes() {
    let text = "# Terms\n\nIf, on the release date, your products had more than\n50 million monthly active users, you must ask us for a license.\n\n仅限学术研究使用。";
    let clauses = read_clauses(text);
    let users = clauses
        .iter()
        .find(|c| c.kind == RestrictionKind::UserThreshold)
        .expect("threshold");
    assert_eq!(users.threshold, Some(50_000_000));
    assert_eq!(users.unit.as_deref(), Some("monthly active users"));
    assert_eq!((users.first_line, users.last_line), (3, 4));
    assert!(
        users.quote.starts_with("If, on the release date"),
        "{}",
        users.quote
    );
    let research = clauses
        .iter()
        .find(|c| c.kind == RestrictionKind::FieldOfUse)
        .expect("research");
    assert_eq!(research.lines(), 6..=6);
    assert_eq!(research.quote, "仅限学术研究使用。");
}

#[test]
fn chinese_and_money_numbers() {
    let c = read_clauses("月活跃用户超过1亿的，须另行申请许可。");
    assert_eq!(c[0].threshold, Some(100_000_000));
    let c = read_clauses("年营业收入超过100万元的企业须获得商业授权。");
    let r = c
        .iter()
        .find(|c| c.kind == RestrictionKind::RevenueThreshold)
        .expect("revenue");
    assert_eq!(r.threshold, Some(1_000_000));
    assert_eq!(r.unit.as_deref(), Some("CNY per year"));
    let c = read_clauses("Free for organisations with less than $10M in annual revenue.");
    assert_eq!(c[0].threshold, Some(10_000_000));
    assert_eq!(c[0].unit.as_deref(), Some("USD per year"));
}

#[test]
fn long_sentences_are_quoted_around_the_match() {
    let filler = "and also the other things ".repeat(40);
    let text =
        format!("You may use it {filler} but only for non-commercial research purposes {filler}.");
    let c = read_clauses(&text);
    assert!(!c.is_empty());
    for clause in c {
        assert!(clause.quote.len() < 400, "{}", clause.quote.len());
        assert!(clause.quote.contains("non-commercial"), "{}", clause.quote);
    }
}

#[test]
fn results_are_sorted_and_deterministic() {
    let text =
        "You may not use it commercially.\nResearch use only.\nYou may not use it commercially.";
    let a = read_clauses(text);
    assert_eq!(a, read_clauses(text));
    let lines: Vec<usize> = a.iter().map(|c| c.first_line).collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
}

/// A tiny deterministic generator, so the garbage is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn garbage_and_huge_inputs_do_not_panic() {
    let alphabet: Vec<char> =
        "abc XYZ 0123456789 .,;:!?-_*`#>|()[]<>\"'“”‘’（）：；，。！？、非商业不得仅限研究月活超过亿万\n\t\r\u{feff}\u{ad}İ"
            .chars()
            .collect();
    let words = [
        "not ",
        "commercial ",
        "only ",
        "research ",
        "million ",
        "monthly active users ",
        "revenue ",
        "$",
        "1,0",
        "may ",
        "terminate ",
        "at any time ",
        "- ",
        "(a) ",
        ":\n",
        "不得",
        "超过",
        "月活跃用户",
        "亿",
        "\n\n",
        "use ",
        "outputs ",
        "to train ",
        "other models ",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..400 {
        let len = (rng.next() % 400) as usize;
        let mut s = String::new();
        for _ in 0..len {
            if rng.next().is_multiple_of(3) {
                s.push_str(words[(rng.next() % words.len() as u64) as usize]);
            } else {
                s.push(alphabet[(rng.next() % alphabet.len() as u64) as usize]);
            }
        }
        for c in read_clauses(&s) {
            assert!(c.first_line <= c.last_line);
            assert!(c.last_line <= s.lines().count().max(1));
        }
    }
    let huge = "You may not use the Model for commercial purposes. ".repeat(4_000);
    assert!(!read_clauses(&huge).is_empty());
    let one_line = "x".repeat(3_000_000);
    assert!(read_clauses(&one_line).is_empty());
}
