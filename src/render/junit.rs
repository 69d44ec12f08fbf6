//! JUnit XML for `openness check --format junit` (Jenkins, GitLab, Azure DevOps, CircleCI test
//! reports). One `<testsuite>` per model (named by the target as written), one `<testcase>` per
//! rule of the policy (`classname` = the target, `name` = the rule id):
//!
//! - a violated rule of severity `error` is a `<failure>` with the message;
//! - a violated rule of severity `warning` passes, with the warning in `<system-out>`;
//! - a violation waived by an exception in force, or no worse than the baseline, is `<skipped>`
//!   with the reason;
//! - a model that could not be read is one `<testcase name="read">` with an `<error>`.
//!
//! No timestamps or durations: the same input gives the same bytes. Valid against the Jenkins
//! xunit plugin's `junit-10.xsd` (tested).

use crate::check::CheckRun;
use crate::controls::line;
use crate::policy::{ModelStatus, RuleStatus};

/// Escape text for XML 1.0 content and attribute values: control and bidi characters (XML 1.0
/// cannot carry most controls) are shown escaped, line breaks and tabs kept; the two
/// non-characters U+FFFE and U+FFFF become U+FFFD.
fn esc(s: &str) -> String {
    let s = crate::controls::text(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// In attributes, newlines would be normalised away by parsers: write them as references.
fn attr(s: &str) -> String {
    esc(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

pub fn render(run: &CheckRun) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures, mut errors) = (0usize, 0usize, 0usize);
    for m in &run.models {
        let v = &m.verdict;
        // Names are one line: a line break in a directory name is shown, not written.
        let target = line(&v.target);
        let mut cases = String::new();
        let (mut t, mut f, mut e, mut s) = (0usize, 0usize, 0usize, 0usize);
        if v.status == ModelStatus::Error {
            t += 1;
            e += 1;
            let msg = v.error.clone().unwrap_or_default();
            cases.push_str(&format!(
                "    <testcase name=\"read\" classname=\"{}\">\n      <error type=\"unreadable-model\" message=\"{}\">{}</error>\n    </testcase>\n",
                attr(&target),
                attr(&msg),
                esc(&msg)
            ));
        }
        for r in &v.rules {
            t += 1;
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{}\">\n",
                attr(r.rule.as_str()),
                attr(&target)
            );
            cases.push_str(&open);
            match r.status {
                RuleStatus::Failed if r.fails() => {
                    f += 1;
                    cases.push_str(&format!(
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                        attr(r.rule.as_str()),
                        attr(&r.message),
                        esc(&failure_body(r, &target))
                    ));
                }
                RuleStatus::Failed => {
                    cases.push_str(&format!(
                        "      <system-out>warning: {}</system-out>\n",
                        esc(&r.message)
                    ));
                }
                RuleStatus::Excepted | RuleStatus::Known => {
                    s += 1;
                    cases.push_str(&format!(
                        "      <skipped message=\"{}\"/>\n",
                        attr(&r.message)
                    ));
                }
                RuleStatus::Passed => {
                    cases.push_str(&format!(
                        "      <system-out>{}</system-out>\n",
                        esc(&r.message)
                    ));
                }
            }
            cases.push_str("    </testcase>\n");
        }
        tests += t;
        failures += f;
        errors += e;
        let mut props = Vec::new();
        if let Some(id) = &v.model {
            props.push(("model", line(id).into_owned()));
        }
        if let Some(rev) = &v.revision {
            props.push(("revision", line(rev).into_owned()));
        }
        if let Some(l) = v.level {
            props.push(("level", l.as_str().to_string()));
        }
        if let Some(o) = v.osaid_verdict {
            props.push(("osaid-verdict", o.as_str().to_string()));
        }
        if let Some(c) = &v.mof_class {
            props.push(("mof-class", c.clone()));
        }
        if !v.licenses.is_empty() {
            props.push(("licenses", v.licenses.join(", ")));
        }
        let file = m
            .origin
            .as_ref()
            .map(|o| format!(" file=\"{}\"", attr(&line(&o.file))))
            .unwrap_or_default();
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{f}\" errors=\"{e}\" skipped=\"{s}\"{file}>\n",
            attr(&target)
        ));
        if !props.is_empty() {
            suites.push_str("    <properties>\n");
            for (k, val) in props {
                suites.push_str(&format!(
                    "      <property name=\"{}\" value=\"{}\"/>\n",
                    attr(k),
                    attr(&val)
                ));
            }
            suites.push_str("    </properties>\n");
        }
        suites.push_str(&cases);
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n",
        attr(&format!("openness check ({})", line(&run.policy.file)))
    )
}

fn failure_body(r: &crate::policy::RuleResult, target: &str) -> String {
    let mut body = format!("{}\n", r.message);
    for s in &r.sources {
        body.push_str(&format!("evidence: {s}\n"));
    }
    body.push_str(&format!("details: openness scan {target}\n"));
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            esc("a<b>&\"c'\u{1b}\u{ffff}"),
            "a&lt;b&gt;&amp;&quot;c&apos;\\u{1b}\u{FFFD}"
        );
        assert_eq!(attr("x\ny"), "x&#10;y");
        assert_eq!(esc("\u{202e}\u{9b}\u{7f}"), "\\u{202e}\\u{9b}\\u{7f}");
        assert_eq!(esc("line\r\nnext\ttab שלום"), "line\r\nnext\ttab שלום");
    }
}
