//! The `openness` binary: parse arguments, run the library, map errors to exit codes
//! (0 done, 1 a policy said no, 2 an error). A closed pipe is not an error.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Each part of a message is already one line; whatever else slipped in is shown
            // escaped, so an error cannot drive the terminal.
            eprintln!(
                "openness: error: {}",
                openness::controls::text(&e.to_string())
            );
            ExitCode::from(2)
        }
    }
}
