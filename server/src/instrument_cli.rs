//! `patuh instrument …`: the instrument library from the command line, for operators and for
//! reconciling Patuh's numbers with the spreadsheets people keep.

use anyhow::{anyhow, bail, Context};
use app::api::instruments::VersionStatus;
use app::domain::format::decimal_id;
use app::domain::instrument::{
    parse_answer, score_unit, unit_gap, Answers, InstrumentVersion, Section, SectionScore,
};
use app::server::instruments::{self, Actor};
use clap::{Subcommand, ValueEnum};
use sea_orm::DatabaseConnection;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `instrument …`
#[derive(Debug, Subcommand)]
pub enum InstrumentCommand {
    /// List the instruments and versions in the library.
    List,
    /// Check an instrument file (YAML or XLSX) without storing it; exits 1 when it has problems.
    Check {
        /// The file.
        file: PathBuf,
    },
    /// Import an instrument file (YAML or XLSX) as a draft, or published with --publish. Nothing is
    /// stored when the file has any problem.
    Import {
        /// The file.
        file: PathBuf,
        /// Publish it at once (frozen, offered to cycles).
        #[arg(long)]
        publish: bool,
    },
    /// Write a version (CODE@VERSION, e.g. ombudsman-kepatuhan@2023) as YAML or XLSX.
    Export {
        /// CODE@VERSION.
        reference: String,
        /// File format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Yaml)]
        format: ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Score one unit's answers under a version: each section, the total, its band and the gap to
    /// the next band with the changes that gain most.
    Score {
        /// CODE@VERSION.
        reference: String,
        /// CSV or XLSX with rows `indicator_code,answer` (a header row is optional).
        #[arg(long)]
        answers: PathBuf,
    },
}

/// Export formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// The canonical, lossless format.
    Yaml,
    /// A workbook, one row per indicator.
    Xlsx,
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

fn parse(file: &Path) -> anyhow::Result<instruments::Parsed> {
    instruments::parse_file(&read(file)?).map_err(|problems| {
        for p in &problems {
            eprintln!("{}: {p}", file.display());
        }
        anyhow!(
            "{}: {} masalah; tidak ada yang disimpan / {} problem(s); nothing was stored",
            file.display(),
            problems.len(),
            problems.len()
        )
    })
}

fn describe(v: &InstrumentVersion) -> String {
    let bands = v
        .bands
        .bands
        .iter()
        .map(|b| b.code.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "{}@{}: {} ({}), {} bagian, {} indikator, skala {}–{}, predikat {bands}",
        v.instrument.code,
        v.version,
        v.instrument.name,
        v.instrument.publisher,
        v.sections.len(),
        v.indicators().len(),
        decimal_id(v.scale.min, 0),
        decimal_id(v.scale.max, 0),
    )
}

async fn by_reference(
    db: &DatabaseConnection,
    reference: &str,
) -> anyhow::Result<(uuid::Uuid, InstrumentVersion)> {
    let (code, version) = instruments::split_ref(reference).ok_or_else(|| {
        anyhow!("write the version as CODE@VERSION, e.g. ombudsman-kepatuhan@2023")
    })?;
    let (_, v) = instruments::find(db, code, version).await?.ok_or_else(|| {
        anyhow!("no version {reference} in the library (see `patuh instrument list`)")
    })?;
    Ok((v.id, instruments::document(&v)?))
}

/// Runs one `instrument` command.
pub async fn run(
    command: InstrumentCommand,
    db: impl std::future::Future<Output = anyhow::Result<DatabaseConnection>>,
) -> anyhow::Result<()> {
    match command {
        InstrumentCommand::Check { file } => {
            // Checking needs no database.
            let parsed = parse(&file)?;
            println!("OK  {}", describe(&parsed.doc));
            Ok(())
        }
        InstrumentCommand::List => {
            let db = db.await?;
            for entry in list(&db).await? {
                println!("{entry}");
            }
            Ok(())
        }
        InstrumentCommand::Import { file, publish } => {
            let parsed = parse(&file)?;
            let summary = describe(&parsed.doc);
            let db = db.await?;
            instruments::import(&db, Actor::command_line(), parsed, publish)
                .await
                .map_err(|e| match e {
                    app::server::error::ServiceError::Frozen => anyhow!(
                        "this version is published and frozen; give the file a new version label"
                    ),
                    app::server::error::ServiceError::Instrument(problems) => {
                        for p in &problems {
                            eprintln!("{}: {p}", file.display());
                        }
                        anyhow!("{} problem(s); nothing was stored", problems.len())
                    }
                    other => anyhow::Error::new(other),
                })?;
            println!("{}  {summary}", if publish { "published" } else { "draft" });
            Ok(())
        }
        InstrumentCommand::Export {
            reference,
            format,
            output,
        } => {
            let db = db.await?;
            let (id, _) = by_reference(&db, &reference).await?;
            let xlsx = matches!(format, ExportFormat::Xlsx);
            let (_, _, bytes) = instruments::export(&db, id, xlsx).await?;
            match output {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => {
                    if xlsx && std::io::stdout().is_terminal() {
                        bail!("an XLSX workbook is binary: write it to a file with --output FILE");
                    }
                    std::io::stdout().write_all(&bytes)?;
                }
            }
            Ok(())
        }
        InstrumentCommand::Score { reference, answers } => {
            let db = db.await?;
            let (_, version) = by_reference(&db, &reference).await?;
            let answers = read_answers(&version, &answers)?;
            print!("{}", score_report(&version, &answers)?);
            Ok(())
        }
    }
}

async fn list(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for i in instruments::library(db).await? {
        lines.push(format!("{}  {} ({})", i.code, i.name, i.publisher));
        for v in i.versions {
            let mut marks = vec![match v.status {
                VersionStatus::Draft => "draft",
                VersionStatus::Published => "published",
            }];
            if v.builtin {
                marks.push("built-in");
            }
            if v.public_sources {
                marks.push("compiled from public sources");
            }
            lines.push(format!(
                "  {}@{:<12} {:>4} indikator  {}",
                i.code,
                v.version,
                v.indicator_count,
                marks.join(", ")
            ));
        }
    }
    Ok(lines)
}

/// Reads `indicator_code,answer` rows; every problem is reported with its row.
fn read_answers(version: &InstrumentVersion, file: &Path) -> anyhow::Result<Answers> {
    let (header, rows) = app::server::sheets::read_table(&read(file)?).map_err(|problems| {
        anyhow!(
            "{}: {}",
            file.display(),
            problems
                .iter()
                .map(|p| format!("{:?}", p.kind))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let first = header
        .first()
        .map(|c| c.trim().to_lowercase())
        .unwrap_or_default();
    let has_header = matches!(
        first.as_str(),
        "indicator_code" | "indicator" | "kode" | "kode_indikator" | "indikator"
    );
    let mut all = Vec::new();
    if !has_header {
        all.push((1, header));
    }
    all.extend(rows.into_iter().enumerate().map(|(i, r)| (i + 2, r)));
    let mut answers = Answers::new();
    let mut problems = Vec::new();
    for (line, row) in all {
        let code = row.first().map(|c| c.trim()).unwrap_or_default();
        let text = row.get(1).map(String::as_str).unwrap_or_default();
        if code.is_empty() {
            continue;
        }
        let Some(indicator) = version.indicator(code) else {
            problems.push(format!(
                "baris {line}: indikator \"{code}\" tidak ada di {}@{}",
                version.instrument.code, version.version
            ));
            continue;
        };
        let Some(answer_type) = version.answer_type(indicator) else {
            continue;
        };
        if answers.contains_key(code) {
            problems.push(format!(
                "baris {line}: indikator \"{code}\" dijawab dua kali"
            ));
            continue;
        }
        match parse_answer(answer_type, text) {
            Ok(Some(answer)) => {
                answers.insert(code.to_owned(), answer);
            }
            Ok(None) => {}
            Err(e) => problems.push(format!(
                "baris {line}, indikator {code}: {}",
                e.message_id()
            )),
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{}: {p}", file.display());
        }
        bail!(
            "{}: {} masalah / {} problem(s); nothing was scored",
            file.display(),
            problems.len(),
            problems.len()
        );
    }
    Ok(answers)
}

/// The score report: sections as a tree, the total and band, the gap to the next band.
pub fn score_report(version: &InstrumentVersion, answers: &Answers) -> anyhow::Result<String> {
    let d = version.scale.decimals;
    let score = score_unit(version, answers, &[]).map_err(|e| anyhow!("{e}"))?;
    let gap = unit_gap(version, answers, &[]).map_err(|e| anyhow!("{e}"))?;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "{} {} ({}@{})",
        version.instrument.name, version.version, version.instrument.code, version.version
    ));
    line(String::new());
    line(format!(
        "{:<56} {:>8} {:>7}  Predikat",
        "Bagian", "Nilai", "Porsi"
    ));
    fn walk(
        sections: &[Section],
        scores: &[SectionScore],
        depth: usize,
        d: u8,
        line: &mut dyn FnMut(String),
    ) {
        for s in scores {
            let Some(def) = sections.iter().find(|x| x.code == s.code) else {
                continue;
            };
            let label = format!("{}{} {}", "  ".repeat(depth), def.code, def.name_id);
            let label: String = if label.chars().count() > 56 {
                label.chars().take(55).chain(['…']).collect()
            } else {
                label
            };
            line(format!(
                "{label:<56} {:>8} {:>7}  {}",
                s.value.map_or("–".to_owned(), |v| decimal_id(v, d)),
                s.share.map_or("–".to_owned(), |w| format!(
                    "{}%",
                    decimal_id(w * 100.0, 1)
                )),
                s.band.as_ref().map_or("", |b| b.code.as_str()),
            ));
            walk(&def.sections, &s.sections, depth + 1, d, line);
        }
    }
    walk(&version.sections, &score.sections, 0, d, &mut line);
    line(String::new());
    let band = score.band.as_ref().map_or("–".to_owned(), |b| {
        format!(
            "{} ({}{})",
            b.code,
            b.name_id,
            b.zone
                .as_deref()
                .map(|z| format!(", zona {z}"))
                .unwrap_or_default()
        )
    });
    line(format!(
        "Nilai: {}   Predikat: {band}",
        decimal_id(score.rounded, d)
    ));
    if !score.missing.is_empty() {
        line(format!(
            "Belum dijawab ({}, {}): {}",
            score.missing.len(),
            if score.missing_counted_as_zero {
                "dihitung 0"
            } else {
                "tidak dihitung"
            },
            score.missing.join(", ")
        ));
    }
    if !score.not_applicable.is_empty() {
        line(format!(
            "Tidak berlaku ({}): {}",
            score.not_applicable.len(),
            score.not_applicable.join(", ")
        ));
    }
    match (&gap.next_band, gap.points_needed) {
        (Some(next), Some(points)) => {
            line(format!(
                "Menuju predikat {} (≥ {}): kurang {} poin",
                next.code,
                decimal_id(next.lower, d),
                decimal_id(points, d)
            ));
            if !gap.improvements.is_empty() {
                line("Perbaikan yang paling menambah nilai:".to_owned());
            }
            for (i, imp) in gap.improvements.iter().take(10).enumerate() {
                let from = imp
                    .current
                    .as_ref()
                    .map_or("belum dijawab".to_owned(), |s| s.label.clone());
                line(format!(
                    "  {:>2}. {} dari \"{from}\" ke \"{}\": +{} poin (ke \"{}\": +{}{})",
                    i + 1,
                    imp.indicator,
                    imp.next.label,
                    decimal_id(imp.gain_next, d),
                    imp.best.label,
                    decimal_id(imp.gain_best, d),
                    if imp.best_closes_gap {
                        ", cukup untuk naik predikat"
                    } else {
                        ""
                    }
                ));
            }
        }
        _ => line("Sudah di predikat tertinggi.".to_owned()),
    }
    Ok(out)
}
