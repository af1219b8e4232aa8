//! The `patuh` binary.

use clap::Parser;

/// mimalloc instead of glibc's allocator: a page allocates and frees thousands of small strings
/// and rows from many threads (tokio workers, one SQLite worker per connection), and under load
/// glibc's malloc/free/consolidate took about a sixth of the server's CPU; a burst of 100
/// sign-ins (19 MiB per password hash) now peaks at ~150 MB resident.
/// Built with `no_thp`: asking for transparent huge pages made an idle server 15 MB larger
/// (47 MB instead of 32 MB, over the 40 MB idle budget).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() {
    let cli = patuh_server::cli::Cli::parse();
    if let Err(err) = patuh_server::cli::run(cli).await {
        eprintln!("patuh: error: {err:#}");
        std::process::exit(1);
    }
}
