//! Layered configuration: built-in defaults, then an optional TOML file, then `PATUH_*`
//! environment variables (nested keys with `__`, e.g. `PATUH_AUTH__MAX_FAILURES_PER_ACCOUNT`).

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// `sqlite://…` or `postgres://…`; default: `sqlite://<data_dir>/patuh.db`.
    pub database_url: Option<SecretString>,
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Where the embedded database and (later) uploaded files live.
    pub data_dir: PathBuf,
    /// The public URL, e.g. `https://patuh.example.go.id` (links in emails, origin checks).
    pub base_url: Option<String>,
    /// Mark cookies `Secure`. Unset, it follows the base URL (`https://…` → secure); set to
    /// `false` with an https base URL, the server refuses to start ([`Config::cookies_secure`]).
    pub secure_cookies: Option<bool>,
    /// Log filter, `tracing` syntax (e.g. `info`, `patuh=debug,sqlx=warn`).
    pub log: String,
    /// Log as JSON lines instead of human-readable text.
    pub log_json: bool,
    /// The folder cargo-leptos writes the site to (CSS, JS, wasm, public assets).
    pub site_root: PathBuf,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Seed the demo data set when the database has no accounts.
    pub demo: bool,
    /// With `demo`: also seed the demo pemda's evaluation history (last year's closed cycle with
    /// its official result, this year's cycle part-way through).
    pub demo_cycles: bool,
    /// Hours of inactivity after which a session ends.
    pub session_hours: i64,
    /// Sign-in throttling.
    pub auth: AuthConfig,
    /// SMTP server for outgoing mail, e.g. `smtps://user:pass@smtp.example.go.id:465`. Without
    /// it, mail stays in the outbox the operator reads in the admin console.
    pub smtp_url: Option<SecretString>,
    /// The sender of outgoing mail.
    pub mail_from: String,
    /// Days an invitation link stays valid.
    pub invitation_days: u64,
    /// Minutes a password-reset link stays valid.
    pub reset_minutes: u64,
    /// Evidence upload limits.
    pub evidence: EvidenceConfig,
    /// Where evidence files are stored.
    pub storage: StorageConfig,
    /// The public SKM survey form.
    pub skm: SkmConfig,
    /// Addresses of the reverse proxies in front of this server. A request from one of them is
    /// attributed to the client its `X-Forwarded-For` names (for sign-in throttling, the survey
    /// rate limit and the audit log); from anyone else the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The public SKM survey form.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SkmConfig {
    /// Submissions per minute accepted from one client address.
    pub submissions_per_minute: u32,
}

/// Evidence upload limits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvidenceConfig {
    /// Largest file, in megabytes (MiB).
    pub max_file_mb: u64,
    /// Storage per tenant, in megabytes (MiB).
    pub tenant_quota_mb: u64,
    /// Accepted types by extension: any of pdf, jpg, png, webp, docx, xlsx, pptx.
    pub allowed_types: Vec<String>,
    /// Days deleted evidence can be restored before it is purged.
    pub retention_days: u64,
}

/// Where evidence files are stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StorageConfig {
    /// `local` (a folder, default) or `s3` (an S3-compatible bucket).
    pub backend: String,
    /// The folder of the local backend; default `<data_dir>/files`.
    pub path: Option<PathBuf>,
    /// The bucket of the `s3` backend.
    pub s3: S3Config,
}

/// An S3-compatible bucket (AWS, MinIO, Ceph, Garage…). Credentials may also come from the
/// standard `AWS_*` environment variables.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct S3Config {
    /// Bucket name.
    pub bucket: String,
    /// Endpoint for non-AWS stores, e.g. `https://s3.example.go.id`.
    pub endpoint: Option<String>,
    /// Region (default `us-east-1`).
    pub region: Option<String>,
    /// Access key id.
    pub access_key_id: Option<String>,
    /// Secret access key.
    #[serde(skip_serializing)]
    pub secret_access_key: Option<SecretString>,
    /// Allow a plain-http endpoint (local test servers only).
    pub allow_http: bool,
}

/// Sign-in throttling settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthConfig {
    /// Failed attempts per account within the window before sign-in is refused.
    pub max_failures_per_account: u32,
    /// Failed attempts per client address within the window.
    pub max_failures_per_address: u32,
    /// The window, in minutes.
    pub failure_window_minutes: u64,
    /// Operators, coordinators and mentors must sign in with a second factor (TOTP). Unset, it
    /// is on, except for the demo (`--demo`), whose accounts must open with the README's
    /// password alone ([`Config::two_factor_required`]).
    #[serde(default)]
    pub require_two_factor: Option<bool>,
}

