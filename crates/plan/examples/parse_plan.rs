//! Prints the JSON of a parsed plan: `cargo run -p anzhi-plan --example parse_plan -- FILE [YEAR]`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: parse_plan FILE [YEAR]");
        return ExitCode::from(2);
    };
    let year = args.next().and_then(|y| y.parse().ok());
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    let format = anzhi_plan::detect_format(&bytes, Some(&path));
    match anzhi_plan::parse(&bytes, format, year) {
        Ok(plan) => match serde_json::to_string_pretty(&plan) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
