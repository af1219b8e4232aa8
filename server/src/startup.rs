//! Building and running the HTTP server.

use crate::config::Config;
use crate::{pages, security};
use anyhow::Context;
use app::server::memo::RequestMemo;
use app::server::session_store::{self, DbSessionStore};
use app::server::state::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{middleware, Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// Marks a response whose body goes out exactly as stored (evidence files), never compressed.
#[derive(Debug, Clone, Copy)]
pub struct ServedAsStored;

/// A server bound to its port, ready to run.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    address: SocketAddr,
    mailer: Mailer,
}

/// The background delivery of the outbox over SMTP, when configured.
struct Mailer(Option<(AppState, String, String)>);

impl Mailer {
    fn take_task(&mut self) -> Option<tokio::task::JoinHandle<()>> {
        let (state, url, from) = self.0.take()?;
        Some(tokio::spawn(deliver_mail(state, url, from)))
    }
}

/// Sends pending outbox messages every 15 seconds.
async fn deliver_mail(state: AppState, url: String, from: String) {
    let transport = match lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url) {
        Ok(builder) => builder.build(),
        Err(e) => {
            tracing::error!(error = %e, "invalid PATUH_SMTP_URL: mail stays in the outbox");
            return;
        }
    };
    let from: lettre::message::Mailbox = match from.parse() {
        Ok(from) => from,
        Err(e) => {
            tracing::error!(error = %e, "invalid PATUH_MAIL_FROM: mail stays in the outbox");
            return;
        }
    };
    let mut tick = tokio::time::interval(Duration::from_secs(15));
    loop {
        tick.tick().await;
        if let Err(e) = app::server::mail::deliver_pending(&state.db, &transport, &from, 50).await {
            tracing::warn!(error = %e, "outbox delivery round failed");
        }
    }
}

/// Makes sure the data directory exists and is writable, with a message that says what to fix.
pub fn prepare_data_dir(config: &Config) -> anyhow::Result<()> {
    let dir = &config.data_dir;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let probe = dir.join(".patuh-write-test");
    std::fs::write(&probe, b"ok").with_context(|| {
        format!(
            "the data directory {} is not writable (set PATUH_DATA_DIR to a writable folder)",
            dir.display()
        )
    })?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Opens the database, applies pending migrations and loads the built-in instruments not yet in
/// it.
pub async fn open_database(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.database_url.is_none() {
        prepare_data_dir(config)?;
    }
    let db = app::server::db::connect(&config.database_url())
        .await
        .with_context(|| {
            format!(
                "cannot open the database {}",
                config.database_url_redacted()
            )
        })?;
    app::server::db::migrate(&db)
        .await
        .context("cannot apply database migrations")?;
    app::server::instruments::load_builtins(&db)
        .await
        .context("cannot load the built-in instruments")?;
    Ok(db)
}

impl Application {
    /// Opens the database, migrates, seeds the demo when asked and the database is empty, and
    /// binds the listener. Returns the demo accounts when it seeded them.
    pub async fn build(config: &Config) -> anyhow::Result<(Self, bool)> {
        config.validate()?;
        let db = open_database(config).await?;
        let mut seeded = false;
        if config.demo && app::server::demo::is_empty(&db).await? {
            app::server::demo::seed(&db).await?;
            seeded = true;
        }
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let address = listener.local_addr()?;
        let mut settings = config.settings();
        if config.base_url.is_none() {
            settings.public_url = format!("http://{address}");
        }
        let live = app::server::live::Live::for_database(&db).await;
        let state = AppState {
            db,
            settings: Arc::new(settings),
            storage: config.storage()?,
            live,
        };
        if seeded && config.demo_cycles {
            app::server::demo::seed_cycles(&state)
                .await
                .context("cannot seed the demo cycles")?;
        }
        let bundle = config
            .site_root
            .join("pkg")
            .join(format!("{}.js", app::BUNDLE_NAME));
        if !bundle.exists() {
            tracing::warn!(
                site_root = %config.site_root.display(),
                "the site root has no built bundle: pages will not become interactive and have no \
                 styles; run from the repository root after `cargo leptos build`, or set PATUH_SITE_ROOT"
            );
        }
        let router = router(config, state.clone(), address);
        let mailer = Mailer(config.smtp_url.as_ref().map(|url| {
            use secrecy::ExposeSecret;
            (
                state.clone(),
                url.expose_secret().to_owned(),
                config.mail_from.clone(),
            )
        }));
        Ok((
            Self {
                listener,
                router,
                state,
                address,
                mailer,
            },
            seeded,
        ))
    }

    /// The address actually bound (the port is real even when 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until `shutdown` resolves, with the background upkeep running alongside.
    pub async fn run_until(
        mut self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let upkeep = tokio::spawn(upkeep(self.state.clone()));
        let live = self.state.live.clone();
        let shutdown = async move {
            shutdown.await;
            live.shut_down();
        };
        let mailer = self.mailer.take_task();
        // Without TCP_NODELAY a response written in two pieces (headers, then a small body)
        // waits for the client's delayed ACK (Nagle): ~40 ms per static file on a kept-alive
        // connection.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY");
            }
        });
        let result = axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await;
        upkeep.abort();
        if let Some(mailer) = mailer {
            mailer.abort();
        }
        result.context("server error")
    }
}

