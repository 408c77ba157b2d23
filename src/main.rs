//! The `coherence` binary: parses arguments, calls the library, maps the result to an exit code.

use clap::Parser;

fn main() {
    let cli = match coherence::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors exit 2.
            let _ = e.print();
            std::process::exit(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let done = coherence::cli::run(&cli, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    // `exit` ends the process without dropping `done`: a national run's
    // records are handed back to the system at once, not freed one by one.
    std::process::exit(done.code);
}
