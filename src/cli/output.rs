//! Writing results: to stdout (a closed pipe ends quietly) or to a file (a regular file
//! atomically, so an interrupted run never leaves half a report; a device, FIFO or pipe written
//! through).

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

/// Write text to standard output (no path, or `-`) or to a file: a regular file (or a new one)
/// is replaced atomically, through a temporary file beside it and a rename (beside the target of a
/// symbolic link, which stays a link); anything else (`/dev/null`, `/dev/stdout`, a FIFO, a
/// process substitution) is written through, never replaced.
pub fn emit(text: &str, output: Option<&Path>) -> Result<(), CliError> {
    let path = match output {
        Some(p) if p.as_os_str() != "-" => p,
        _ => return write_to(io::stdout().lock(), text),
    };
    if STDOUT_ALIASES.iter().any(|a| path.as_os_str() == *a) {
        return write_to(io::stdout().lock(), text);
    }
    if STDERR_ALIASES.iter().any(|a| path.as_os_str() == *a) {
        return write_to(io::stderr().lock(), text);
    }
    write_file(path, text.as_bytes()).map_err(|source| {
        CliError::Lib(openness::Error::Output {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Names of this process's standard output and error: written to directly, as a shell would
/// (reopening them would start at offset 0 of a file they append to).
const STDOUT_ALIASES: [&str; 3] = ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"];
const STDERR_ALIASES: [&str; 3] = ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"];

fn write_to(mut out: impl Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // A descriptor's name (`/dev/fd/N`, `/proc/self/fd/N` of a file the shell opened) looks
    // like a regular file but is written through, as a shell would, never replaced.
    let magic = |p: &Path| p.starts_with("/dev/fd") || p.starts_with("/proc");
    let special = magic(path) || std::fs::canonicalize(path).is_ok_and(|c| magic(&c));
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && !special => {
            // Replace the file itself, wherever a chain of symbolic links leads.
            let target = std::fs::canonicalize(path)?;
            write_atomic(&target, bytes)
        }
        Ok(m) if m.is_dir() => Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory; give a file name",
        )),
        Ok(m) => write_through(path, bytes, m.is_file()),
        // A symbolic link to nothing yet: create its target through it.
        Err(e) if e.kind() == io::ErrorKind::NotFound && path.is_symlink() => {
            write_through(path, bytes, false)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => write_atomic(path, bytes),
        Err(e) => Err(e),
    }
}

/// Write into what is there (a device, a FIFO, a pipe, a descriptor's file, truncated), or create
/// it through a dangling link.
fn write_through(path: &Path, bytes: &[u8], truncate: bool) -> io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(truncate)
        .open(path)?;
    f.write_all(bytes)?;
    f.flush()
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

/// Output written as results come (`--format jsonl`): standard output, or a file opened at once
/// (a directory refused) and written through, a line at a time, so a reader sees whole lines
/// and a stopped run leaves the lines it finished (its missing `end` line says it stopped).
/// After a failed write nothing more is written; [`LineOut::finish`] reports the failure.
pub struct LineOut {
    out: Box<dyn Write + Send>,
    path: Option<std::path::PathBuf>,
    failed: Option<io::Error>,
}

impl LineOut {
    pub fn open(output: Option<&Path>) -> Result<LineOut, CliError> {
        let path = output.filter(|p| {
            p.as_os_str() != "-" && !STDOUT_ALIASES.iter().any(|a| p.as_os_str() == *a)
        });
        let out: Box<dyn Write + Send> = match path {
            None => Box::new(io::stdout()),
            Some(p) if STDERR_ALIASES.iter().any(|a| p.as_os_str() == *a) => Box::new(io::stderr()),
            Some(p) => {
                let fail = |source: io::Error| {
                    CliError::Lib(openness::Error::Output {
                        path: p.to_path_buf(),
                        source,
                    })
                };
                if p.is_dir() {
                    return Err(fail(io::Error::new(
                        io::ErrorKind::IsADirectory,
                        "is a directory; give a file name",
                    )));
                }
                Box::new(std::fs::File::create(p).map_err(fail)?)
            }
        };
        Ok(LineOut {
            out,
            path: path.map(Path::to_path_buf),
            failed: None,
        })
    }

    /// Write whole lines and flush them.
    pub fn write(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(e) = self
                .out
                .write_all(text.as_bytes())
                .and_then(|_| self.out.flush())
        {
            self.failed = Some(e);
        }
    }

    pub fn finish(self) -> Result<(), CliError> {
        match (self.failed, self.path) {
            (None, _) => Ok(()),
            (Some(source), Some(path)) => {
                Err(CliError::Lib(openness::Error::Output { path, source }))
            }
            (Some(e), None) => Err(CliError::Io(e)),
        }
    }
}
