//! The command line: `patuh [serve] | migrate | admin create | demo seed | instrument …`.

use crate::config::Config;
use crate::startup::{open_database, Application};
use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use std::io::Read;
use std::path::PathBuf;

/// Patuh: public-service evaluations for Indonesian local governments.
#[derive(Debug, Parser)]
#[command(name = "patuh", version, about, long_about = None)]
pub struct Cli {
    /// A TOML configuration file (default: ./patuh.toml when present).
    #[arg(long, global = true, env = "PATUH_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Platform administration.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Demo data.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// The instrument library: list, check, import, export, score.
    #[command(subcommand)]
    Instrument(crate::instrument_cli::InstrumentCommand),
    /// SKM surveys: the index of a response sheet.
    #[command(subcommand)]
    Skm(crate::skm_cli::SkmCommand),
}

/// Options of `serve`.
#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Seed the demo data set when the database has no accounts, and print its accounts.
    #[arg(long)]
    pub demo: bool,
}

/// `admin …`
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a platform operator account.
    Create(CreateAdmin),
}

/// Options of `admin create`.
#[derive(Debug, Args)]
pub struct CreateAdmin {
    /// Sign-in email of the new operator.
    #[arg(long)]
    pub email: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// Read the password from standard input (one line), for scripts.
    #[arg(long, required = true)]
    pub password_stdin: bool,
}

/// `demo …`
#[derive(Debug, Subcommand)]
pub enum DemoCommand {
    /// Create the demo pemda "Kabupaten Contoh" and its accounts (idempotent); with `--scale`,
    /// many generated pemda mid-cycle for benchmarks instead (resumable).
    Seed(SeedArgs),
}

/// Options of `demo seed`.
#[derive(Debug, Args, Default)]
pub struct SeedArgs {
    /// Generate benchmark data at this scale instead of the demo pemda: one kabupaten, one
    /// province (Jawa Tengah, 36 pemda) or the whole country (552 pemda). Pemda already there
    /// are skipped, so an interrupted run can simply be started again.
    #[arg(long, value_enum)]
    pub scale: Option<ScaleArg>,
}

/// The sizes of the benchmark data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleArg {
    /// One kabupaten.
    Pemda,
    /// One province: 36 pemda.
    Province,
    /// Every province: 552 pemda.
    National,
}

impl From<ScaleArg> for app::server::scale::Scale {
    fn from(s: ScaleArg) -> Self {
        match s {
            ScaleArg::Pemda => Self::Pemda,
            ScaleArg::Province => Self::Province,
            ScaleArg::National => Self::National,
        }
    }
}

/// Prints the demo accounts for the person who just started Patuh.
pub fn print_demo_accounts(base: &str) {
    println!();
    println!("  Patuh berjalan di / is running at: {base}");
    println!();
    println!(
        "  Akun demo / demo accounts (kata sandi / password: {}):",
        app::server::demo::DEMO_PASSWORD
    );
    for account in app::server::demo::DEMO_ACCOUNTS {
        println!(
            "    {:<38} {:<12} {}",
            account.email,
            account.role.code(),
            account.name
        );
    }
    println!("  (Verifikasi dua langkah tidak diwajibkan dalam mode demo / two-step verification is not required in the demo.)");
    println!();
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Skm(command)) = cli.command {
        return crate::skm_cli::run(command);
    }
    let mut config = Config::load(cli.config.as_deref())?;
    crate::telemetry::init(&config);
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => {
            config.demo |= args.demo;
            let (app, _seeded) = Application::build(&config).await?;
            let base = config
                .base_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", app.address()));
            tracing::info!(address = %app.address(), database = %config.database_url_redacted(), "Patuh is ready");
            if config.demo {
                print_demo_accounts(&base);
            } else {
                println!("Patuh berjalan di / is running at: {base}");
            }
            app.run_until(shutdown_signal()).await
        }
        Command::Migrate => {
            open_database(&config).await?;
            println!("Database is up to date: {}", config.database_url_redacted());
            Ok(())
        }
        Command::Admin(AdminCommand::Create(args)) => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("cannot read the password from standard input")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let db = open_database(&config).await?;
            let user = app::server::accounts::create_user(
                &db,
                app::server::accounts::NewUser {
                    email: &args.email,
                    name: &args.name,
                    password,
                    is_operator: true,
                },
            )
            .await
            .map_err(describe)?;
            println!("Created platform operator {} <{}>", user.name, user.email);
            Ok(())
        }
        Command::Instrument(command) => {
            crate::instrument_cli::run(command, open_database(&config)).await
        }
        Command::Skm(command) => crate::skm_cli::run(command),
        Command::Demo(DemoCommand::Seed(SeedArgs { scale: Some(scale) })) => {
            seed_scale(&config, scale.into()).await
        }
        Command::Demo(DemoCommand::Seed(SeedArgs { scale: None })) => {
            let db = open_database(&config).await?;
            app::server::demo::seed(&db).await.map_err(describe)?;
            println!("Demo data is in place (Kabupaten Contoh).");
            print_demo_accounts(
                &config
                    .base_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{}", config.listen)),
            );
            Ok(())
        }
    }
}

/// `demo seed --scale …`: generates the benchmark data set, one line per pemda created.
async fn seed_scale(config: &Config, scale: app::server::scale::Scale) -> anyhow::Result<()> {
    use app::server::scale;
    let db = open_database(config).await?;
    let storage = config.storage()?;
    println!(
        "Generating {} pemda into {} (files: {})",
        scale::tenants(scale).len(),
        config.database_url_redacted(),
        storage.label()
    );
    let mut skipped = 0;
    let summary = scale::seed(&db, &storage, scale, |p| {
        if !p.created {
            skipped += 1;
            if p.done < p.total {
                return;
            }
        }
        if skipped > 0 {
            println!("  {skipped} pemda already there, skipped");
            skipped = 0;
        }
        if p.created {
            let secs = p.elapsed.as_secs_f64().max(0.001);
            println!(
                "tenant {}/{} {}: {} rows, {} files · {:.0} rows/s, {:.0} s",
                p.done,
                p.total,
                p.tenant.slug,
                p.rows,
                p.files,
                p.rows_total as f64 / secs,
                secs
            );
        }
    })
    .await
    .map_err(describe)?;
    let secs = summary.elapsed.as_secs_f64().max(0.001);
    println!(
        "Done in {secs:.1} s: {} pemda created, {} already there; {} rows ({:.0} rows/s), {} files ({} KiB).",
        summary.created,
        summary.skipped,
        summary.total_rows(),
        summary.total_rows() as f64 / secs,
        summary.files,
        summary.bytes / 1024
    );
    for (table, rows) in &summary.rows {
        println!("  {table:<20} {rows:>9}");
    }
    if let Some(first) = scale::tenants(scale).first() {
        println!(
            "Accounts (password {}): {} (coordinator), {} (leadership), {} (PIC), {} (Ombudsman mentor); \
             every pemda alike.",
            app::server::demo::DEMO_PASSWORD,
            scale::coordinator_email(&first.slug),
            scale::viewer_email(&first.slug),
            scale::staff_email(&first.slug, "DUKCAPIL"),
            scale::mentor_email(first.province)
        );
    }
    Ok(())
}

/// A service error as a sentence for the terminal.
fn describe(err: app::server::error::ServiceError) -> anyhow::Error {
    use app::server::error::ServiceError as S;
    match err {
        S::Field { field, problem } => anyhow::anyhow!("--{field}: {problem:?}"),
        S::Taken { field } => anyhow::anyhow!("--{field}: already used by another account"),
        other => anyhow::Error::new(other),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
