//! Tenants, organisation, people and roles as their users meet them, on SQLite and PostgreSQL.

mod support;

use serde_json::Value;
use support::{last_link, TestApp, DEMO_PASSWORD};

const OPERATOR: &str = "operator@patuh.test";
const COORDINATOR: &str = "koordinator@kab-contoh.test";
const VIEWER: &str = "sekda@kab-contoh.test";
const MENTOR: &str = "mentor@ombudsman-contoh.test";
const SLUG: &str = "kab-contoh";

/// A client signed in as `email`.
async fn as_user(app: &TestApp, email: &str, password: &str) -> TestApp2 {
    let client = app.anonymous();
    let res = client
        .post(app.url("/api/masuk"))
        .header("accept", "application/json")
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "{email} signs in: {}",
        res.status()
    );
    TestApp2 {
        base: app.base.clone(),
        client,
    }
}

/// A signed-in client.
struct TestApp2 {
    base: String,
    client: reqwest::Client,
}

impl TestApp2 {
    async fn call(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    async fn page(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (
            res.status().as_u16(),
            support::readable(&res.text().await.unwrap()),
        )
    }
}

/// The newest outbox message to `to`, and the link in it.
fn token_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

async fn operator_creates_tenant_and_its_coordinator_joins(app: &TestApp) {
    let op = as_user(app, OPERATOR, DEMO_PASSWORD).await;
    let (status, body) = op
        .call(
            "/api/admin/pemda-baru",
            &[
                ("name", "Kota Contoh Baru"),
                ("slug", "kota-baru"),
                ("kind", "kota"),
                ("province", "Provinsi Contoh"),
                ("coordinator_email", "rina@kota-baru.test"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let link = last_link(app, "rina@kota-baru.test")
        .await
        .expect("the invitation is in the outbox");
    assert!(link.contains("/undangan/"), "{link}");
    let token = token_of(&link);

    // The invitation page says what it offers, without signing in.
    let anon = TestApp2 {
        base: app.base.clone(),
        client: app.anonymous(),
    };
    let (status, info) = anon.call("/api/undangan/info", &[("token", &token)]).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["tenant_name"], "Kota Contoh Baru");
    assert_eq!(info["role"], "Coordinator");

    // Too short a password: a field error, the link still works afterwards.
    let (status, err) = anon
        .call(
            "/api/undangan/terima",
            &[("token", &token), ("name", "Rina"), ("password", "pendek")],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "password");
    let (status, _) = anon
        .call(
            "/api/undangan/terima",
            &[
                ("token", &token),
                ("name", "Rina Wulandari"),
                ("password", "kata sandi rina panjang"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    // Single use.
    let (status, err) = anon
        .call(
            "/api/undangan/terima",
            &[
                ("token", &token),
                ("name", "Orang Lain"),
                ("password", "kata sandi lain panjang"),
            ],
        )
        .await;
    assert_eq!(status, 410, "{err}");
    assert_eq!(err, Value::String("LinkInvalid".into()));

    let rina = as_user(app, "rina@kota-baru.test", "kata sandi rina panjang").await;
    let (status, page) = rina.page("/t/kota-baru/orang").await;
    assert_eq!(status, 200);
    assert!(page.contains("Rina Wulandari"), "{page}");
    // And she sees nothing of Kabupaten Contoh.
    let (status, _) = rina.call("/api/pemda/info", &[("slug", SLUG)]).await;
    assert_eq!(status, 404);
}

async fn bad_tenant_input_gets_field_errors_and_changes_nothing(app: &TestApp) {
    let op = as_user(app, OPERATOR, DEMO_PASSWORD).await;
    let long = "K".repeat(201);
    for (form, field, problem) in [
        (
            vec![
                ("name", "Kabupaten Dua"),
                ("slug", SLUG),
                ("kind", "kabupaten"),
                ("province", "P"),
            ],
            "slug",
            None,
        ),
        (
            vec![
                ("name", "Kabupaten Dua"),
                ("slug", "Kab Dua!"),
                ("kind", "kabupaten"),
                ("province", "P"),
            ],
            "slug",
            Some("Invalid"),
        ),
        (
            vec![
                ("name", long.as_str()),
                ("slug", "kab-dua"),
                ("kind", "kabupaten"),
                ("province", "P"),
            ],
            "name",
            Some("TooLong"),
        ),
        (
            vec![
                ("name", "Kabupaten Dua"),
                ("slug", "kab-dua"),
                ("kind", "desa"),
                ("province", "P"),
            ],
            "kind",
            Some("Invalid"),
        ),
    ] {
        let (status, err) = op.call("/api/admin/pemda-baru", &form).await;
        assert_eq!(status, 422, "{err}");
        match problem {
            None => assert_eq!(err["Taken"]["field"], field, "{err}"),
            Some(p) => {
                assert_eq!(err["Field"]["field"], field, "{err}");
                assert_eq!(err["Field"]["problem"], p, "{err}");
            }
        }
    }
    let (_, list) = op.call("/api/admin/pemda", &[]).await;
    assert_eq!(list["total"], 1, "nothing was created: {list}");
}

async fn coordinator_cannot_hand_out_operator_or_drop_the_last_coordinator(app: &TestApp) {
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    let (status, _) = c
        .call(
            "/api/orang/undang",
            &[
                ("slug", SLUG),
                ("email", "koordinator@kab-contoh.test"),
                ("role", "Operator"),
            ],
        )
        .await;
    assert_eq!(status, 403);
    let (_, people) = c.call("/api/orang/daftar", &[("slug", SLUG)]).await;
    let mine = people["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == COORDINATOR)
        .unwrap()["membership_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, err) = c
        .call(
            "/api/orang/status",
            &[
                ("slug", SLUG),
                ("membership_id", &mine),
                ("disabled", "true"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err, Value::String("LastCoordinator".into()));
    // Still a coordinator.
    let (status, _) = c.call("/api/orang/daftar", &[("slug", SLUG)]).await;
    assert_eq!(status, 200);
}

async fn invited_pic_joins_and_duplicate_invites_are_refused(app: &TestApp) {
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    let (_, org) = c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    let dinsos = org
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "DINSOS")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // An OPD role needs an OPD.
    let (status, err) = c
        .call(
            "/api/orang/undang",
            &[
                ("slug", SLUG),
                ("email", "eko@kab-contoh.test"),
                ("role", "OpdStaff"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    let (status, err) = c
        .call(
            "/api/orang/undang",
            &[
                ("slug", SLUG),
                ("email", "Eko@Kab-Contoh.test"),
                ("name", "Eko Saputra"),
                ("role", "OpdStaff"),
                ("opd_id", &dinsos),
            ],
        )
        .await;
    assert_eq!(status, 200, "{err}");
    let link = last_link(app, "eko@kab-contoh.test").await.unwrap();
    let anon = TestApp2 {
        base: app.base.clone(),
        client: app.anonymous(),
    };
    let (status, _) = anon
        .call(
            "/api/undangan/terima",
            &[
                ("token", &token_of(&link)),
                ("name", "Eko Saputra"),
                ("password", "sandi eko yang panjang"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let eko = as_user(app, "eko@kab-contoh.test", "sandi eko yang panjang").await;
    let (_, home) = eko.page("/").await;
    assert!(home.contains("Dinas Sosial"), "{home}");
    // Inviting the same person to the same role again: refused.
    let (status, err) = c
        .call(
            "/api/orang/undang",
            &[
                ("slug", SLUG),
                ("email", "eko@kab-contoh.test"),
                ("role", "OpdStaff"),
                ("opd_id", &dinsos),
            ],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Taken"]["field"], "email");
}

async fn password_reset_and_change_end_other_sessions(app: &TestApp) {
    let anon = TestApp2 {
        base: app.base.clone(),
        client: app.anonymous(),
    };
    // Unknown and known addresses get the same answer.
    let (s1, b1) = anon
        .call("/api/sandi/lupa", &[("email", "tidak.ada@kab-contoh.test")])
        .await;
    let (s2, b2) = anon.call("/api/sandi/lupa", &[("email", VIEWER)]).await;
    assert_eq!((s1, &b1), (s2, &b2));
    assert!(last_link(app, "tidak.ada@kab-contoh.test").await.is_none());
    let link = last_link(app, VIEWER).await.expect("reset mail queued");
    assert!(link.contains("/atur-ulang-sandi/"));

    let other_device = as_user(app, VIEWER, DEMO_PASSWORD).await;
    let (status, _) = anon
        .call(
            "/api/sandi/atur-ulang",
            &[
                ("token", &token_of(&link)),
                ("password", "sandi baru pak sekda"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (_, home) = other_device.page("/").await;
    assert!(
        !home.contains("Selamat datang"),
        "the reset ended the other session"
    );
    let (status, _) = anon
        .call(
            "/api/sandi/atur-ulang",
            &[
                ("token", &token_of(&link)),
                ("password", "sandi lain lagi sekda"),
            ],
        )
        .await;
    assert_eq!(status, 410, "a reset link works once");

    let here = as_user(app, VIEWER, "sandi baru pak sekda").await;
    let there = as_user(app, VIEWER, "sandi baru pak sekda").await;
    let (status, err) = here
        .call(
            "/api/sandi/ganti",
            &[("current", "salah"), ("password", "sandi ketiga sekda")],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(err, Value::String("WrongCurrentPassword".into()));
    let (status, _) = here
        .call(
            "/api/sandi/ganti",
            &[
                ("current", "sandi baru pak sekda"),
                ("password", "sandi ketiga sekda"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        here.page("/").await.1.contains("Selamat datang"),
        "this session stays"
    );
    assert!(
        !there.page("/").await.1.contains("Selamat datang"),
        "the other session ended"
    );
}

async fn suspended_tenant_is_closed_to_its_users_and_nothing_is_deleted(app: &TestApp) {
    let op = as_user(app, OPERATOR, DEMO_PASSWORD).await;
    let (_, list) = op.call("/api/admin/pemda", &[]).await;
    let id = list["rows"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = op
        .call(
            "/api/admin/pemda-status",
            &[("id", &id), ("suspended", "true")],
        )
        .await;
    assert_eq!(status, 200);
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    let (status, err) = c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    assert_eq!(status, 403);
    assert_eq!(err, Value::String("TenantSuspended".into()));
    let (status, page) = c.page("/t/kab-contoh").await;
    assert_eq!(status, 403);
    assert!(page.contains("dinonaktifkan"), "{page}");
    // The operator still sees it all; reactivating restores access.
    let (status, org) = op.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    assert_eq!(status, 200);
    assert!(org.as_array().unwrap().len() >= 7);
    op.call(
        "/api/admin/pemda-status",
        &[("id", &id), ("suspended", "false")],
    )
    .await;
    assert_eq!(
        c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await.0,
        200
    );
}

async fn revoking_a_mentor_office_removes_access_at_once_and_is_logged(app: &TestApp) {
    let m = as_user(app, MENTOR, DEMO_PASSWORD).await;
    assert_eq!(m.call("/api/pemda/info", &[("slug", SLUG)]).await.0, 200);
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    let (_, offices) = c.call("/api/mentor/daftar", &[("slug", SLUG)]).await;
    let office = offices[0]["office_id"].as_str().unwrap().to_owned();
    assert_eq!(offices[0]["granted"], true);
    assert_eq!(
        c.call(
            "/api/mentor/akses",
            &[("slug", SLUG), ("office_id", &office), ("granted", "false")]
        )
        .await
        .0,
        200
    );
    assert_eq!(
        m.call("/api/pemda/info", &[("slug", SLUG)]).await.0,
        404,
        "revoked at once, existence hidden"
    );
    assert_eq!(
        c.call(
            "/api/mentor/akses",
            &[("slug", SLUG), ("office_id", &office), ("granted", "true")]
        )
        .await
        .0,
        200
    );
    assert_eq!(m.call("/api/pemda/info", &[("slug", SLUG)]).await.0, 200);
    let (_, audit) = c
        .call("/api/audit", &[("slug", SLUG), ("action", "office_access")])
        .await;
    assert_eq!(audit["total"], 2, "{audit}");
    // Mentors and viewers read, but do not manage.
    assert_eq!(m.call("/api/mentor/daftar", &[("slug", SLUG)]).await.0, 403);
    let v = as_user(app, VIEWER, DEMO_PASSWORD).await;
    assert_eq!(
        v.call("/api/organisasi/daftar", &[("slug", SLUG)]).await.0,
        200
    );
    assert_eq!(v.call("/api/orang/daftar", &[("slug", SLUG)]).await.0, 403);
}

async fn import(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    name: &str,
    bytes: Vec<u8>,
) -> (u16, Value) {
    let form = reqwest::multipart::Form::new()
        .text("slug", slug.to_owned())
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let res = client
        .post(app.url("/api/organisasi/impor"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn import_is_all_or_nothing_with_a_report_per_row(app: &TestApp) {
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    let units_before = |org: &Value| {
        org.as_array()
            .unwrap()
            .iter()
            .map(|o| o["units"].as_array().unwrap().len())
            .sum::<usize>()
    };
    let (_, org) = c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    let before = units_before(&org);

    let bad = "kode_opd,nama_opd,kepala_opd,kode_unit,nama_unit,kepala_unit,lokus\n\
               DISHUB,Dinas Perhubungan,,UPT-PKB,UPT Pengujian Kendaraan,,ya\n\
               DISHUB,Dinas Perhubungan,,UPT-PKB,Duplikat,,ya\n\
               DLH,,,,,,\n\
               DUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,,MPP,Numpang di MPP,,mungkin\n";
    let (status, err) = import(app, &c.client, SLUG, "opd.csv", bad.as_bytes().to_vec()).await;
    assert_eq!(status, 422, "{err}");
    let problems = err["Import"]["problems"].as_array().unwrap();
    let at = |row: u64, col: &str| {
        problems
            .iter()
            .any(|p| p["row"] == row && p["column"] == col)
    };
    assert!(at(3, "kode_unit"), "duplicate unit: {err}");
    assert!(at(4, "nama_opd"), "missing name: {err}");
    assert!(at(5, "lokus"), "bad lokus: {err}");
    let (_, org) = c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    assert_eq!(units_before(&org), before, "nothing imported");

    // A unit code that belongs to another OPD in the database refuses the file too.
    let clash = "kode_opd,nama_opd,kode_unit,nama_unit,lokus\nDINSOS,Dinas Sosial,MPP,Mal Pelayanan Publik,ya\n";
    let (status, err) = import(app, &c.client, SLUG, "opd.csv", clash.as_bytes().to_vec()).await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(
        err["Import"]["problems"][0]["kind"]["UnitOfOtherOpd"]["opd_code"],
        "DPMPTSP"
    );

    // Not a spreadsheet at all.
    let (status, err) = import(
        app,
        &c.client,
        SLUG,
        "foto.xlsx",
        b"PK\x03\x04bukan-excel".to_vec(),
    )
    .await;
    assert_eq!(status, 422, "{err}");

    let good = "kode_opd;nama_opd;kepala_opd;kode_unit;nama_unit;kepala_unit;lokus\n\
                DISHUB;Dinas Perhubungan;;UPT-PKB;UPT Pengujian Kendaraan Bermotor;;ya\n\
                DLH;Dinas Lingkungan Hidup;;;;;\n";
    let (status, err) = import(app, &c.client, SLUG, "opd.csv", good.as_bytes().to_vec()).await;
    assert_eq!(status, 200, "{err}");
    let (_, org) = c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    assert_eq!(units_before(&org), before + 1);
    assert!(org.as_array().unwrap().iter().any(|o| o["code"] == "DLH"));

    // Export gives the same format back, and importing it changes nothing.
    let csv = c
        .client
        .get(app.url("/t/kab-contoh/organisasi/ekspor?format=csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let csv = csv.bytes().await.unwrap().to_vec();
    assert!(String::from_utf8_lossy(&csv).contains("UPT-PKB"));
    let (status, _) = import(app, &c.client, SLUG, "ekspor.csv", csv).await;
    assert_eq!(status, 200);
    let xlsx = c
        .client
        .get(app.url("/t/kab-contoh/organisasi/ekspor?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let (status, _) = import(
        app,
        &c.client,
        SLUG,
        "ekspor.xlsx",
        xlsx.bytes().await.unwrap().to_vec(),
    )
    .await;
    assert_eq!(status, 200);
    let (_, org) = c.call("/api/organisasi/daftar", &[("slug", SLUG)]).await;
    assert_eq!(units_before(&org), before + 1, "round trip changes nothing");
    // Another pemda's export is not reachable.
    let m = as_user(app, OPERATOR, DEMO_PASSWORD).await;
    drop(m);
    let anon = app.anonymous();
    assert_eq!(
        anon.get(app.url("/t/kab-contoh/organisasi/ekspor"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn logo_is_checked_by_content_and_shown_only_inside_the_tenant(app: &TestApp) {
    let op = as_user(app, OPERATOR, DEMO_PASSWORD).await;
    let (_, list) = op.call("/api/admin/pemda", &[]).await;
    let id = list["rows"][0]["id"].as_str().unwrap().to_owned();
    let upload = |bytes: Vec<u8>, name: &'static str| {
        let form = reqwest::multipart::Form::new().text("id", id.clone()).part(
            "logo",
            reqwest::multipart::Part::bytes(bytes).file_name(name),
        );
        op.client
            .post(app.url("/api/admin/pemda-logo"))
            .header("accept", "application/json")
            .multipart(form)
            .send()
    };
    // A script named .png is refused.
    let res = upload(b"<script>alert(1)</script>".to_vec(), "logo.png")
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["Field"]["problem"], "Invalid");
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    assert_eq!(
        c.client
            .get(app.url("/t/kab-contoh/logo"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    assert_eq!(
        upload(PNG.to_vec(), "logo.bin").await.unwrap().status(),
        200
    );
    let res = c
        .client
        .get(app.url("/t/kab-contoh/logo"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(c
        .page("/t/kab-contoh")
        .await
        .1
        .contains("/t/kab-contoh/logo"));
    assert_eq!(
        app.anonymous()
            .get(app.url("/t/kab-contoh/logo"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
}

async fn expired_invitation_is_refused(app: &TestApp) {
    use app::server::entities::invitation;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let c = as_user(app, COORDINATOR, DEMO_PASSWORD).await;
    let (status, _) = c
        .call(
            "/api/orang/undang",
            &[
                ("slug", SLUG),
                ("email", "lambat@kab-contoh.test"),
                ("role", "Viewer"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let token = token_of(&last_link(app, "lambat@kab-contoh.test").await.unwrap());
    let db = app.db().await;
    let inv = invitation::Entity::find()
        .filter(invitation::Column::Email.eq("lambat@kab-contoh.test"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let mut a: invitation::ActiveModel = inv.into();
    a.expires_at = Set(chrono::Utc::now() - chrono::Duration::minutes(1));
    a.update(&db).await.unwrap();
    let anon = TestApp2 {
        base: app.base.clone(),
        client: app.anonymous(),
    };
    let (status, err) = anon
        .call(
            "/api/undangan/terima",
            &[
                ("token", &token),
                ("name", "Lambat"),
                ("password", "kata sandi lambat sekali"),
            ],
        )
        .await;
    assert_eq!(status, 410, "{err}");
    let (status, page) = anon.page(&format!("/undangan/{token}")).await;
    assert_eq!(status, 410, "the page says Gone too");
    assert!(page.contains("Tautan ini tidak berlaku lagi"), "{page}");
}

on_both_databases! {
    logo_is_checked_by_content_and_shown_only_inside_the_tenant,
    expired_invitation_is_refused,
    operator_creates_tenant_and_its_coordinator_joins,
    bad_tenant_input_gets_field_errors_and_changes_nothing,
    coordinator_cannot_hand_out_operator_or_drop_the_last_coordinator,
    invited_pic_joins_and_duplicate_invites_are_refused,
    password_reset_and_change_end_other_sessions,
    suspended_tenant_is_closed_to_its_users_and_nothing_is_deleted,
    revoking_a_mentor_office_removes_access_at_once_and_is_logged,
    import_is_all_or_nothing_with_a_report_per_row,
}
