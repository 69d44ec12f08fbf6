//! JSON: the versioned contract, with keys sorted so equal inputs give equal bytes, and no raw
//! control or bidi character (each is a `\uXXXX` escape).

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
    let out = serde_json::to_string_pretty(&value).map_err(render_err)?;
    // JSON escapes the C0 controls but may carry DEL, the C1 controls and the bidi controls raw:
    // write those as `\uXXXX` too, so a report shown on a terminal cannot drive it (the data
    // is the same).
    let mut out = crate::controls::json(&out).into_owned();
    out.push('\n');
    Ok(out)
}
