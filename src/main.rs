//! The `skillmine` binary: arguments → [`skillmine::Config`] → library → exit code.

mod cli;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(&args),
        Command::Facts(args) => facts(&args),
        Command::Eval(args) => eval(&args),
        Command::Explain(args) => explain(&args),
        Command::Compare(args) => compare(&args),
        Command::Merge(args) => merge(&args),
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
    let config = args.to_config();
    limit_polars_threads(&config);
    let summary = skillmine::run(&config).context("skillmine run failed")?;
    if !args.scan.quiet {
        let m = &summary.manifest;
        print_records(&m.records, &m.inputs, m.elapsed_seconds, m.threads);
        match config.shard {
            Some(shard) => eprintln!(
                "shard {shard}: partial result in {} (combine with `skillmine merge`)",
                config.out_dir.display()
            ),
            None => eprintln!(
                "{} occupations; tables in {}",
                summary.tables.occupations.len(),
                config.out_dir.display()
            ),
        }
    }
    Ok(())
}

/// The table writing (polars, with its own thread pool) uses no more threads than
/// the run's `--threads`, unless `POLARS_MAX_THREADS` says otherwise. Called before
/// any thread starts.
fn limit_polars_threads(config: &skillmine::Config) {
    if std::env::var_os("POLARS_MAX_THREADS").is_none() {
        std::env::set_var("POLARS_MAX_THREADS", config.worker_threads().to_string());
    }
}

fn facts(args: &cli::FactsArgs) -> anyhow::Result<()> {
    let config = args.to_config();
    let summary =
        skillmine::pipeline::facts(&config, &args.out).context("skillmine facts failed")?;
    if !args.scan.quiet {
        print_records(
            &summary.records,
            &summary.inputs,
            summary.elapsed_seconds,
            config.worker_threads(),
        );
        eprintln!("facts in {}", args.out.display());
    }
    Ok(())
}

fn eval(args: &cli::EvalArgs) -> anyhow::Result<()> {
    let config = args.to_config();
    let gold = skillmine::eval::read_gold(&args.gold)?;
    let reference = skillmine::eval::read_reference(&args.reference_path())?;
    let (_, extractor) = skillmine::pipeline::build_extractor(&config)?;
    let report = skillmine::eval::evaluate(&gold, &args.data_root, &extractor, &reference)?;
    if args.explain {
        print!("{}", report.explanation());
    }
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.summary());
    }
    Ok(())
}

fn explain(args: &cli::ExplainArgs) -> anyhow::Result<()> {
    let config = args
        .extract
        .to_config(vec![args.input.clone()], Default::default());
    let (_, extractor) = skillmine::pipeline::build_extractor(&config)?;
    let resume = skillmine::ingest::find_resume(&args.input, &config.fields, args.id.as_deref())?
        .with_context(|| match &args.id {
        Some(id) => format!("no resume with id {id:?} in {}", args.input.display()),
        None => format!("no resume in {}", args.input.display()),
    })?;
    print!("{}", skillmine::explain::render(&resume, &extractor));
    Ok(())
}

fn merge(args: &cli::MergeArgs) -> anyhow::Result<()> {
    let config = args.to_config();
    limit_polars_threads(&config);
    let summary = skillmine::pipeline::merge(&config).context("skillmine merge failed")?;
    if !args.quiet {
        let m = &summary.manifest;
        eprintln!(
            "merged {} partial results: {} records ({} accepted, {} rejected), {} occupations; tables in {}",
            config.inputs.len(),
            m.records.read,
            m.records.accepted,
            m.records.rejected,
            summary.tables.occupations.len(),
            config.out_dir.display()
        );
    }
    Ok(())
}

fn compare(args: &cli::CompareArgs) -> anyhow::Result<()> {
    let sentences = skillmine::compare::sentences(&args.out_dir, &args.a, &args.b)?;
    let shown = if args.limit == 0 {
        sentences.len()
    } else {
        args.limit.min(sentences.len())
    };
    for sentence in &sentences[..shown] {
        println!("{sentence}");
    }
    if sentences.is_empty() {
        eprintln!(
            "no significant differences between {} and {}",
            args.a, args.b
        );
    }
    Ok(())
}

fn print_records(
    records: &skillmine::write::manifest::RecordCounts,
    inputs: &[skillmine::ingest::InputSummary],
    seconds: f64,
    threads: usize,
) {
    let reasons: Vec<String> = records
        .rejected_by_reason
        .iter()
        .map(|(reason, n)| format!("{reason}: {n}"))
        .collect();
    let rejected = if reasons.is_empty() {
        String::new()
    } else {
        format!(" ({})", reasons.join(", "))
    };
    eprintln!(
        "read {} records: {} accepted, {} rejected{rejected}",
        records.read, records.accepted, records.rejected
    );
    let mb = inputs.iter().map(|i| i.bytes).sum::<u64>() as f64 / 1e6;
    eprintln!(
        "{mb:.1} MB in {seconds:.2} s ({:.1} MB/s, {threads} threads)",
        mb / seconds.max(1e-9)
    );
}
