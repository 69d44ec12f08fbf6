//! The minijinja environment shared by the templated formats: the templates from `templates/`
//! (built in) and the filters they may use. Filters only escape and format; they decide nothing.

use minijinja::{AutoEscape, Environment, Output, State, Value};

use crate::controls;
use crate::embedded;
use crate::error::Error;

/// Escape text for Markdown: HTML-significant characters become entities, Markdown punctuation
/// is backslash-escaped, line breaks become spaces, tabs stay, and every other control or bidi
/// character is shown escaped (`\u{1b}` as rendered). Everything taken from a model card goes
/// through this.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\t' => out.push(c),
            c if controls::is_unsafe(c) => {
                // `\\u{1b}`: the backslash escaped, so the page shows `\u{1b}`.
                out.push('\\');
                controls::visible(c, &mut out);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escape text for LaTeX: the ten special characters (`# $ % & ~ _ ^ \\ { }`) and `< > |`
/// become commands or escaped characters, line breaks and tabs become spaces, every other
/// control or bidi character is shown escaped (`\u{1b}` as typeset).
pub fn escape_latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if controls::is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t') {
            let mut shown = String::new();
            controls::visible(c, &mut shown);
            out.push_str(&escape_latex(&shown));
            continue;
        }
        match c {
            // `--` and `---` would become dashes: break the ligature.
            '-' if chars.peek() == Some(&'-') => out.push_str("-{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '#' | '$' | '%' | '&' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or outer
/// spaces, with quotes doubled. A field a spreadsheet would run as a formula (`=`, `+`, `-`, `@`
/// first) is prefixed with `'`, so text taken from a model card cannot become a formula. Line
/// breaks and tabs stay (quoted); every other control or bidi character is shown escaped.
pub fn escape_csv(s: &str) -> String {
    let s = controls::text(s).into_owned();
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Auto-escaping by template name: HTML for `.html`, `.svg` and `.xml` templates, LaTeX for
/// `.tex`, CSV fields for `.csv`, none for Markdown and text (those use the `md` filter).
fn auto_escape(name: &str) -> AutoEscape {
    let name = name.strip_suffix(".j2").unwrap_or(name);
    match name.rsplit('.').next() {
        Some("html" | "htm" | "xml" | "svg") => AutoEscape::Html,
        Some("tex") => AutoEscape::Custom("latex".into()),
        Some("csv") => AutoEscape::Custom("csv".into()),
        _ => AutoEscape::None,
    }
}

/// Writes `{{ value }}` with the template's escaping; values marked safe are written as they are.
fn formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    let escape: Option<fn(&str) -> String> = match state.auto_escape() {
        AutoEscape::Custom(name) if name == "latex" => Some(escape_latex),
        AutoEscape::Custom(name) if name == "csv" => Some(escape_csv),
        _ => None,
    };
    match escape {
        Some(f) => {
            let text = value_text(value);
            let text = if value.is_safe() { text } else { f(&text) };
            out.write_str(&text).map_err(|e| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
            })
        }
        // HTML, SVG, XML and Markdown: whatever a template writes unfiltered is neutralised too
        // (the `md` filter has already done it for Markdown; values marked safe are markup).
        None => match neutralised(value) {
            Some(text) => minijinja::escape_formatter(out, state, &Value::from(text)),
            None => minijinja::escape_formatter(out, state, value),
        },
    }
}

/// The text of a value with its control and bidi characters shown escaped, when it has any.
fn neutralised(value: &Value) -> Option<String> {
    if value.is_safe() {
        return None;
    }
    let text = match value.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(value.to_string()),
    };
    match controls::text(&text) {
        std::borrow::Cow::Owned(t) => Some(t),
        std::borrow::Cow::Borrowed(_) => None,
    }
}

/// Text from a card next to the page's own words, isolated in `<bdi>` when it holds
/// right-to-left letters (so it cannot reorder the sentence around it); as it is otherwise.
fn bdi(value: Value) -> Value {
    match value.as_str() {
        Some(s) if !value.is_safe() && controls::has_rtl(s) => Value::from_safe_string(format!(
            "<bdi>{}</bdi>",
            minijinja::HtmlEscape(&controls::text(s))
        )),
        _ => value,
    }
}

/// A one-line field (a name, an id, a path): line breaks, tabs, control and bidi characters
/// shown escaped, so the field stays on its line in any format.
fn line(value: Value) -> Value {
    match value.as_str() {
        Some(s) if !value.is_safe() => Value::from(controls::line(s).into_owned()),
        _ => value,
    }
}

