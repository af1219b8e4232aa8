//! Test support: the real server on a random port against a fresh database per test, on SQLite
//! always and on PostgreSQL when `PATUH_TEST_POSTGRES_URL` is set.

#![allow(dead_code)]

pub mod client;

use patuh_server::config::Config;
use patuh_server::startup::Application;
use reqwest::header::HeaderMap;
use sea_orm::{ConnectionTrait, Database, Statement};
use std::path::PathBuf;

/// The demo password (see `app::server::demo`).
pub const DEMO_PASSWORD: &str = app::server::demo::DEMO_PASSWORD;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One more server instance of a [`TestApp`], stopped on drop.
pub struct Instance {
    pub base: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// A running server and a cookie-keeping client.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub config: Config,
    pub backend: Backend,
    _dir: tempfile::TempDir,
    pg_drop: Option<(String, String)>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// A configuration for a fresh database in `dir`; `None` when the backend is not available.
pub async fn test_config(
    backend: Backend,
    dir: &std::path::Path,
) -> Option<(Config, Option<(String, String)>)> {
    let mut config = Config::load(Some(&write_empty_config(dir))).expect("config loads");
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.data_dir = dir.join("data");
    config.demo = true;
    // Tests make their own cycles; the dashboard tests ask for the demo history.
    config.demo_cycles = false;
    config.log = "warn".into();
    let mut pg_drop = None;
    match backend {
        Backend::Sqlite => config.database_url = None,
        Backend::Postgres => {
            let admin_url = std::env::var("PATUH_TEST_POSTGRES_URL").ok()?;
            let name = format!("patuh_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url)
                .await
                .expect("PostgreSQL reachable");
            admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .expect("create test database");
            let mut url = url::Url::parse(&admin_url).expect("valid PostgreSQL URL");
            url.set_path(&format!("/{name}"));
            config.database_url = Some(url.to_string().into());
            pg_drop = Some((admin_url, name));
        }
    }
    Some((config, pg_drop))
}

fn write_empty_config(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("patuh.toml");
    std::fs::write(&path, "").unwrap();
    path
}

impl TestApp {
    /// Starts the server; `None` when the backend is not configured (PostgreSQL without URL).
    pub async fn spawn(backend: Backend) -> Option<Self> {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Starts the server after `adjust` has changed the configuration.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let (mut config, pg_drop) = test_config(backend, dir.path()).await?;
        adjust(&mut config);
        let (app, _) = Application::build(&config).await.expect("server builds");
        let base = format!("http://{}", app.address());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        }));
        Some(Self {
            base,
            client: client(),
            config,
            backend,
            _dir: dir,
            pg_drop,
            shutdown: Some(tx),
        })
    }

    /// Starts a second server instance on the same configuration: the same database and the
    /// same file store, another port. It stops when the returned value is dropped.
    pub async fn another_instance(&self) -> Instance {
        let (app, _) = Application::build(&self.config)
            .await
            .expect("second instance builds");
        let base = format!("http://{}", app.address());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async move {
            let _ = rx.await;
        }));
        Instance {
            base,
            _shutdown: tx,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Calls a server function the way the hydrated page does (form-encoded, JSON answer).
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Signs in through the server function; returns the response.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.call("/api/masuk", &[("email", email), ("password", password)])
            .await
    }

    /// The home page's HTML, as a reader sees its text (hydration markers removed).
    pub async fn home(&self) -> String {
        self.page("/").await
    }

    /// A page's HTML with hydration markers removed, fetched with this client's cookies.
    pub async fn page(&self, path: &str) -> String {
        readable(
            &self
                .client
                .get(self.url(path))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        )
    }

    /// A fresh client without cookies.
    pub fn anonymous(&self) -> reqwest::Client {
        client()
    }

    /// The database this server uses.
    pub async fn db(&self) -> sea_orm::DatabaseConnection {
        app::server::db::connect(&self.config.database_url())
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((admin_url, name)) = self.pg_drop.take() {
            // Drop runs outside async: use a short-lived runtime on its own thread.
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    // One connection, so the time limits below apply to the DROP itself: this
                    // thread blocks the test's runtime, and a DROP waiting on a lock forever
                    // would hang the whole run.
                    let mut options = sea_orm::ConnectOptions::new(admin_url);
                    options.max_connections(1).sqlx_logging(false);
                    if let Ok(admin) = Database::connect(options).await {
                        for sql in [
                            "SET lock_timeout = '20s'".to_owned(),
                            "SET statement_timeout = '60s'".to_owned(),
                            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                        ] {
                            let _ = admin
                                .execute(Statement::from_string(admin.get_database_backend(), sql))
                                .await;
                        }
                    }
                });
            })
            .join()
            .ok();
        }
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        // A request still unanswered after this is a stuck server: fail with its URL.
        .timeout(std::time::Duration::from_secs(90))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The `Set-Cookie` value of the session cookie in `headers`, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("patuh_sesi="))
        .map(str::to_owned)
}

