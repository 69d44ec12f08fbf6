//! Writing results: to stdout (a closed pipe ends quietly) or to a file (atomically, so an
//! interrupted run never leaves half a report).

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

/// An error of the command line: the library's, or I/O on the way out.
#[derive(Debug)]
pub enum CliError {
    Lib(openness::Error),
    Io(io::Error),
}

impl CliError {
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Lib(e) => write!(f, "{e}"),
            CliError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<openness::Error> for CliError {
    fn from(e: openness::Error) -> Self {
        CliError::Lib(e)
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Io(e)
    }
}

/// Write text to a file (via a temporary file and a rename) or to standard output.
pub fn emit(text: &str, output: Option<&Path>) -> Result<(), CliError> {
    match output {
        None => {
            let mut out = io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
        Some(path) => write_atomic(path, text.as_bytes()).map_err(|source| {
            CliError::Lib(openness::Error::Output {
                path: path.to_path_buf(),
                source,
            })
        }),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
