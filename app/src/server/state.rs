//! What every request handler and server function can reach: the database and the settings.

use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// Settings the services need, filled from the server's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Failed sign-ins allowed per account within [`Settings::failure_window`].
    pub max_failures_per_account: u32,
    /// Failed sign-ins allowed per client address within [`Settings::failure_window`].
    pub max_failures_per_address: u32,
    /// The sliding window the failure counts are taken over.
    pub failure_window: Duration,
    /// The public base URL, for links in emails (no trailing slash).
    pub public_url: String,
    /// How long an invitation link stays valid.
    pub invitation_ttl: Duration,
    /// How long a password-reset link stays valid.
    pub reset_ttl: Duration,
    /// The data directory (embedded database, files).
    pub data_dir: std::path::PathBuf,
    /// When this instance started.
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// Evidence upload limits.
    pub evidence: EvidenceSettings,
    /// Operators, coordinators and mentors must sign in with a second factor
    /// ([`crate::domain::role::Role::needs_second_factor`]).
    pub require_two_factor: bool,
}

/// What evidence uploads may be.
#[derive(Debug, Clone)]
pub struct EvidenceSettings {
    /// Largest file, in bytes.
    pub max_file_bytes: u64,
    /// Storage each tenant may use, in bytes (deleted files count until they are purged).
    pub tenant_quota_bytes: u64,
    /// The accepted file types.
    pub allowed: Vec<crate::domain::evidence::FileKind>,
    /// How long deleted evidence can be restored before its bytes are purged.
    pub retention: Duration,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        Self {
            max_file_bytes: 25 * 1024 * 1024,
            tenant_quota_bytes: 5 * 1024 * 1024 * 1024,
            allowed: crate::domain::evidence::FileKind::ALL.to_vec(),
            retention: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_failures_per_account: 5,
            max_failures_per_address: 30,
            failure_window: Duration::from_secs(15 * 60),
            public_url: "http://127.0.0.1:3000".to_owned(),
            invitation_ttl: Duration::from_secs(7 * 24 * 3600),
            reset_ttl: Duration::from_secs(3600),
            data_dir: "./data".into(),
            started_at: chrono::Utc::now(),
            evidence: EvidenceSettings::default(),
            require_two_factor: false,
        }
    }
}

/// Shared application state, provided to Leptos as context and to axum as state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Service settings.
    pub settings: Arc<Settings>,
    /// Where evidence bytes are kept.
    pub storage: super::storage::Storage,
    /// Announcements of committed changes to the pages open on them.
    pub live: super::live::Live,
}
