//! The foundation as a user meets it: health, sign-in and sign-out, sessions, throttling, the
//! security baseline, error pages — on SQLite and on PostgreSQL.

mod support;

use support::{session_cookie, TestApp, DEMO_PASSWORD};

const COORDINATOR: &str = "koordinator@kab-contoh.test";

async fn health_answers_ok(app: &TestApp) {
    let res = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
}

async fn visitor_is_sent_to_sign_in(app: &TestApp) {
    let res = app
        .client
        .get(app.url("/"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/masuk");
    let page = app.page("/masuk").await;
    assert!(
        page.contains("Masuk ke Patuh"),
        "sign-in page is in Indonesian by default"
    );
}

async fn coordinator_signs_in_and_sees_tenant_and_role(app: &TestApp) {
    let res = app.sign_in(COORDINATOR, DEMO_PASSWORD).await;
    assert!(res.status().is_success(), "sign-in status {}", res.status());
    let cookie = session_cookie(res.headers()).expect("a session cookie is set");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http on localhost: no Secure flag"
    );

    let home = app.home().await;
    assert!(home.contains("Selamat datang, Siti Rahmawati"), "{home}");
    assert!(home.contains("Kabupaten Contoh"));
    assert!(home.contains("Koordinator (Biro/Bagian Organisasi)"));
}

async fn email_is_case_insensitive(app: &TestApp) {
    let res = app
        .sign_in("  KOORDINATOR@Kab-Contoh.test ", DEMO_PASSWORD)
        .await;
    assert!(res.status().is_success());
    assert!(app.home().await.contains("Siti Rahmawati"));
}

async fn wrong_password_and_unknown_account_get_the_same_answer(app: &TestApp) {
    let wrong = app.sign_in(COORDINATOR, "bukan-ini-sandinya").await;
    let wrong_status = wrong.status();
    let wrong_body = wrong.text().await.unwrap();
    let unknown = app
        .sign_in("siapa@kab-contoh.test", "bukan-ini-sandinya")
        .await;
    assert_eq!(unknown.status(), wrong_status);
    assert_eq!(unknown.text().await.unwrap(), wrong_body);
    assert_eq!(wrong_status, 401, "a refusal, not a server failure");
    assert!(wrong_body.contains("InvalidCredentials"), "{wrong_body}");
    assert!(!app.home().await.contains("Selamat datang"));
}

async fn repeated_failures_are_throttled_per_account(app: &TestApp) {
    for _ in 0..5 {
        let body = app
            .sign_in(COORDINATOR, "tebak-tebakan")
            .await
            .text()
            .await
            .unwrap();
        assert!(body.contains("InvalidCredentials"), "{body}");
    }
    // Even the right password is refused now, with the wait in minutes.
    let body = app
        .sign_in(COORDINATOR, DEMO_PASSWORD)
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("Throttled"), "{body}");
    assert!(body.contains("\"retry_after_minutes\":15"), "{body}");
    // Another account from the same address is not locked by this one.
    let other = app.sign_in("sekda@kab-contoh.test", DEMO_PASSWORD).await;
    assert!(other.status().is_success());
}

async fn sign_in_rotates_the_session_and_sign_out_ends_it_on_the_server(app: &TestApp) {
    let first = session_cookie(app.sign_in(COORDINATOR, DEMO_PASSWORD).await.headers()).unwrap();
    let second = session_cookie(
        app.sign_in("sekda@kab-contoh.test", DEMO_PASSWORD)
            .await
            .headers(),
    )
    .unwrap();
    let value = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(
        value(&first),
        value(&second),
        "a new session id at every sign-in"
    );

    // Replaying the first cookie no longer works.
    let replay = app
        .anonymous()
        .get(app.url("/"))
        .header("cookie", value(&first))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 302, "old session id is dead");

    let res = app.call("/api/keluar", &[]).await;
    assert!(res.status().is_success());
    let replay = app
        .anonymous()
        .get(app.url("/"))
        .header("cookie", value(&second))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        replay.status(),
        302,
        "signed-out session cannot be replayed"
    );
}

