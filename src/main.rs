//! The `unspin` command line. All the work is in the library; this file only
//! parses arguments and maps the outcome to an exit status.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
