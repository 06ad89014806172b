//! The `skillmine` binary: arguments → [`skillmine::Config`] → library → exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &cli::RunArgs) -> anyhow::Result<()> {
    use anyhow::Context;
    let config = args.to_config();
    let summary = skillmine::run(&config).context("skillmine run failed")?;
    if !args.quiet {
        print_summary(&summary, &config);
    }
    Ok(())
}

fn print_summary(summary: &skillmine::RunSummary, config: &skillmine::Config) {
    let m = &summary.manifest;
    let bytes: u64 = m.inputs.iter().map(|i| i.bytes).sum();
    let mb = bytes as f64 / 1e6;
    let reasons: Vec<String> = m
        .records
        .rejected_by_reason
        .iter()
        .map(|(reason, n)| format!("{reason}: {n}"))
        .collect();
    eprintln!(
        "read {} records: {} accepted, {} rejected{}",
        m.records.read,
        m.records.accepted,
        m.records.rejected,
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        }
    );
    eprintln!(
        "{:.1} MB in {:.2} s ({:.1} MB/s, {} threads); {} occupations; tables in {}",
        mb,
        m.elapsed_seconds,
        mb / m.elapsed_seconds.max(1e-9),
        m.threads,
        summary.tables.occupations.len(),
        config.out_dir.display()
    );
}