/// The defaults, as a serialisable mirror of [`Config`] (secrets have no default).
#[derive(Debug, Serialize)]
struct Defaults {
    listen: String,
    data_dir: String,
    log: String,
    log_json: bool,
    site_root: String,
    max_body_bytes: usize,
    demo: bool,
    demo_cycles: bool,
    session_hours: i64,
    auth: AuthConfig,
    mail_from: String,
    invitation_days: u64,
    reset_minutes: u64,
    evidence: EvidenceConfig,
    storage: StorageConfig,
    skm: SkmConfig,
    trusted_proxies: Vec<String>,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:3000".into(),
            data_dir: "./data".into(),
            log: "info,sqlx=warn,sea_orm=warn".into(),
            log_json: false,
            site_root: "target/site".into(),
            max_body_bytes: 1024 * 1024,
            demo: false,
            demo_cycles: true,
            session_hours: 12,
            auth: AuthConfig {
                max_failures_per_account: 5,
                max_failures_per_address: 30,
                failure_window_minutes: 15,
                require_two_factor: None,
            },
            mail_from: "Patuh <noreply@patuh.invalid>".into(),
            invitation_days: 7,
            reset_minutes: 60,
            evidence: EvidenceConfig {
                max_file_mb: 25,
                tenant_quota_mb: 5 * 1024,
                allowed_types: app::domain::evidence::FileKind::ALL
                    .iter()
                    .map(|k| k.extension().to_owned())
                    .collect(),
                retention_days: 30,
            },
            storage: StorageConfig {
                backend: "local".into(),
                path: None,
                s3: S3Config::default(),
            },
            skm: SkmConfig {
                submissions_per_minute: 30,
            },
            trusted_proxies: Vec::new(),
        }
    }
}

impl Config {
    /// Loads defaults → `file` (if given, it must exist; else `patuh.toml` if present) → env.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Defaults::default()));
        match file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "configuration file {} not found",
                    path.display()
                );
                figment = figment.merge(Toml::file_exact(path));
            }
            None => figment = figment.merge(Toml::file("patuh.toml")),
        }
        figment = figment.merge(Env::prefixed("PATUH_").split("__"));
        Ok(figment.extract()?)
    }

    /// The database URL in force (explicit, or the SQLite file in the data directory).
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose_secret().to_owned(),
            None => format!("sqlite://{}/patuh.db", self.data_dir.display()),
        }
    }

    /// The database URL with any password replaced, for logs and messages.
    pub fn database_url_redacted(&self) -> String {
        let url = self.database_url();
        match url::Url::parse(&url) {
            Ok(mut parsed) if parsed.password().is_some() => {
                let _ = parsed.set_password(Some("***"));
                parsed.to_string()
            }
            _ => url,
        }
    }

    /// The service settings derived from this configuration.
    pub fn settings(&self) -> app::server::state::Settings {
        app::server::state::Settings {
            max_failures_per_account: self.auth.max_failures_per_account,
            max_failures_per_address: self.auth.max_failures_per_address,
            failure_window: std::time::Duration::from_secs(self.auth.failure_window_minutes * 60),
            public_url: self.public_url(),
            invitation_ttl: std::time::Duration::from_secs(self.invitation_days * 24 * 3600),
            reset_ttl: std::time::Duration::from_secs(self.reset_minutes * 60),
            data_dir: self.data_dir.clone(),
            started_at: chrono::Utc::now(),
            evidence: app::server::state::EvidenceSettings {
                max_file_bytes: self.evidence.max_file_mb * 1024 * 1024,
                tenant_quota_bytes: self.evidence.tenant_quota_mb * 1024 * 1024,
                allowed: self
                    .evidence
                    .allowed_types
                    .iter()
                    .filter_map(|t| app::domain::evidence::FileKind::from_extension(t))
                    .collect(),
                retention: std::time::Duration::from_secs(self.evidence.retention_days * 24 * 3600),
            },
            require_two_factor: self.two_factor_required(),
        }
    }

    /// Whether operators, coordinators and mentors must use a second factor: as configured,
    /// else on everywhere but the demo.
    pub fn two_factor_required(&self) -> bool {
        self.auth.require_two_factor.unwrap_or(!self.demo)
    }

    /// Whether cookies carry `Secure`: as configured, else whenever the public base URL is
    /// `https`. A session cookie sent in clear from an https site would be a configuration
    /// mistake, so `secure_cookies = false` with an https base URL is refused.
    pub fn cookies_secure(&self) -> anyhow::Result<bool> {
        let https = self
            .base_url
            .as_deref()
            .is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"));
        match self.secure_cookies {
            Some(false) if https => anyhow::bail!(
                "secure_cookies is false but the base URL {} is https: session cookies would be \
                 sent without Secure. Remove PATUH_SECURE_COOKIES (it follows the base URL) or \
                 set it to true",
                self.public_url()
            ),
            Some(secure) => Ok(secure),
            None => Ok(https),
        }
    }

    /// Checks what [`Config::load`] cannot: the evidence types, the storage backend name and
    /// the cookie setting against the base URL.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.cookies_secure()?;
        for t in &self.evidence.allowed_types {
            anyhow::ensure!(
                app::domain::evidence::FileKind::from_extension(t).is_some(),
                "evidence.allowed_types: unknown type {t:?} (known: pdf, jpg, png, webp, docx, xlsx, pptx)"
            );
        }
        anyhow::ensure!(
            matches!(self.storage.backend.as_str(), "local" | "s3"),
            "storage.backend must be \"local\" or \"s3\", not {:?}",
            self.storage.backend
        );
        anyhow::ensure!(
            self.storage.backend != "s3" || !self.storage.s3.bucket.is_empty(),
            "storage.backend is s3 but storage.s3.bucket is not set"
        );
        Ok(())
    }

    /// The evidence store this configuration names.
    pub fn storage(&self) -> anyhow::Result<app::server::storage::Storage> {
        use anyhow::Context;
        self.validate()?;
        if self.storage.backend == "s3" {
            let s3 = &self.storage.s3;
            app::server::storage::Storage::s3(&app::server::storage::S3Settings {
                bucket: s3.bucket.clone(),
                endpoint: s3.endpoint.clone(),
                region: s3.region.clone(),
                access_key_id: s3.access_key_id.clone(),
                secret_access_key: s3
                    .secret_access_key
                    .as_ref()
                    .map(|s| s.expose_secret().to_owned()),
                allow_http: s3.allow_http,
            })
            .context("cannot configure the S3 evidence store")
        } else {
            let path = self
                .storage
                .path
                .clone()
                .unwrap_or_else(|| self.data_dir.join("files"));
            app::server::storage::Storage::local(&path)
                .with_context(|| format!("cannot use {} for evidence files", path.display()))
        }
    }

    /// The public base URL (configured, or derived from the listen address), without a trailing slash.
    pub fn public_url(&self) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail's closure signature