async fn plain_form_post_signs_in_and_redirects(app: &TestApp) {
    let res = app
        .client
        .post(app.url("/api/masuk"))
        .header("accept", "text/html")
        .header("referer", app.url("/masuk"))
        .form(&[
            ("email", COORDINATOR),
            ("password", DEMO_PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/");

    let res = app
        .anonymous()
        .post(app.url("/api/masuk"))
        .header("accept", "text/html")
        .header("referer", app.url("/masuk"))
        .form(&[
            ("email", COORDINATOR),
            ("password", "salah-total"),
            ("next", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        location.contains("/masuk") && location.contains("__err="),
        "{location}"
    );
    let page = app
        .anonymous()
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        support::readable(&page).contains("Email atau kata sandi salah."),
        "error shown after the redirect: {page}"
    );
}

async fn cross_site_posts_are_refused(app: &TestApp) {
    let res = app
        .client
        .post(app.url("/api/masuk"))
        .header("origin", "https://situs-jahat.example")
        .form(&[("email", COORDINATOR), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(session_cookie(res.headers()).is_none());
    let res = app
        .client
        .post(app.url("/api/masuk"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("email", COORDINATOR), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Same origin passes.
    let host = app.base.trim_start_matches("http://").to_owned();
    let res = app
        .client
        .post(app.url("/api/masuk"))
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .form(&[("email", COORDINATOR), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
}

async fn oversized_body_gets_413(app: &TestApp) {
    let big = "x".repeat(2 * 1024 * 1024);
    let res = app
        .client
        .post(app.url("/api/masuk"))
        .form(&[("email", big.as_str()), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}

async fn unknown_route_gets_the_404_page(app: &TestApp) {
    let res = app
        .client
        .get(app.url("/tidak/ada/halaman-ini"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let page = res.text().await.unwrap();
    assert!(page.contains("Halaman tidak ditemukan"));
}

async fn pages_carry_the_security_headers(app: &TestApp) {
    let res = app.client.get(app.url("/masuk")).send().await.unwrap();
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(h.contains_key("referrer-policy"));
    assert!(h.contains_key("x-request-id"));
    // The nonce in the header is the one the inline hydration script carries.
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned();
    let page = res.text().await.unwrap();
    assert!(
        page.contains(&format!("nonce=\"{nonce}\"")),
        "hydration script carries the nonce"
    );
}

async fn language_switch_works_without_javascript(app: &TestApp) {
    let res = app
        .client
        .get(app.url("/bahasa/en?kembali=%2Fmasuk"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/masuk");
    let page = app.page("/masuk").await;
    assert!(
        page.contains("Sign in to Patuh"),
        "English after the switch"
    );
    // No open redirect through the switch.
    let res = app
        .client
        .get(app.url("/bahasa/id?kembali=https://jahat.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/");
}

async fn disabled_account_cannot_sign_in_and_loses_its_session(app: &TestApp) {
    use app::server::entities::user;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    assert!(app
        .sign_in(COORDINATOR, DEMO_PASSWORD)
        .await
        .status()
        .is_success());
    let db = app.db().await;
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(COORDINATOR))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let mut active: user::ActiveModel = u.into();
    active.disabled_at = Set(Some(chrono::Utc::now()));
    active.update(&db).await.unwrap();
    assert!(
        !app.home().await.contains("Selamat datang"),
        "session of a disabled user is void"
    );
    let body = app
        .sign_in(COORDINATOR, DEMO_PASSWORD)
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("InvalidCredentials"));
}

async fn address_throttling(backend: support::Backend) {
    let Some(app) = TestApp::spawn_with(backend, |c| c.auth.max_failures_per_address = 4).await
    else {
        eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run");
        return;
    };
    // Spraying many accounts from one address trips the address limit.
    for i in 0..4 {
        let email = format!("tebakan{i}@kab-contoh.test");
        assert_eq!(app.sign_in(&email, "salah-semua").await.status(), 401);
    }
    let res = app.sign_in(COORDINATOR, DEMO_PASSWORD).await;
    assert_eq!(
        res.status(),
        429,
        "the address is throttled, whatever the account"
    );
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_address_sqlite() {
    address_throttling(support::Backend::Sqlite).await;
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_address_postgres() {
    address_throttling(support::Backend::Postgres).await;
}

/// A user who keeps working stays signed in: an active session is re-saved with a new expiry
/// and a fresh cookie, but at most once an hour, not on every page.
async fn an_active_session_is_extended_without_a_write_per_page(app: &TestApp) {
    use app::server::entities::session;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    assert!(app
        .sign_in(COORDINATOR, DEMO_PASSWORD)
        .await
        .status()
        .is_success());
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        session_cookie(res.headers()).is_none(),
        "a page just after signing in does not re-save the session"
    );

    // Ninety minutes later, with the session about to expire.
    let db = app.db().await;
    let row = session::Entity::find()
        .filter(session::Column::UserId.is_not_null())
        .one(&db)
        .await
        .unwrap()
        .expect("the signed-in session is stored");
    // Edited as text: the record's id is a 128-bit number that `serde_json::Value` would round.
    let start = row
        .data
        .find("\"seen\":")
        .expect("sign-in marks the session seen")
        + 7;
    let end = start
        + row.data[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap();
    let data = format!(
        "{}{}{}",
        &row.data[..start],
        chrono::Utc::now().timestamp() - 90 * 60,
        &row.data[end..]
    );
    let mut aged: session::ActiveModel = row.into();
    aged.data = Set(data);
    aged.expires_at = Set(chrono::Utc::now() + chrono::Duration::minutes(10));
    aged.update(&db).await.unwrap();

    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200, "still signed in");
    let cookie = session_cookie(res.headers()).expect("the cookie is renewed");
    assert!(cookie.contains("Max-Age="), "{cookie}");
    let row = session::Entity::find()
        .filter(session::Column::UserId.is_not_null())
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.expires_at > chrono::Utc::now() + chrono::Duration::hours(11),
        "the stored expiry moved to {}",
        row.expires_at
    );
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert!(
        session_cookie(res.headers()).is_none(),
        "the next page does not write again"
    );
}

on_both_databases! {
    health_answers_ok,
    an_active_session_is_extended_without_a_write_per_page,
    visitor_is_sent_to_sign_in,
    coordinator_signs_in_and_sees_tenant_and_role,
    email_is_case_insensitive,
    wrong_password_and_unknown_account_get_the_same_answer,
    repeated_failures_are_throttled_per_account,
    sign_in_rotates_the_session_and_sign_out_ends_it_on_the_server,
    plain_form_post_signs_in_and_redirects,
    cross_site_posts_are_refused,
    oversized_body_gets_413,
    unknown_route_gets_the_404_page,
    pages_carry_the_security_headers,
    language_switch_works_without_javascript,
    disabled_account_cannot_sign_in_and_loses_its_session,
}

/// With the database gone, `/healthz` says so with 503 (a load balancer takes the instance out).
#[tokio::test]
async fn health_reports_503_when_the_database_is_unreachable() {
    use sea_orm::sqlx::postgres::PgPoolOptions;
    let dir = tempfile::tempdir().unwrap();
    let (config, _) = support::test_config(support::Backend::Sqlite, dir.path())
        .await
        .unwrap();
    // A lazily connecting pool to a port where nothing listens.
    let pool = PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_secs(2))
        .connect_lazy("postgres://nobody@127.0.0.1:9/none")
        .unwrap();
    let state = app::server::state::AppState {
        db: sea_orm::SqlxPostgresConnector::from_sqlx_postgres_pool(pool),
        settings: std::sync::Arc::new(config.settings()),
        storage: config.storage().unwrap(),
        live: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = patuh_server::startup::router(&config, state, address);
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });
    let res = reqwest::get(format!("http://{address}/healthz"))
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
}

/// The bundle is served precompressed when the build left brotli or gzip copies beside it, and
/// compressed on the fly (or as is) otherwise.
#[tokio::test]
async fn bundle_files_are_served_precompressed() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm = vec![b'a'; 64 * 1024];
    std::fs::write(pkg.join("patuh.wasm"), &wasm).unwrap();
    std::fs::write(pkg.join("patuh.wasm.br"), b"brotli copy").unwrap();
    std::fs::write(
        pkg.join("patuh.css"),
        "body { color: black; }\n".repeat(200),
    )
    .unwrap();
    let root = site.path().to_path_buf();
    let app = TestApp::spawn_with(support::Backend::Sqlite, move |c| c.site_root = root)
        .await
        .unwrap();
    let get = |path: &'static str, accept: &'static str| {
        let app = &app;
        async move {
            let res = app
                .client
                .get(app.url(path))
                .header("accept-encoding", accept)
                .send()
                .await
                .unwrap();
            let encoding = res
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_owned());
            let kind = res
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned());
            (
                res.status().as_u16(),
                encoding,
                kind,
                res.bytes().await.unwrap(),
            )
        }
    };
    let (status, encoding, kind, body) = get("/pkg/patuh.wasm", "gzip, br").await;
    assert_eq!(status, 200);
    assert_eq!(encoding.as_deref(), Some("br"));
    assert_eq!(kind.as_deref(), Some("application/wasm"));
    assert_eq!(&body[..], b"brotli copy");
    // No gzip copy: compressed on the fly.
    let (status, encoding, _, body) = get("/pkg/patuh.wasm", "gzip").await;
    assert_eq!(status, 200);
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(body.len() < wasm.len() / 10, "{} bytes", body.len());
    let (_, encoding, _, body) = get("/pkg/patuh.wasm", "identity").await;
    assert_eq!(encoding, None);
    assert_eq!(body.len(), wasm.len());
    let (status, encoding, kind, _) = get("/pkg/patuh.css", "br, gzip").await;
    assert_eq!(status, 200);
    assert!(encoding.is_some(), "CSS is compressed too");
    assert!(kind.unwrap().starts_with("text/css"));
    let (status, ..) = get("/pkg/nothing.js", "br").await;
    assert_eq!(status, 404);
}