/// `href` for a URL: the URL when it is `http(s)://`, else none (shown as text by templates).
fn href(value: Value) -> Value {
    match crate::compare::safe_href(&value_text(&value)) {
        Some(u) => Value::from(u),
        None => Value::from(()),
    }
}

fn md(value: Value) -> String {
    escape_markdown(&value_text(&value))
}

fn value_text(value: &Value) -> String {
    if value.is_none() || value.is_undefined() {
        String::new()
    } else if let Some(s) = value.as_str() {
        s.to_string()
    } else {
        value.to_string()
    }
}

/// Display a source object (`{file, line, field, url}`) as `README.md:12 (license)`, each part a
/// one-line field.
fn source(value: Value) -> String {
    let get = |k: &str| {
        value
            .get_attr(k)
            .ok()
            .filter(|v| !v.is_none() && !v.is_undefined())
    };
    let text = |v: &Value| controls::line(&value_text(v)).into_owned();
    let mut parts = Vec::new();
    match (get("file"), get("line")) {
        (Some(f), Some(l)) => parts.push(format!("{}:{}", text(&f), text(&l))),
        (Some(f), None) => parts.push(text(&f)),
        _ => {}
    }
    if let Some(field) = get("field") {
        let f = text(&field);
        parts.push(if parts.is_empty() {
            f
        } else {
            format!("({f})")
        });
    }
    if let Some(url) = get("url") {
        parts.push(text(&url));
    }
    parts.join(" ")
}

/// A restriction object (`{kind, threshold, ...}`) as every human-readable output names it:
/// `user-threshold (700 million users)` (see `Restriction::label`).
fn restriction(value: Value) -> String {
    let kind_text = value
        .get_attr("kind")
        .map(|k| value_text(&k))
        .unwrap_or_default();
    let threshold = value
        .get_attr("threshold")
        .ok()
        .and_then(|t| u64::try_from(t).ok());
    match crate::license::RestrictionKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind_text)
    {
        Some(kind) => crate::license::restriction_label(kind, threshold),
        None => controls::line(&kind_text).into_owned(),
    }
}

/// `93.33` -> `93%`.
fn pct(value: Value) -> String {
    let v: f64 = value
        .as_i64()
        .map(|i| i as f64)
        .or_else(|| f64::try_from(value.clone()).ok())
        .unwrap_or(0.0);
    format!("{:.0}%", v)
}

fn symbol(value: Value) -> String {
    match value_text(&value).as_str() {
        "met" => "✓",
        "not-met" => "✗",
        "unknown" => "?",
        "not-applicable" => "–",
        "published" => "●",
        "declared" => "◐",
        "linked" => "◐",
        "mentioned" => "○",
        "not-found" => "✗",
        _ => "?",
    }
    .to_string()
}

/// The environment with every built-in template.
pub fn environment() -> Result<Environment<'static>, Error> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| Error::Render {
                format: "templates".into(),
                message: e.to_string(),
            })?,
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
    env.set_auto_escape_callback(auto_escape);
    env.set_formatter(formatter);
    env.add_global("CRLF", Value::from_safe_string("\r\n".into()));
    for (name, text) in embedded::TEMPLATES {
        env.add_template(name, text).map_err(|e| Error::Render {
            format: name.to_string(),
            message: e.to_string(),
        })?;
    }
    env.add_filter("md", md);
    env.add_filter("source", source);
    env.add_filter("pct", pct);
    env.add_filter("restriction", restriction);
    env.add_filter("symbol", symbol);
    env.add_filter("href", href);
    env.add_filter("bdi", bdi);
    env.add_filter("line", line);
    Ok(env)
}

