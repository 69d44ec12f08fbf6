//! JSON: the versioned contract, with keys sorted so equal inputs give equal bytes.

use serde::Serialize;

use crate::error::Error;

/// Pretty JSON with sorted keys and a final newline.
pub fn to_sorted_json<T: Serialize>(value: &T) -> Result<String, Error> {
    let render_err = |e: serde_json::Error| Error::Render {
        format: "json".into(),
        message: e.to_string(),
    };
    // `serde_json::Value` keeps objects in a BTreeMap: a round trip sorts every key.
    let value = serde_json::to_value(value).map_err(render_err)?;
    let mut out = serde_json::to_string_pretty(&value).map_err(render_err)?;
    out.push('\n');
    Ok(out)
}
