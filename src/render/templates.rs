//! The minijinja environment shared by the templated formats: the templates from `templates/`
//! (built in) and the filters they may use. Filters only escape and format; they decide nothing.

use minijinja::{Environment, Value};

use crate::error::Error;

use crate::embedded;

/// Escape text for Markdown: HTML-significant characters become entities, Markdown punctuation
/// is backslash-escaped, line breaks become spaces. Everything taken from a model card goes
/// through this.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
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

/// Display a source object (`{file, line, field, url}`) as `README.md:12 (license)`.
fn source(value: Value) -> String {
    let get = |k: &str| {
        value
            .get_attr(k)
            .ok()
            .filter(|v| !v.is_none() && !v.is_undefined())
    };
    let mut parts = Vec::new();
    match (get("file"), get("line")) {
        (Some(f), Some(l)) => parts.push(format!("{}:{}", value_text(&f), value_text(&l))),
        (Some(f), None) => parts.push(value_text(&f)),
        _ => {}
    }
    if let Some(field) = get("field") {
        let f = value_text(&field);
        parts.push(if parts.is_empty() {
            f
        } else {
            format!("({f})")
        });
    }
    if let Some(url) = get("url") {
        parts.push(value_text(&url));
    }
    parts.join(" ")
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
    for (name, text) in embedded::TEMPLATES {
        env.add_template(name, text).map_err(|e| Error::Render {
            format: name.to_string(),
            message: e.to_string(),
        })?;
    }
    env.add_filter("md", md);
    env.add_filter("source", source);
    env.add_filter("pct", pct);
    env.add_filter("symbol", symbol);
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
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(
            escape_markdown("<script>alert(1)</script> [x](javascript:y) | *b*"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:y) \\| \\*b\\*"
        );
    }
}
