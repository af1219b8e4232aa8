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
    /// Create the demo pemda "Kabupaten Contoh" and its accounts (idempotent).
    Seed,
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
        Command::Demo(DemoCommand::Seed) => {
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
