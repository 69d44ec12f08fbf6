//! Reading a file the user names (a rubric, a policy, a manifest, a baseline, a target list, a
//! license text): never more than a cap, whatever the file is (a device such as `/dev/zero`
//! ends at the cap instead of filling memory), as UTF-8 text, with a diagnostic that names the
//! file and what to do when it cannot be read.

use std::io::Read;
use std::path::Path;

use crate::diag::{Code, Diagnostic, Label};

/// Read at most `cap` bytes of `path` as text; `what` names the file in messages ("the rubric
/// file"). A file over the cap, unreadable or not UTF-8 is a diagnostic.
pub fn read_text(path: &Path, cap: usize, what: &str) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, cap, what)?;
    text(bytes, &path.display().to_string(), what)
}

/// Read at most `cap` bytes of `path`, whatever they are (a license text decoded lossily).
pub fn read_bytes(path: &Path, cap: usize, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let shown = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|e| fail(&shown, format!("cannot read {what}: {e}")))?;
    capped(file, cap, &shown, what)
}

/// Read at most `cap` bytes of standard input as text (`-` for a file the user names).
pub fn read_stdin_text(cap: usize, what: &str) -> Result<String, Diagnostic> {
    let shown = "<standard input>";
    text(read_stdin_bytes(cap, what)?, shown, what)
}

/// Read at most `cap` bytes of standard input, whatever they are.
pub fn read_stdin_bytes(cap: usize, what: &str) -> Result<Vec<u8>, Diagnostic> {
    capped(std::io::stdin().lock(), cap, "<standard input>", what)
}

/// Read at most `cap` bytes of a regular file (links followed), lossily as text: for the small
/// files the tool reads on its own (a git HEAD, a refs file of a cache). A FIFO, a socket or a
/// device is refused before it is opened (opening a FIFO blocks, a device may never end).
pub fn read_regular(path: &Path, cap: u64) -> std::io::Result<String> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap)
        .read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn fail(shown: &str, message: String) -> Diagnostic {
    Diagnostic::error(Code::Unreadable, message).with_label(Label::file(shown))
}

fn capped(reader: impl Read, cap: usize, shown: &str, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    reader
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(shown, format!("cannot read {what}: {e}")))?;
    if bytes.len() > cap {
        return Err(fail(
            shown,
            format!("{what} is over the {cap} byte limit; give a smaller file"),
        ));
    }
    Ok(bytes)
}

fn text(bytes: Vec<u8>, shown: &str, what: &str) -> Result<String, Diagnostic> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|_| fail(shown, format!("{what} is not UTF-8 text")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_capped_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.yaml");
        std::fs::write(&p, "\u{feff}id: x\n").unwrap();
        assert_eq!(read_text(&p, 100, "the rubric file").unwrap(), "id: x\n");
        assert_eq!(read_regular(&p, 4).unwrap(), "\u{feff}i");
        let err = read_text(&p, 4, "the rubric file").unwrap_err().to_string();
        assert!(err.contains("over the 4 byte limit"), "{err}");
        std::fs::write(&p, [0xff, 0xfe, 0x00]).unwrap();
        let err = read_text(&p, 100, "the rubric file")
            .unwrap_err()
            .to_string();
        assert!(err.ends_with("is not UTF-8 text"), "{err}");
        let err = read_text(&dir.path().join("nope"), 100, "the rubric file").unwrap_err();
        assert!(
            err.to_string().contains("cannot read the rubric file"),
            "{err}"
        );
        #[cfg(unix)]
        {
            assert!(read_regular(Path::new("/dev/zero"), 10).is_err());
            let err = read_text(Path::new("/dev/zero"), 1000, "the policy").unwrap_err();
            assert!(
                err.to_string().contains("over the 1000 byte limit"),
                "{err}"
            );
        }
    }
}