/// Render a built-in template with a serializable context.
pub fn render<S: serde::Serialize>(
    template: &str,
    context: &S,
    format: &str,
) -> Result<String, Error> {
    let env = environment()?;
    let t = env.get_template(template).map_err(|e| Error::Render {
        format: format.into(),
        message: e.to_string(),
    })?;
    t.render(Value::from(minijinja::value::Serde(context)))
        .map_err(|e| Error::Render {
            format: format.into(),
            message: format!("{e:#}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_escaping_covers_every_special_character() {
        assert_eq!(
            escape_latex(r"# $ % & ~ _ ^ \ { } <x>|"),
            r"\# \$ \% \& \textasciitilde{} \_ \textasciicircum{} \textbackslash{} \{ \} \textless{}x\textgreater{}\textbar{}"
        );
        assert_eq!(escape_latex("a\nb\u{7}"), r"a b\textbackslash{}u\{7\}");
        assert_eq!(
            escape_latex("x\u{1b}[31m\u{202e}y"),
            r"x\textbackslash{}u\{1b\}[31m\textbackslash{}u\{202e\}y"
        );
        assert_eq!(escape_latex("نموذج 🤗"), "نموذج 🤗");
        assert_eq!(escape_latex("org--name---x"), "org-{}-name-{}-{}-x");
    }

    #[test]
    fn csv_fields_are_quoted_per_rfc_4180() {
        assert_eq!(escape_csv("plain"), "plain");
        assert_eq!(escape_csv("a,b"), "\"a,b\"");
        assert_eq!(escape_csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(escape_csv("two\nlines"), "\"two\nlines\"");
        assert_eq!(escape_csv(" padded"), "\" padded\"");
        assert_eq!(
            escape_csv("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(escape_csv("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_csv(""), "");
        // Control and bidi characters are shown escaped; line breaks stay, quoted.
        assert_eq!(escape_csv("a\u{1b}[31m\u{202e}b"), "a\\u{1b}[31m\\u{202e}b");
        assert_eq!(escape_csv("x\u{7}\ny"), "\"x\\u{7}\ny\"");
        assert_eq!(escape_csv("עברית\tok"), "עברית\tok");
    }

    #[test]
    fn templates_escape_by_extension() {
        assert_eq!(auto_escape("report.html.j2"), AutoEscape::Html);
        assert_eq!(auto_escape("badge.svg.j2"), AutoEscape::Html);
        assert_eq!(
            auto_escape("compare.tex.j2"),
            AutoEscape::Custom("latex".into())
        );
        assert_eq!(
            auto_escape("compare.csv.j2"),
            AutoEscape::Custom("csv".into())
        );
        assert_eq!(auto_escape("report.md.j2"), AutoEscape::None);
    }

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(
            escape_markdown("<script>alert(1)</script> [x](javascript:y) | *b*"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:y) \\| \\*b\\*"
        );
    }

    #[test]
    fn markdown_escaping_shows_control_and_bidi_characters() {
        let osc8 = "\u{1b}]8;;http://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\";
        let md = escape_markdown(osc8);
        assert!(!md.chars().any(crate::controls::is_unsafe), "{md}");
        assert_eq!(
            md,
            "\\\\u{1b}\\]8;;http://evil.example/\\\\u{1b}\\\\click\\\\u{1b}\\]8;;\\\\u{1b}\\\\"
        );
        assert_eq!(escape_markdown("a\u{202e}b"), "a\\\\u{202e}b");
        // Tabs, right-to-left letters and emoji are text.
        assert_eq!(escape_markdown("مرحبا\t🤗"), "مرحبا\t🤗");
    }

    #[test]
    fn filters_neutralise_every_format() {
        let env = environment().unwrap();
        let render = |src: &str, name: &str, v: &str| {
            let mut env = env.clone();
            env.add_template_owned(name.to_string(), src.to_string())
                .unwrap();
            env.get_template(name)
                .unwrap()
                .render(minijinja::context! { v => v })
                .unwrap()
        };
        let evil = "dir\nname\u{1b}[31m\u{202e}";
        // Unfiltered values in HTML and Markdown templates are neutralised by the formatter.
        assert_eq!(
            render("<p>{{ v }}</p>", "t.html", evil),
            "<p>dir\nname\\u{1b}[31m\\u{202e}</p>"
        );
        assert_eq!(
            render("{{ v }}", "t.md", evil),
            "dir\nname\\u{1b}[31m\\u{202e}"
        );
        // `line` keeps a one-line field on its line.
        assert_eq!(
            render("{{ v | line }}", "t.md", evil),
            "dir\\nname\\u{1b}[31m\\u{202e}"
        );
        // `bdi` isolates right-to-left text only.
        assert_eq!(
            render("<p>{{ v | bdi }}: x</p>", "t.html", "مرحبا <b>"),
            "<p><bdi>مرحبا &lt;b&gt;</bdi>: x</p>"
        );
        assert_eq!(
            render("<p>{{ v | bdi }}</p>", "t.html", "plain"),
            "<p>plain</p>"
        );
    }
}