/// How often each upkeep job runs, across all instances together.
const UPKEEP_PERIOD: Duration = Duration::from_secs(600);

/// How often an instance checks whether an upkeep round is due. Short, so a round whose holder
/// died is picked up by another instance soon after it falls due.
const UPKEEP_TICK: Duration = Duration::from_secs(60);

/// The background upkeep, each job once per [`UPKEEP_PERIOD`] however many instances run (see
/// `app::server::jobs`): removes expired sessions and old sign-in attempts, sends the day's
/// reminder emails (at most one per person and day, kept by the database) and the notification
/// digests, purges evidence deleted past its retention and removes orphaned evidence bytes.
async fn upkeep(state: AppState) {
    let holder = app::server::blocking::off_runtime(app::server::jobs::instance_name)
        .await
        .unwrap_or_else(|_| format!("localhost:{}", std::process::id()));
    let mut tick = tokio::time::interval(UPKEEP_TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        for job in UpkeepJob::ALL {
            let claimed = app::server::jobs::claim(
                &state.db,
                job.name(),
                UPKEEP_PERIOD,
                &holder,
                chrono::Utc::now(),
            )
            .await;
            match claimed {
                Ok(true) => {
                    job.run(&state).await;
                    if let Err(e) = app::server::jobs::finish(&state.db, job.name(), &holder).await
                    {
                        tracing::warn!(error = %e, job = job.name(), "could not record a job run");
                    }
                }
                Ok(false) => {}
                Err(e) => tracing::warn!(error = %e, job = job.name(), "could not claim a job"),
            }
        }
    }
}

/// The jobs of [`upkeep`].
#[derive(Debug, Clone, Copy)]
enum UpkeepJob {
    Sessions,
    Reminders,
    Digests,
    EvidenceSweep,
}

impl UpkeepJob {
    const ALL: [UpkeepJob; 4] = [
        UpkeepJob::Sessions,
        UpkeepJob::Reminders,
        UpkeepJob::Digests,
        UpkeepJob::EvidenceSweep,
    ];

