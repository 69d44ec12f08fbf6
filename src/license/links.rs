//! License addresses: the key under which a `license_link` is compared (Hub `resolve`/`raw`
//! and GitHub raw addresses folded onto their `blob` form), and the license a well-known
//! standard-license address names.

/// A URL without scheme, `www.`, query, fragment or trailing slash, lower-cased; the Hub's
/// `resolve`/`raw` and GitHub's raw addresses are folded onto their `blob` form.
pub fn link_key(url: &str) -> String {
    let u = url
        .trim()
        .trim_matches(|c| c == '<' || c == '>')
        .to_lowercase();
    let u = u.split_once("://").map(|(_, r)| r).unwrap_or(&u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.split(['?', '#']).next().unwrap_or(u);
    let u = u.trim_end_matches('/');
    let parts: Vec<&str> = u.split('/').collect();
    // huggingface.co/ORG/NAME/(resolve|raw)/REV/PATH -> .../blob/REV/PATH (also spaces/, datasets/).
    if parts.first() == Some(&"huggingface.co") {
        let mut p = parts.clone();
        if let Some(slot) = p
            .iter_mut()
            .skip(3)
            .find(|x| matches!(**x, "resolve" | "raw"))
        {
            *slot = "blob";
        }
        return p.join("/");
    }
    // raw.githubusercontent.com/ORG/NAME/REV/PATH -> github.com/ORG/NAME/blob/REV/PATH
    if parts.first() == Some(&"raw.githubusercontent.com") && parts.len() > 4 {
        let mut p = vec!["github.com", parts[1], parts[2], "blob"];
        p.extend(&parts[3..]);
        return p.join("/");
    }
    if parts.first() == Some(&"github.com") && parts.get(3) == Some(&"raw") {
        let mut p = parts.clone();
        p[3] = "blob";
        return p.join("/");
    }
    u.to_string()
}

/// The license a well-known standard-license address names (spdx.org, opensource.org,
/// choosealicense.com, apache.org, gnu.org, creativecommons.org).
pub(crate) fn standard_link_id(key: &str) -> Option<String> {
    let parts: Vec<&str> = key.split('/').collect();
    let host = *parts.first()?;
    let last = parts
        .last()
        .map(|s| {
            s.trim_end_matches(".html")
                .trim_end_matches(".txt")
                .trim_end_matches(".php")
                .trim_end_matches(".md")
        })
        .unwrap_or_default();
    match host {
        "spdx.org" if parts.get(1) == Some(&"licenses") => Some(last.to_string()),
        "opensource.org" if matches!(parts.get(1), Some(&"licenses") | Some(&"license")) => {
            Some(last.to_string())
        }
        "choosealicense.com" if parts.get(1) == Some(&"licenses") => Some(last.to_string()),
        "apache.org" if key.contains("licenses/license-2.0") => Some("Apache-2.0".into()),
        "gnu.org" if parts.get(1) == Some(&"licenses") => {
            let name = last.trim_end_matches(".en");
            Some(
                match name {
                    "gpl-3.0" | "gpl" => "GPL-3.0-only",
                    "gpl-2.0" | "old-licenses" => "GPL-2.0-only",
                    "lgpl-3.0" | "lgpl" => "LGPL-3.0-only",
                    "lgpl-2.1" => "LGPL-2.1-only",
                    "agpl-3.0" | "agpl" => "AGPL-3.0-only",
                    "fdl-1.3" | "fdl" => "GFDL-1.3-only",
                    _ => return None,
                }
                .to_string(),
            )
        }
        "creativecommons.org" => {
            // creativecommons.org/licenses/by-nc-sa/4.0[/legalcode[.xx]]
            // creativecommons.org/publicdomain/zero/1.0
            match parts.get(1) {
                Some(&"publicdomain") if parts.get(2) == Some(&"zero") => Some("CC0-1.0".into()),
                Some(&"licenses") => {
                    let elements = parts.get(2)?;
                    let version = parts.get(3)?;
                    Some(format!("CC-{}-{}", elements.to_uppercase(), version))
                }
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_fold_onto_one_key() {
        assert_eq!(
            link_key("https://huggingface.co/org/m/resolve/main/LICENSE.txt"),
            "huggingface.co/org/m/blob/main/license.txt"
        );
        assert_eq!(
            link_key("https://raw.githubusercontent.com/o/r/main/LICENSE"),
            "github.com/o/r/blob/main/license"
        );
        assert_eq!(
            link_key("<http://www.Example.org/x/?a=1#b>"),
            "example.org/x"
        );
    }

    #[test]
    fn standard_addresses_name_their_license() {
        let id = |u: &str| standard_link_id(&link_key(u));
        assert_eq!(
            id("https://www.gnu.org/licenses/gpl-3.0.en.html").as_deref(),
            Some("GPL-3.0-only")
        );
        assert_eq!(
            id("https://creativecommons.org/licenses/by-nc/4.0/").as_deref(),
            Some("CC-BY-NC-4.0")
        );
        assert_eq!(
            id("https://creativecommons.org/publicdomain/zero/1.0/").as_deref(),
            Some("CC0-1.0")
        );
        assert_eq!(id("https://example.org/LICENSE"), None);
    }
}