/// How long one integration test may take. The slowest takes about 10 s on two cores; a test
/// that is still running after this is stuck, and failing it with its name beats holding up the
/// whole run until CI's own time limit.
pub const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(240);

/// Awaits a test (server start included), failing the test if it takes longer than [`TEST_LIMIT`].
pub async fn within_limit(name: &str, body: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(TEST_LIMIT, body).await.is_err() {
        panic!("{name} did not finish within {TEST_LIMIT:?}: it is stuck");
    }
}

/// Runs an async test body on SQLite, and on PostgreSQL when configured.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    $crate::support::within_limit(stringify!($name), async {
                        let app = $crate::support::TestApp::spawn($crate::support::Backend::Sqlite).await.unwrap();
                        super::$name(&app).await;
                    }).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    $crate::support::within_limit(stringify!($name), async {
                        match $crate::support::TestApp::spawn($crate::support::Backend::Postgres).await {
                            Some(app) => super::$name(&app).await,
                            None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant of {} not run", stringify!($name)),
                        }
                    }).await;
                }
            )*
        }
    };
}

/// Removes Leptos' hydration markers (`<!>`, `<!--…-->`) so text can be matched as a reader sees it.
pub fn readable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = if tail.starts_with("<!--") {
            tail.find("-->").map(|i| i + 3)
        } else if tail.starts_with("<!>") {
            Some(3)
        } else {
            tail.find('>').map(|i| i + 1)
        };
        match end {
            Some(e) => rest = &tail[e..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first link in the newest email to `to` in the outbox (an invitation or reset link).
pub async fn last_link(app: &TestApp, to: &str) -> Option<String> {
    use app::server::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let db = app.db().await;
    let m = outbox::Entity::find()
        .filter(outbox::Column::ToEmail.eq(to))
        .order_by_desc(outbox::Column::CreatedAt)
        .one(&db)
        .await
        .unwrap()?;
    m.body_text
        .split_whitespace()
        .find(|w| w.starts_with("http"))
        .map(str::to_owned)
}

/// moto's S3-compatible server on a free port (installed by `scripts/setup.sh`), stopped on drop.
pub struct Moto {
    child: std::process::Child,
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn start_moto() -> Option<Moto> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .ok()?
        .local_addr()
        .ok()?
        .port();
    let child = std::process::Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let moto = Moto {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    for _ in 0..100 {
        if reqwest::get(&moto.endpoint).await.is_ok() {
            return Some(moto);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("moto_server did not answer on {}", moto.endpoint);
}

/// Reads server-sent events from `res` until one named `name` arrives (or 10 s pass).
pub async fn next_event(
    stream: &mut (impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Unpin),
    buffer: &mut String,
    name: &str,
) -> bool {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(at) = buffer.find(&format!("event: {name}\n")) {
            buffer.drain(..at + name.len() + 8);
            return true;
        }
        match tokio::time::timeout_at(deadline, futures_util::StreamExt::next(stream)).await {
            Ok(Some(Ok(chunk))) => buffer.push_str(&String::from_utf8_lossy(&chunk)),
            _ => return false,
        }
    }
}