    /// The job's row in `job_runs`.
    fn name(self) -> &'static str {
        match self {
            UpkeepJob::Sessions => "sessions",
            UpkeepJob::Reminders => "reminders",
            UpkeepJob::Digests => "digests",
            UpkeepJob::EvidenceSweep => "evidence-sweep",
        }
    }

    async fn run(self, state: &AppState) {
        match self {
            UpkeepJob::Sessions => {
                use tower_sessions::ExpiredDeletion;
                let store = DbSessionStore::new(state.db.clone());
                if let Err(e) = store.delete_expired().await {
                    tracing::warn!(error = %e, "could not delete expired sessions");
                }
                if let Err(e) = app::server::auth::prune_attempts(state).await {
                    tracing::warn!(error = %e, "could not prune sign-in attempts");
                }
            }
            UpkeepJob::Reminders => {
                let now = chrono::Utc::now();
                match app::server::reminders::send_due(&state.db, &state.settings.public_url, now)
                    .await
                {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(sent = n, "reminder emails queued"),
                    Err(e) => tracing::warn!(error = %e, "could not send reminders"),
                }
            }
            UpkeepJob::Digests => match app::server::notify::send_digests(
                &state.db,
                &state.settings.public_url,
                chrono::Utc::now(),
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(sent = n, "notification digests queued"),
                Err(e) => tracing::warn!(error = %e, "could not send notification digests"),
            },
            // Bytes without a row are removed only an hour after they were written, so an
            // upload between its bytes and its row is never touched.
            UpkeepJob::EvidenceSweep => {
                match app::server::evidence::sweep(state, Duration::from_secs(3600)).await {
                    Ok(s) if s == Default::default() => {}
                    Ok(s) => tracing::info!(
                        purged = s.purged,
                        orphans = s.orphans,
                        staging = s.staging,
                        "evidence swept"
                    ),
                    Err(e) => tracing::warn!(error = %e, "could not sweep evidence storage"),
                }
            }
        }
    }
}

fn leptos_options(config: &Config, address: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(app::BUNDLE_NAME)
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(address)
        .env(leptos::config::Env::PROD)
        .build()
}

/// Gives every read request a fresh [`RequestMemo`], so the caller and their tenant scope are
/// resolved once per page rather than once per component that asks. After a page that found a
/// signed-in user, it also keeps that user's session alive ([`session_store::touch`]).
async fn memo_for_reads(
    touch_every: std::time::Duration,
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if !matches!(*request.method(), http::Method::GET | http::Method::HEAD) {
        return next.run(request).await;
    }
    let memo = RequestMemo::new_shared();
    request.extensions_mut().insert(memo.clone());
    let session = request.extensions().get::<Session>().cloned();
    let response = next.run(request).await;
    // Only when the page already loaded the session record (it resolved a signed-in user):
    // reading it again costs no query, and static files never touch the store.
    if let Some(session) = session.filter(|_| memo.signed_in()) {
        session_store::touch(&session, touch_every).await;
    }
    response
}

/// The app's routes, generated once per process.
///
/// Generating them runs the whole app once with resource loading switched off through a flag
/// that leptos_server keeps for the whole process (leptos-rs/leptos#4773): a page resource first
/// polled by a request served while another router was being generated waited forever. Two
/// servers in one process (the integration tests, [`Application::build`] called again) built
/// their routers while the other served, and about one page per full test run hung until the
/// client gave up. Generated once, before any server of the process has a router to serve with,
/// the list is never generated while a page renders.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    ROUTES.clone()
}

