//! Which rows a comparison keeps and in which order, and the words that say so.

use super::*;

pub(super) fn keep(row: &Row, o: &ViewOptions) -> bool {
    let Some(level) = row.level else {
        return true; // errors stay visible
    };
    if !o.levels.is_empty() && !o.levels.contains(&level) {
        return false;
    }
    if let Some(min) = o.min_level
        && level.rank() < min.rank()
    {
        return false;
    }
    if let Some(min) = o.min_mof_class
        && mof_class(row).is_none_or(|c| c < min)
    {
        return false;
    }
    true
}

pub(super) fn osaid_rank(row: &Row) -> u8 {
    match row
        .results
        .iter()
        .find(|r| r.rubric == "osaid-1.0")
        .map(|r| r.status.as_str())
    {
        Some("pass") => 3,
        Some("undetermined") => 2,
        Some("fail") => 1,
        _ => 0,
    }
}

pub(super) fn mof_key(row: &Row) -> (u8, Vec<i64>) {
    let class = match mof_class(row) {
        Some(MofClass::I) => 3,
        Some(MofClass::II) => 2,
        Some(MofClass::III) => 1,
        None => 0,
    };
    let progress = row
        .results
        .iter()
        .find(|r| r.rubric == "mof-1.0")
        .map(|r| {
            r.progress
                .iter()
                .rev()
                .map(|p| (p.percent * 100.0).round() as i64)
                .collect()
        })
        .unwrap_or_default();
    (class, progress)
}

pub(super) fn sort(rows: &mut [Row], o: &ViewOptions) {
    let by_name = |a: &Row, b: &Row| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.index.cmp(&b.index))
    };
    rows.sort_by(|a, b| {
        // Failed targets last, in input order, whatever the key.
        match (a.error.is_some(), b.error.is_some()) {
            (true, true) => return a.index.cmp(&b.index),
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            _ => {}
        }
        let ord = match o.sort {
            SortKey::Input => a.index.cmp(&b.index),
            SortKey::Name => by_name(a, b),
            SortKey::Level => {
                let rank = |r: &Row| r.level.map(|l| l.rank()).unwrap_or(0);
                rank(b).cmp(&rank(a)).then_with(|| by_name(a, b))
            }
            SortKey::Osaid => osaid_rank(b)
                .cmp(&osaid_rank(a))
                .then_with(|| by_name(a, b)),
            SortKey::Mof => mof_key(b).cmp(&mof_key(a)).then_with(|| by_name(a, b)),
        };
        if o.reverse { ord.reverse() } else { ord }
    });
}

pub(super) fn sort_words(o: &ViewOptions) -> String {
    let base = match o.sort {
        SortKey::Input => "in the order given",
        SortKey::Name => "by name",
        SortKey::Level => "by openness level, most open first",
        SortKey::Osaid => "by OSAID verdict: conformant, insufficient evidence, not conformant",
        SortKey::Mof => "by MOF class, highest first, then by progress",
    };
    if o.reverse {
        format!("{base}, reversed")
    } else {
        base.to_string()
    }
}

pub(super) fn filter_words(o: &ViewOptions) -> Vec<String> {
    let mut out = Vec::new();
    if !o.levels.is_empty() {
        out.push(format!(
            "level is {}",
            o.levels
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    if let Some(l) = o.min_level {
        out.push(format!("level is at least {l}"));
    }
    if let Some(c) = o.min_mof_class {
        out.push(format!("MOF class is at least {c}"));
    }
    out
}
