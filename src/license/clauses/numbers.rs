//! Numbers as licenses write them: `700 million`, `1,000,000`, `$10M`, `1.5 billion`, `1亿`,
//! `100万`, `一亿`, `五千万`. Every function returns `None` rather than guess or overflow.

/// `digits` (Arabic or Chinese numerals) times `scale` (`million`, `m`, `万`, `亿`, ...).
pub fn amount(digits: &str, scale: Option<&str>) -> Option<u64> {
    let digits = digits.trim().trim_end_matches(['.', ',']);
    let base = if digits.chars().any(|c| c.is_ascii_digit()) {
        arabic(digits)?
    } else {
        chinese(digits)? as f64
    };
    let factor = match scale.map(|s| s.trim().to_lowercase()) {
        None => 1.0,
        Some(s) => scale_factor(&s)?,
    };
    let value = (base * factor).round();
    (value.is_finite() && value >= 0.0 && value < u64::MAX as f64).then_some(value as u64)
}

fn scale_factor(s: &str) -> Option<f64> {
    Some(match s {
        "" => 1.0,
        "thousand" | "k" | "千" => 1e3,
        "million" | "millions" | "m" | "mm" | "mn" | "mio" | "百万" => 1e6,
        "billion" | "billions" | "b" | "bn" => 1e9,
        "trillion" | "t" | "tn" => 1e12,
        "百" => 1e2,
        "万" => 1e4,
        "十万" => 1e5,
        "千万" => 1e7,
        "亿" => 1e8,
        "十亿" => 1e9,
        "百亿" => 1e10,
        "千亿" => 1e11,
        _ => return None,
    })
}

/// `1,000,000`, `1.000.000`, `1.5`, `10,5` (a decimal comma).
fn arabic(s: &str) -> Option<f64> {
    let groups_of_three = |sep: char| {
        let parts: Vec<&str> = s.split(sep).collect();
        parts.len() > 1 && parts[1..].iter().all(|p| p.len() == 3)
    };
    let cleaned: String = if s.contains(',') && s.contains('.') {
        // `1,000,000.50` or `1.000.000,50`: the last separator is the decimal one.
        let comma_last = s.rfind(',') > s.rfind('.');
        let (thousands, decimal) = if comma_last { ('.', ',') } else { (',', '.') };
        s.chars()
            .filter(|&c| c != thousands)
            .map(|c| if c == decimal { '.' } else { c })
            .collect()
    } else if s.contains(',') {
        if groups_of_three(',') {
            s.replace(',', "")
        } else {
            s.replace(',', ".")
        }
    } else if s.matches('.').count() > 1 && groups_of_three('.') {
        s.replace('.', "")
    } else {
        s.to_string()
    };
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Chinese numerals: `一亿` = 100,000,000, `五千万` = 50,000,000, `十万` = 100,000.
pub fn chinese(s: &str) -> Option<u64> {
    let mut total: u64 = 0; // completed 亿 groups
    let mut section: u64 = 0; // completed 万 groups and units below 亿
    let mut small: u64 = 0; // below 万
    let mut number: Option<u64> = None;
    let mut seen = false;
    for c in s.chars() {
        seen = true;
        if let Some(d) = digit(c) {
            number = Some(d);
            continue;
        }
        let unit: u64 = match c {
            '十' | '拾' => 10,
            '百' | '佰' => 100,
            '千' | '仟' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        match unit {
            10 | 100 | 1000 => {
                small = small.checked_add(number.unwrap_or(1).checked_mul(unit)?)?;
                number = None;
            }
            10_000 => {
                let part = small.checked_add(number.take().unwrap_or(0))?;
                let part = if part == 0 { 1 } else { part };
                section = section.checked_add(part.checked_mul(10_000)?)?;
                small = 0;
            }
            _ => {
                let part = section
                    .checked_add(small)?
                    .checked_add(number.take().unwrap_or(0))?;
                let part = if part == 0 { 1 } else { part };
                total = total.checked_add(part.checked_mul(100_000_000)?)?;
                section = 0;
                small = 0;
            }
        }
    }
    if !seen {
        return None;
    }
    total
        .checked_add(section)?
        .checked_add(small)?
        .checked_add(number.unwrap_or(0))
}

/// The currency a symbol or word names (`$` -> `USD`).
pub fn currency(word: &str) -> Option<&'static str> {
    let w = word.trim().to_lowercase();
    Some(match w.as_str() {
        "$" | "us$" | "us $" | "usd" | "us dollars" | "dollars" | "dollar" | "美元" => "USD",
        "€" | "eur" | "euro" | "euros" | "欧元" => "EUR",
        "£" | "gbp" | "pounds" => "GBP",
        "¥" | "rmb" | "cny" | "yuan" | "元" | "人民币" | "人民币元" => "CNY",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_amounts() {
        assert_eq!(amount("700", Some("million")), Some(700_000_000));
        assert_eq!(amount("1,000,000", None), Some(1_000_000));
        assert_eq!(amount("1.000.000", None), Some(1_000_000));
        assert_eq!(amount("1.5", Some("billion")), Some(1_500_000_000));
        assert_eq!(amount("10", Some("M")), Some(10_000_000));
        assert_eq!(amount("100", Some("k")), Some(100_000));
        assert_eq!(amount("1,000,000.", None), Some(1_000_000));
        assert_eq!(amount("2,5", Some("million")), Some(2_500_000));
        assert_eq!(amount("1,000,000.50", None), Some(1_000_001));
        assert_eq!(amount("99999999999999999999999", Some("billion")), None);
        assert_eq!(amount("x", None), None);
        assert_eq!(amount("1", Some("gazillion")), None);
    }

    #[test]
    fn chinese_amounts() {
        assert_eq!(amount("1", Some("亿")), Some(100_000_000));
        assert_eq!(amount("100", Some("万")), Some(1_000_000));
        assert_eq!(amount("一亿", None), Some(100_000_000));
        assert_eq!(amount("五千万", None), Some(50_000_000));
        assert_eq!(amount("十万", None), Some(100_000));
        assert_eq!(amount("一亿五千万", None), Some(150_000_000));
        assert_eq!(amount("三百", None), Some(300));
        assert_eq!(amount("一", Some("亿")), Some(100_000_000));
        assert_eq!(amount("1.5", Some("万")), Some(15_000));
        let _ = chinese(&"亿".repeat(500));
        let _ = chinese(&"九千万亿".repeat(100));
        assert_eq!(chinese("abc"), None);
    }

    #[test]
    fn currencies() {
        assert_eq!(currency("US$"), Some("USD"));
        assert_eq!(currency("元"), Some("CNY"));
        assert_eq!(currency("zorkmids"), None);
    }
}
