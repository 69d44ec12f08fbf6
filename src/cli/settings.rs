//! Raw arguments become checked settings once, for every subcommand (as ripgrep's low-level
//! arguments become high-level ones): whether to colour, how wide to draw, how many models at
//! once, which rubrics, which targets. No subcommand decides these for itself.

use std::io::IsTerminal;
use std::path::Path;

use openness::Error;
use openness::render::Style;
use openness::rubric::{self, Rubric};

use openness::source::{Context, Follow, FollowMode};

use super::{BatchArgs, ColorChoice, FollowArgs, OutputArgs};

/// Models read at once when `--jobs` is not given: reading a model is mostly waiting for files
/// or the network.
pub const DEFAULT_JOBS: usize = 8;

/// What every output needs to know: where it goes and how it looks.
#[derive(Debug, Clone)]
pub struct Settings {
    pub style: Style,
}

impl Settings {
    /// Decide colour and width for a result written to `output` (standard output when `None`).
    pub fn new(color: ColorChoice, output: Option<&Path>) -> Settings {
        let to_terminal = output.is_none() && std::io::stdout().is_terminal();
        Settings {
            style: Style {
                color: use_color(color, to_terminal, &|k| std::env::var_os(k)),
                width: width(to_terminal),
                base: std::env::current_dir().ok(),
            },
        }
    }

    pub fn of(out: &OutputArgs) -> Settings {
        Settings::new(out.color, out.output.as_deref())
    }
}

/// Whether to colour: `--color always|never` decides; `auto` colours a terminal unless
/// `NO_COLOR` is set (non-empty) or `TERM` is `dumb`, and colours anything when `CLICOLOR_FORCE`
/// or `FORCE_COLOR` is set (non-empty, not `0`). `NO_COLOR` wins over both.
pub fn use_color(
    choice: ColorChoice,
    to_terminal: bool,
    var: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> bool {
    let set = |k: &str| var(k).is_some_and(|v| !v.is_empty());
    let forced = |k: &str| var(k).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto if forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") => true,
        ColorChoice::Auto => to_terminal && var("TERM").is_none_or(|t| t != "dumb"),
    }
}

/// The width to fit: `COLUMNS` when set (a piped run honours it too), else the terminal's width
/// when writing to one, else none.
pub fn width(to_terminal: bool) -> Option<u16> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|w| (40..=1000).contains(w));
    columns.or_else(|| {
        to_terminal
            .then(|| terminal_size::terminal_size_of(std::io::stdout()))
            .flatten()
            .map(|(w, _)| w.0)
    })
}

/// How the links of cards are followed.
pub fn follow(args: &FollowArgs) -> Follow {
    let mut f = Follow::default();
    if args.no_follow {
        f.mode = FollowMode::Never;
    } else if args.follow_links {
        f.mode = FollowMode::Always;
    }
    if let Some(n) = args.follow_budget {
        f.budget = n;
    }
    f
}

/// The context every read of a command shares: offline or not, how links are followed.
pub fn context(offline: bool, follow_args: &FollowArgs) -> Context {
    Context::new(offline).with_follow(follow(follow_args))
}

/// `openness: HTTP requests per host: huggingface.co: 3, api.github.com: 8`, when any was made.
pub fn hosts_line(stats: &openness::source::RequestStats) -> Option<String> {
    (!stats.by_host.is_empty()).then(|| {
        format!(
            "openness: HTTP requests per host: {}",
            openness::controls::line(&stats.hosts())
        )
    })
}

/// The request log on stderr at a verbosity: nothing at 0; the requests per host at 1 (`-v`);
/// also per resource and the retry policy's waits at 2 (`-vv`).
pub fn print_requests(stats: &openness::source::RequestStats, verbose: u8) {
    if verbose == 0 {
        return;
    }
    if let Some(line) = hosts_line(stats) {
        eprintln!("{line}");
    }
    if verbose < 2 {
        return;
    }
    if !stats.by_repo.is_empty() {
        let each: Vec<String> = stats
            .by_repo
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect();
        eprintln!(
            "openness: HTTP requests per resource: {}",
            openness::controls::line(&each.join(", "))
        );
    }
    if !stats.planned_waits.is_empty() {
        let waits: Vec<String> = stats
            .planned_waits
            .iter()
            .map(|w| format!("{:.1} s", w.as_secs_f64()))
            .collect();
        eprintln!(
            "openness: {} retries, waiting {}",
            stats.retries,
            waits.join(", ")
        );
    }
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet` (a global option): set once, before the command runs.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--quiet` was given: no progress, warnings or summary on stderr.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Models read at once.
pub fn jobs(batch: &BatchArgs) -> usize {
    batch.jobs.map(usize::from).unwrap_or(DEFAULT_JOBS)
}

/// The rubrics named (by built-in id or file), each at most once; the defaults when none is.
pub fn rubrics(specs: &[String]) -> Result<Vec<Rubric>, Error> {
    if specs.is_empty() {
        return rubric::default_rubrics();
    }
    let mut list: Vec<Rubric> = Vec::new();
    for spec in specs {
        let r = rubric::load(spec)?;
        if let Some(first) = list.iter().find(|x| x.id == r.id) {
            return Err(Error::Usage(format!(
                "rubric `{}` is given twice (from {} and {})",
                r.id, first.origin, r.origin
            )));
        }
        list.push(r);
    }
    Ok(list)
}

/// The largest target list read (a million targets is about 40 MB).
const LIST_CAP: usize = 64 * 1024 * 1024;

/// The bytes of a target list (`-`: standard input), at most [`LIST_CAP`].
pub fn read_list_bytes(file: &Path) -> Result<Vec<u8>, Error> {
    let name = file.display().to_string();
    if name == "-" {
        openness::input::read_stdin_bytes(LIST_CAP, "the target list")
    } else {
        openness::input::read_bytes(file, LIST_CAP, "the target list")
    }
    .map_err(|d| {
        Error::Usage(
            d.with_help("one target per line, `#` for comments")
                .to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn colour_follows_the_conventions() {
        let auto = |vars: &'static [(&'static str, &'static str)], tty: bool| {
            use_color(ColorChoice::Auto, tty, &env(vars))
        };
        assert!(auto(&[], true));
        assert!(!auto(&[], false));
        assert!(!auto(&[("NO_COLOR", "1")], true));
        assert!(auto(&[("NO_COLOR", "")], true));
        assert!(!auto(&[("TERM", "dumb")], true));
        assert!(auto(&[("CLICOLOR_FORCE", "1")], false));
        assert!(auto(&[("FORCE_COLOR", "true")], false));
        assert!(!auto(&[("FORCE_COLOR", "0")], false));
        assert!(!auto(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], true));
        assert!(use_color(
            ColorChoice::Always,
            false,
            &env(&[("NO_COLOR", "1")])
        ));
        assert!(!use_color(ColorChoice::Never, true, &env(&[])));
    }
}