/// The full router with every layer, in the order a request meets them.
pub fn router(config: &Config, state: AppState, address: SocketAddr) -> Router {
    let options = leptos_options(config, address);
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    // An active session is re-saved (new expiry, fresh cookie) at most this often.
    let touch_every = std::time::Duration::from_secs((config.session_hours.max(1) as u64) * 300);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("patuh_sesi")
        .with_secure(config.cookies_secure().unwrap_or(true))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(
            config.session_hours,
        )));

    // Evidence uploads stream to storage and carry their own limits, so they are outside the
    // general body limit (server functions and forms).
    let uploads = Router::new()
        .route("/t/{slug}/butir/{id}/bukti", post(crate::evidence::upload))
        .layer(DefaultBodyLimit::max(
            usize::try_from(crate::evidence::max_request_bytes(&state)).unwrap_or(usize::MAX),
        ));
    let pages = Router::new()
        .route("/healthz", get(healthz))
        // The bundle (wasm, JS, CSS): `cargo leptos build --release --precompress` writes a
        // brotli copy beside each file (7.6 MB of wasm → 1.6 MB), served as it is to browsers
        // that accept brotli (over HTTPS, i.e. behind the reverse proxy), so the wasm is not
        // compressed again on every first visit. Its gzip copies are left unused: they come out
        // larger (2.9 MB) than the on-the-fly gzip below (2.4 MB), which serves everyone else.
        .nest_service(
            "/pkg",
            ServeDir::new(config.site_root.join("pkg")).precompressed_br(),
        )
        .route("/bahasa/{code}", get(switch_language))
        .route(
            "/t/{slug}/organisasi/ekspor",
            get(crate::exports::organisation),
        )
        .route("/t/{slug}/logo", get(crate::exports::logo))
        .route(
            "/t/{slug}/siklus/{id}/laporan.xlsx",
            get(crate::exports::report_xlsx),
        )
        .route(
            "/t/{slug}/siklus/{id}/laporan.pdf",
            get(crate::exports::report_pdf),
        )
        .route("/t/{slug}/bukti/{id}", get(crate::evidence::download))
        .route(
            "/t/{slug}/skm/{id}/laporan.xlsx",
            get(crate::exports::skm_report),
        )
        .route(
            "/t/{slug}/skm/{id}/tanggapan.xlsx",
            get(crate::exports::skm_responses),
        )
        .route(
            "/t/{slug}/skm/{id}/kode.csv",
            get(crate::exports::skm_codes),
        )
        .route(
            "/s/{code}",
            get(crate::survey::form).post(crate::survey::answer),
        )
        .route("/s/{code}/terima-kasih", get(crate::survey::thanks))
        .route("/s/{code}/qr.svg", get(crate::survey::qr_svg))
        .route("/s/{code}/qr.png", get(crate::survey::qr_png))
        .route("/s/{code}/poster.pdf", get(crate::survey::poster))
        .route("/publik/{slug}/skm", get(crate::survey::published))
        .route(
            "/publik/{slug}/skm/{unit}",
            get(crate::survey::published_unit),
        )
        .route("/t/{slug}/butir/{id}/langsung", get(crate::live::stream))
        .route(
            "/admin/instrumen/{id}/ekspor",
            get(crate::exports::instrument),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        .layer(RequestBodyLimitLayer::new(config.max_body_bytes));
    // Evidence files are served as stored: already compressed (images, Office) or read by
    // byte range (PDF), so they are never re-encoded. Everything else is compressed when the
    // client asks, the site's own CSS, JS and wasm included.
    let compress = DefaultPredicate::new().and(
        |_: StatusCode,
         _: axum::http::Version,
         _: &axum::http::HeaderMap,
         extensions: &axum::http::Extensions| {
            extensions.get::<ServedAsStored>().is_none()
        },
    );
    let limiter = crate::survey::SubmitLimiter::new(config.skm.submissions_per_minute);
    pages
        .merge(uploads)
        // Layers added later wrap the earlier ones: read from the bottom up for request order.
        .layer(middleware::from_fn(move |request, next| {
            memo_for_reads(touch_every, request, next)
        }))
        .layer(sessions)
        .layer(Extension(limiter))
        .layer(Extension(crate::live::StreamSlots::default()))
        .layer(Extension(state))
        .layer(middleware::from_fn(security::client_address))
        .layer(Extension(security::TrustedProxies(Arc::new(
            config.trusted_proxies.clone(),
        ))))
        .layer(middleware::from_fn(security::cross_site_guard))
        .layer(CompressionLayer::new().compress_when(compress))
        .layer(middleware::from_fn(security::headers))
        .layer(CatchPanicLayer::custom(pages::on_panic))
        .layer(middleware::from_fn(pages::friendly_errors))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &axum::http::Request<axum::body::Body>| {
                let request_id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), uri = %req.uri().path(), %request_id)
            },
        ))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn healthz(Extension(state): Extension<AppState>) -> Response {
    if app::server::db::ping(&state.db).await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// Query of [`switch_language`].
#[derive(serde::Deserialize)]
struct Back {
    kembali: Option<String>,
}

/// `GET /bahasa/{id|en}?kembali=/path`: the language switch without JavaScript. Sets the same
/// cookie the in-page switch sets, then returns to the page.
async fn switch_language(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let code = match code.as_str() {
        "en" => "en",
        _ => "id",
    };
    let target = app::api::auth::safe_next(back.kembali.as_deref());
    let mut res = Redirect::to(&target).into_response();
    let cookie = app::components::layout::language_cookie(code);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, value);
    }
    res
}