mod tests {
    use super::*;

    #[test]
    fn defaults_then_environment() {
        figment::Jail::expect_with(|jail| {
            let config = Config::load(None).expect("defaults load");
            assert_eq!(config.listen.to_string(), "127.0.0.1:3000");
            assert_eq!(config.database_url(), "sqlite://./data/patuh.db");
            jail.set_env("PATUH_LISTEN", "0.0.0.0:8080");
            jail.set_env("PATUH_DATABASE_URL", "postgres://patuh:rahasia@db/patuh");
            jail.set_env("PATUH_AUTH__MAX_FAILURES_PER_ACCOUNT", "3");
            let config = Config::load(None).expect("env loads");
            assert_eq!(config.listen.port(), 8080);
            assert_eq!(config.auth.max_failures_per_account, 3);
            assert!(!config.database_url_redacted().contains("rahasia"));
            assert!(
                !format!("{config:?}").contains("rahasia"),
                "secrets never in Debug output"
            );
            Ok(())
        });
    }

    #[test]
    fn secure_cookies_follow_an_https_base_url() {
        figment::Jail::expect_with(|jail| {
            assert!(!Config::load(None).unwrap().cookies_secure().unwrap());
            jail.set_env("PATUH_BASE_URL", "https://patuh.example.go.id");
            assert!(Config::load(None).unwrap().cookies_secure().unwrap());
            jail.set_env("PATUH_SECURE_COOKIES", "false");
            let config = Config::load(None).unwrap();
            assert!(config.cookies_secure().is_err());
            assert!(config.validate().is_err(), "the server refuses to start");
            jail.set_env("PATUH_BASE_URL", "http://127.0.0.1:3000");
            assert!(!Config::load(None).unwrap().cookies_secure().unwrap());
            jail.set_env("PATUH_SECURE_COOKIES", "true");
            assert!(Config::load(None).unwrap().cookies_secure().unwrap());
            Ok(())
        });
    }

    #[test]
    fn file_between_defaults_and_environment() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "patuh.toml",
                "data_dir = \"/srv/patuh\"\nlisten = \"127.0.0.1:4000\"",
            )?;
            jail.set_env("PATUH_LISTEN", "127.0.0.1:5000");
            let config = Config::load(None).expect("file loads");
            assert_eq!(config.data_dir, PathBuf::from("/srv/patuh"));
            assert_eq!(config.listen.port(), 5000);
            Ok(())
        });
    }
}
