//! Two-step sign-in: setting up an authenticator, signing in with its code or a recovery code,
//! codes that work once, throttling, the platform's requirement for operators, coordinators and
//! mentors, and the operator's reset — with JavaScript (server functions) and without (plain
//! form posts).

mod support;

use serde_json::Value;
use support::client::{Client, COORDINATOR, PIC};
use support::{Backend, TestApp, DEMO_PASSWORD};

const OPERATOR: &str = "operator@patuh.test";

/// The code `email`'s authenticator shows `offset` seconds from now.
async fn code(app: &TestApp, email: &str, offset: i64) -> String {
    use app::server::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let db = app.db().await;
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let time = (chrono::Utc::now().timestamp() + offset) as u64;
    app::server::two_factor::current_code(&db, &u, time)
        .await
        .unwrap()
}

/// Signs in with the password only; returns the client and where the server sent it.
async fn password_step(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = app.anonymous();
    let res = client
        .post(app.url("/api/masuk"))
        .header("accept", "text/html")
        .form(&[
            ("email", email),
            ("password", DEMO_PASSWORD),
            ("next", "/t/kab-contoh"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    (client, location)
}

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let res = client
        .post(app.url(path))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .unwrap();
    support::client::answer(res).await
}

async fn page_text(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    client
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn me(app: &TestApp, client: &reqwest::Client) -> Value {
    call(app, client, "/api/saya", &[]).await.1
}

/// A PIC turns it on from the account page, then signs in with a code, a recovery code, and
/// never the same code twice.
async fn a_person_turns_it_on_and_signs_in_with_it(app: &TestApp) {
    let pic = Client::new(app, PIC).await;
    let (status, s) = pic.call("/api/akun/dua-langkah", &[]).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["enabled"], false);
    assert_eq!(s["required"], false);
    let (status, e) = pic.call("/api/akun/dua-langkah/mulai", &[]).await;
    assert_eq!(status, 200, "{e}");
    assert!(e["url"]
        .as_str()
        .unwrap()
        .starts_with("otpauth://totp/Patuh:"));
    assert!(e["qr_svg"].as_str().unwrap().contains("<svg"));
    // Opening the page again shows the same secret (a scanned code stays good).
    let (_, again) = pic.call("/api/akun/dua-langkah/mulai", &[]).await;
    assert_eq!(again["key"], e["key"]);
    let (_, page) = pic.page("/akun/dua-langkah").await;
    assert!(
        page.contains(e["key"].as_str().unwrap()),
        "the key to type is on the page"
    );

    // A wrong code is refused on its field; the right one turns it on.
    let (status, err) = pic
        .call("/api/akun/dua-langkah/aktifkan", &[("code", "000000")])
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "code");
    let first = code(app, PIC, 0).await;
    let (status, body) = pic
        .call("/api/akun/dua-langkah/aktifkan", &[("code", &first)])
        .await;
    assert_eq!(status, 200, "{body}");
    // The recovery codes, once.
    let (_, page) = pic.page("/akun/kode-pemulihan").await;
    let codes: Vec<String> = page
        .split("<code>")
        .skip(1)
        .map(|s| s.split("</code>").next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{page}");
    let (_, page) = pic.page("/akun/kode-pemulihan").await;
    assert!(!page.contains(&codes[0]), "shown only once");
    let (_, s) = pic.call("/api/akun/dua-langkah", &[]).await;
    assert_eq!(s["enabled"], true);
    assert_eq!(s["recovery_codes_left"], 10);

    // Signing in now stops after the password, without JavaScript.
    let (client, location) = password_step(app, PIC).await;
    assert_eq!(location, "/masuk/dua-langkah");
    assert!(
        me(app, &client).await.is_null(),
        "not signed in after the password alone"
    );
    let page = page_text(app, &client, "/masuk/dua-langkah").await;
    assert!(page.contains("autocomplete=\"one-time-code\""), "{page}");
    // The code already used to switch it on does not work again.
    let (status, _) = call(app, &client, "/api/masuk/dua-langkah", &[("code", &first)]).await;
    assert_eq!(status, 422, "a code works once");
    let next = code(app, PIC, 30).await;
    let res = client
        .post(app.url("/api/masuk/dua-langkah"))
        .header("accept", "text/html")
        .header("referer", app.url("/masuk/dua-langkah"))
        .form(&[("code", next.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(
        res.headers()["location"],
        "/t/kab-contoh",
        "on to where they were going"
    );
    assert_eq!(me(app, &client).await["email"], PIC);

    // A recovery code signs in once.
    let (client, _) = password_step(app, PIC).await;
    let typed = codes[3].to_lowercase();
    let (status, body) = call(app, &client, "/api/masuk/dua-langkah", &[("code", &typed)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(me(app, &client).await["email"], PIC);
    let (client, _) = password_step(app, PIC).await;
    let (status, _) = call(
        app,
        &client,
        "/api/masuk/dua-langkah",
        &[("code", &codes[3])],
    )
    .await;
    assert_eq!(status, 422, "a used recovery code is refused");

    // Not required for a PIC: it can be switched off with a current code.
    let (status, _) = pic
        .call("/api/akun/dua-langkah/matikan", &[("code", &codes[5])])
        .await;
    assert_eq!(status, 200, "switched off with a recovery code");
    let (client, location) = password_step(app, PIC).await;
    assert_eq!(location, "/t/kab-contoh");
    assert_eq!(me(app, &client).await["email"], PIC);
}

/// Wrong codes count like wrong passwords: after five the account is throttled, and a second
/// step left too long expires.
async fn wrong_codes_are_throttled(app: &TestApp) {
    let pic = Client::new(app, PIC).await;
    pic.call("/api/akun/dua-langkah/mulai", &[]).await;
    let c = code(app, PIC, 0).await;
    let (status, _) = pic
        .call("/api/akun/dua-langkah/aktifkan", &[("code", &c)])
        .await;
    assert_eq!(status, 200);
    let (client, _) = password_step(app, PIC).await;
    let mut last = Value::Null;
    for _ in 0..6 {
        last = call(
            app,
            &client,
            "/api/masuk/dua-langkah",
            &[("code", "111111")],
        )
        .await
        .1;
    }
    assert!(last.get("Throttled").is_some(), "{last}");
    // Without a password step, there is nothing to finish.
    let (status, err) = call(
        app,
        &app.anonymous(),
        "/api/masuk/dua-langkah",
        &[("code", "123456")],
    )
    .await;
    assert_eq!(status, 401, "{err}");
}

/// Where the platform requires it, a coordinator sets up an authenticator before the first
/// sign-in completes, sees the recovery codes, and cannot switch it off; a PIC is not asked.
async fn coordinators_must_set_it_up(app: &TestApp) {
    let (client, location) = password_step(app, COORDINATOR).await;
    assert_eq!(location, "/masuk/dua-langkah");
    let (status, p) = call(app, &client, "/api/masuk/dua-langkah/info", &[]).await;
    assert_eq!(status, 200, "{p}");
    assert!(p["enrol"]["qr_svg"].as_str().unwrap().contains("<svg"));
    let page = page_text(app, &client, "/masuk/dua-langkah").await;
    assert!(page.contains("<svg"), "the QR code is on the page");
    assert!(me(app, &client).await.is_null());
    let c = code(app, COORDINATOR, 0).await;
    let res = client
        .post(app.url("/api/masuk/dua-langkah"))
        .header("accept", "text/html")
        .header("referer", app.url("/masuk/dua-langkah"))
        .form(&[("code", c.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/akun/kode-pemulihan");
    let page = page_text(app, &client, "/akun/kode-pemulihan").await;
    assert_eq!(page.matches("<li><code>").count(), 10, "{page}");
    assert!(
        page.contains("href=\"/t/kab-contoh\""),
        "then on to where they were going"
    );
    assert_eq!(me(app, &client).await["email"], COORDINATOR);
    let (status, _) = call(
        app,
        &client,
        "/api/akun/dua-langkah/matikan",
        &[("code", &code(app, COORDINATOR, 30).await)],
    )
    .await;
    assert_eq!(status, 403, "required: it cannot be switched off");

    // A PIC's role does not require it.
    let (_, location) = password_step(app, PIC).await;
    assert_eq!(location, "/t/kab-contoh");

    // The operator signs in with a second factor too, then resets the coordinator's: the
    // coordinator's sessions end and the next sign-in sets up a new authenticator.
    let (op, _) = password_step(app, OPERATOR).await;
    call(app, &op, "/api/masuk/dua-langkah/info", &[]).await;
    let c = code(app, OPERATOR, 0).await;
    let (status, body) = call(app, &op, "/api/masuk/dua-langkah", &[("code", &c)]).await;
    assert_eq!(status, 200, "{body}");
    let (_, users) = call(app, &op, "/api/admin/pengguna", &[("q", "koordinator")]).await;
    let row = &users[0]["rows"][0];
    assert_eq!(row["two_factor"], true, "{users}");
    let id = row["id"].as_str().unwrap().to_owned();
    let (status, body) = call(
        app,
        &op,
        "/api/admin/dua-langkah-reset",
        &[("user_id", &id)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        me(app, &client).await.is_null(),
        "the coordinator's session ended"
    );
    let (client, _) = password_step(app, COORDINATOR).await;
    let (_, p) = call(app, &client, "/api/masuk/dua-langkah/info", &[]).await;
    assert!(p["enrol"].is_object(), "set up again: {p}");
    let (_, audit) = call(
        app,
        &op,
        "/api/audit",
        &[("action", "user.two_factor_reset")],
    )
    .await;
    assert!(
        audit.to_string().contains("user.two_factor_reset"),
        "{audit}"
    );
}

on_both_databases!(
    a_person_turns_it_on_and_signs_in_with_it,
    wrong_codes_are_throttled
);

mod required {
    use super::*;

    async fn app(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with(backend, |c| c.auth.require_two_factor = Some(true)).await
    }

    #[tokio::test]
    async fn sqlite_coordinators_must_set_it_up() {
        support::within_limit("coordinators_must_set_it_up", async {
            coordinators_must_set_it_up(&app(Backend::Sqlite).await.unwrap()).await;
        })
        .await;
    }

    #[tokio::test]
    async fn postgres_coordinators_must_set_it_up() {
        support::within_limit("coordinators_must_set_it_up", async {
            match app(Backend::Postgres).await {
                Some(app) => coordinators_must_set_it_up(&app).await,
                None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run"),
            }
        })
        .await;
    }
}
