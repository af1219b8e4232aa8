//! The `patuh` binary.

use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = patuh_server::cli::Cli::parse();
    if let Err(err) = patuh_server::cli::run(cli).await {
        eprintln!("patuh: error: {err:#}");
        std::process::exit(1);
    }
}
