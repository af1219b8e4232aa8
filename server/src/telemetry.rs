//! Structured logs with `tracing`; every request's span carries its request id.

use crate::config::Config;
use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber once (later calls, e.g. from tests, are no-ops).
pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if config.log_json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
