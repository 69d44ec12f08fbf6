//! The license-name reader from the command line: one name (or link) per line on standard
//! input, one line out per name with the family, the catalog id and the terms it states.
//!
//! ```sh
//! printf 'llama3-community-license\nacme-nc\n' | cargo run --example names
//! ```

use std::io::BufRead;

use openness::license::names::read_name;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let r = read_name(line.trim());
        let family = r
            .family
            .as_ref()
            .map(|f| format!("{} {}", f.family, f.license_id.as_deref().unwrap_or("?")))
            .unwrap_or_else(|| "-".into());
        let terms: Vec<String> = r
            .terms
            .iter()
            .map(|t| format!("{}={:.2}", t.rule, t.confidence))
            .collect();
        println!(
            "{}\t{family}\t{}\t{:?}",
            line.trim(),
            terms.join(","),
            r.effect()
        );
    }
}
