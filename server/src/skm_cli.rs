//! `patuh skm ikm`: the SKM index of a response sheet from the command line, to reconcile
//! Patuh's numbers with the spreadsheets units keep. Needs no database: the unsur names and the
//! mutu bands come from the built-in SKM version (PermenPAN-RB 14/2017).

use anyhow::{anyhow, bail, Context};
use app::domain::format::decimal_id;
use app::domain::instrument::builtin::builtin_version;
use app::domain::instrument::{ikm, IkmWeight};
use app::domain::org::{ImportProblem, ImportProblemKind};
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

/// `skm …`
#[derive(Debug, Subcommand)]
pub enum SkmCommand {
    /// Print the NRR of each unsur, the IKM and its mutu for a CSV or XLSX of responses (one row
    /// per respondent, columns U1…U9 with answers 1–4; profile columns are ignored here).
    Ikm {
        /// The responses (CSV with comma or semicolon, or XLSX).
        #[arg(long, alias = "xlsx")]
        csv: PathBuf,
        /// The unsur weight: exact 1/n (the regulation) or 0.111 (old spreadsheets).
        #[arg(long, value_enum, default_value_t = Weight::Exact)]
        weight: Weight,
    },
}

/// The weight conventions.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Weight {
    /// 1/n for each of n unsur.
    Exact,
    /// 0.111 for each of nine unsur.
    #[value(name = "0.111")]
    Spreadsheet,
}

fn describe(p: &ImportProblem) -> String {
    let what = match &p.kind {
        ImportProblemKind::MissingColumn => "kolom tidak ada / column missing".to_owned(),
        ImportProblemKind::Field(f) => format!("isian tidak sah / invalid value ({f:?})"),
        ImportProblemKind::Unreadable(e) => format!("berkas tidak terbaca / unreadable: {e}"),
        ImportProblemKind::Empty => "tidak ada baris data / no data rows".to_owned(),
        other => format!("{other:?}"),
    };
    if p.column.is_empty() {
        format!("baris {}: {what}", p.row)
    } else {
        format!("baris {}, kolom {}: {what}", p.row, p.column)
    }
}

/// Runs an `skm` command.
pub fn run(command: SkmCommand) -> anyhow::Result<()> {
    match command {
        SkmCommand::Ikm { csv, weight } => {
            let version = builtin_version("skm", "2017")
                .ok_or_else(|| anyhow!("the built-in SKM version is missing"))?;
            let elements = app::server::skm::elements(&version)
                .ok_or_else(|| anyhow!("the built-in SKM version is not a survey"))?;
            let bytes =
                std::fs::read(&csv).with_context(|| format!("cannot read {}", csv.display()))?;
            let report = |problems: Vec<ImportProblem>| {
                for p in problems.iter().take(50) {
                    eprintln!("{}", describe(p));
                }
                if problems.len() > 50 {
                    eprintln!("… dan {} masalah lain", problems.len() - 50);
                }
                anyhow!("{} masalah; tidak ada yang dihitung", problems.len())
            };
            let (header, rows) = app::server::sheets::read_table(&bytes).map_err(report)?;
            let responses =
                app::domain::skm::check_import(&header, &rows, elements.len()).map_err(report)?;
            let answers: Vec<Vec<u8>> = responses.into_iter().map(|r| r.answers).collect();
            let weight = match weight {
                Weight::Exact => IkmWeight::Exact,
                Weight::Spreadsheet => IkmWeight::Spreadsheet0111,
            };
            let result = ikm(&answers, weight).map_err(|e| anyhow!("{e}"))?;
            println!("Responden: {}", result.respondents);
            println!(
                "Bobot: {}",
                match weight {
                    IkmWeight::Exact => "1/n (PermenPAN-RB 14/2017)",
                    IkmWeight::Spreadsheet0111 => "0,111 (lembar kerja lama; bukan hasil resmi)",
                }
            );
            println!();
            println!("{:<5} {:<36} {:>7} {:>9}", "Unsur", "", "NRR", "NRR×25");
            for (e, nrr) in elements.iter().zip(&result.nrr) {
                println!(
                    "{:<5} {:<36} {:>7} {:>9}",
                    e.code,
                    e.name,
                    decimal_id(*nrr, 3),
                    decimal_id(nrr * 25.0, 2)
                );
            }
            println!();
            let Some(band) = version.bands.lookup(result.rounded, 2) else {
                bail!("IKM {} is outside the mutu table", result.rounded);
            };
            println!(
                "IKM: {}   Mutu: {} ({})",
                decimal_id(result.rounded, 2),
                band.code,
                band.name_id
            );
            Ok(())
        }
    }
}
