//! Isolation and permissions, generated from the list of registered server functions: every
//! server function must have a case here (a new one without its case fails the first test), and
//! every tenant-scoped case is tried as another tenant's coordinator (with this tenant's slug,
//! and with its own slug but this tenant's ids), as a mentor whose office has no grant, and as
//! roles without the permission. Each attempt must fail without revealing the tenant and without
//! changing anything.

mod support;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use std::collections::BTreeMap;
use support::{TestApp, DEMO_PASSWORD};

const SLUG: &str = "kab-contoh";

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// What a server function needs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Need {
    /// Anyone (sign-in, invitation and reset links, who-am-I).
    Public,
    /// A signed-in person acting on their own account.
    Own,
    /// A role in the tenant.
    View,
    /// The tenant's coordinator (or an operator).
    Manage,
    /// A platform operator.
    Operator,
    /// An Ombudsman mentor with a grant (tenant users are refused).
    Mentor,
}

/// Ids of Kabupaten Contoh's objects that attackers try to reach.
struct Ids {
    opd: String,
    unit: String,
    membership: String,
    invitation: String,
    office: String,
    tenant: String,
    /// A draft instrument version (made by the operator).
    draft: String,
    /// A published instrument version.
    version: String,
    /// A cycle of Kabupaten Contoh, one of its work packages and one of its items.
    cycle: String,
    package: String,
    item: String,
    /// A piece of evidence on that item, and its (only) revision.
    evidence: String,
    revision: String,
    /// A comment on that item (by the coordinator).
    comment: String,
    /// An SKM survey period of Kabupaten Contoh, and the SKM version it asks.
    skm: String,
    skm_version: String,
}

/// Every server function: path, need, and the form it is called with (`{slug}` and the id
/// placeholders are filled in per attempt).
/// A server function's path, what it needs, and its form.
type Case = (&'static str, Need, &'static [(&'static str, &'static str)]);

const CASES: &[Case] = &[
    (
        "/api/masuk",
        Need::Public,
        &[("email", "x@y.id"), ("password", "x")],
    ),
    ("/api/keluar", Need::Public, &[]),
    ("/api/saya", Need::Public, &[]),
    ("/api/undangan/info", Need::Public, &[("token", "00")]),
    ("/api/undangan/terima", Need::Public, &[("token", "00")]),
    ("/api/sandi/lupa", Need::Public, &[("email", "x@y.id")]),
    (
        "/api/sandi/atur-ulang",
        Need::Public,
        &[("token", "00"), ("password", "xxxxxxxxxxxx")],
    ),
    (
        "/api/sandi/ganti",
        Need::Own,
        &[("current", "x"), ("password", "xxxxxxxxxxxx")],
    ),
    ("/api/pemda/info", Need::View, &[("slug", "{slug}")]),
    ("/api/organisasi/daftar", Need::View, &[("slug", "{slug}")]),
    (
        "/api/organisasi/opd-baru",
        Need::Manage,
        &[("slug", "{slug}"), ("code", "NEW"), ("name", "Baru")],
    ),
    (
        "/api/organisasi/unit-baru",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("opd_id", "{opd}"),
            ("code", "NEWU"),
            ("name", "Unit Baru"),
        ],
    ),
    (
        "/api/organisasi/layanan-baru",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("unit_id", "{unit}"),
            ("code", "NEWS"),
            ("name", "Layanan Baru"),
        ],
    ),
    (
        "/api/organisasi/lokus",
        Need::Manage,
        &[("slug", "{slug}"), ("id", "{unit}"), ("lokus", "false")],
    ),
    (
        "/api/organisasi/zona-waktu",
        Need::Manage,
        &[("slug", "{slug}"), ("time_zone", "Asia/Jayapura")],
    ),
    ("/api/organisasi/impor", Need::Manage, &[("slug", "{slug}")]),
    ("/api/orang/daftar", Need::Manage, &[("slug", "{slug}")]),
    (
        "/api/orang/undang",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("email", "baru@x.id"),
            ("role", "Viewer"),
        ],
    ),
    (
        "/api/orang/status",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("membership_id", "{membership}"),
            ("disabled", "true"),
        ],
    ),
    (
        "/api/orang/batal-undang",
        Need::Manage,
        &[("slug", "{slug}"), ("invitation_id", "{invitation}")],
    ),
    ("/api/mentor/daftar", Need::Manage, &[("slug", "{slug}")]),
    (
        "/api/mentor/akses",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("office_id", "{office}"),
            ("granted", "false"),
        ],
    ),
    ("/api/audit", Need::Manage, &[("slug", "{slug}")]),
    ("/api/admin/pemda", Need::Operator, &[]),
    (
        "/api/admin/pemda-baru",
        Need::Operator,
        &[
            ("name", "Kab X"),
            ("slug", "kab-x"),
            ("kind", "kabupaten"),
            ("province", "P"),
        ],
    ),
    (
        "/api/admin/pemda-status",
        Need::Operator,
        &[("id", "{tenant}"), ("suspended", "true")],
    ),
    ("/api/admin/kantor", Need::Operator, &[]),
    (
        "/api/admin/kantor-baru",
        Need::Operator,
        &[("name", "Kantor X"), ("province", "P")],
    ),
    (
        "/api/admin/mentor-undang",
        Need::Operator,
        &[("office_id", "{office}"), ("email", "m@x.id")],
    ),
    ("/api/admin/pengguna", Need::Operator, &[]),
    (
        "/api/admin/pengguna-status",
        Need::Operator,
        &[("id", "{tenant}"), ("disabled", "true")],
    ),
    (
        "/api/admin/undang-ulang",
        Need::Operator,
        &[("id", "{invitation}")],
    ),
    ("/api/admin/kotak-keluar", Need::Operator, &[]),
    ("/api/admin/status", Need::Operator, &[]),
    (
        "/api/admin/pemda-satu",
        Need::Operator,
        &[("id", "{tenant}")],
    ),
    (
        "/api/admin/pemda-ubah",
        Need::Operator,
        &[
            ("id", "{tenant}"),
            ("name", "Diambil"),
            ("kind", "kota"),
            ("province", "P"),
            ("time_zone", "Asia/Jayapura"),
        ],
    ),
    (
        "/api/admin/pemda-logo",
        Need::Operator,
        &[("id", "{tenant}")],
    ),
    ("/api/admin/instrumen", Need::Operator, &[]),
    (
        "/api/admin/instrumen-versi",
        Need::Operator,
        &[("id", "{draft}")],
    ),
    (
        "/api/admin/instrumen-sumber",
        Need::Operator,
        &[("id", "{draft}")],
    ),
    (
        "/api/admin/instrumen-banding",
        Need::Operator,
        &[("old", "{draft}"), ("new", "{draft}")],
    ),
    (
        "/api/admin/instrumen-salin",
        Need::Operator,
        &[("id", "{draft}"), ("version", "curian")],
    ),
    (
        "/api/admin/instrumen-simpan",
        Need::Operator,
        &[("id", "{draft}"), ("revision", "1"), ("source", "x: 1")],
    ),
    (
        "/api/admin/instrumen-terbitkan",
        Need::Operator,
        &[("id", "{draft}"), ("revision", "1")],
    ),
    (
        "/api/admin/instrumen-buang",
        Need::Operator,
        &[("id", "{draft}"), ("revision", "1")],
    ),
    ("/api/admin/instrumen-impor", Need::Operator, &[]),
    ("/api/siklus/daftar", Need::View, &[("slug", "{slug}")]),
    ("/api/siklus/pilihan", Need::Manage, &[("slug", "{slug}")]),
    (
        "/api/siklus/baru",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("name", "Curian"),
            ("version_id", "{version}"),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("self_deadline", "2026-06-30"),
            ("units[0]", "{unit}"),
        ],
    ),
    (
        "/api/siklus/status",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("id", "{cycle}"),
            ("status", "Active"),
            ("revision", "1"),
        ],
    ),
    (
        "/api/siklus/ubah",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("id", "{cycle}"),
            ("revision", "1"),
            ("name", "Diambil"),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("self_deadline", "2026-06-30"),
        ],
    ),
    (
        "/api/siklus/papan",
        Need::View,
        &[("slug", "{slug}"), ("id", "{cycle}")],
    ),
    (
        "/api/siklus/penugasan",
        Need::Manage,
        &[("slug", "{slug}"), ("id", "{cycle}")],
    ),
    (
        "/api/siklus/tugaskan",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("id", "{cycle}"),
            ("due_on", "2026-05-01"),
        ],
    ),
    (
        "/api/siklus/alihkan",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("id", "{cycle}"),
            ("from", "{cycle}"),
            ("to", "{cycle}"),
        ],
    ),
    ("/api/tugas/saya", Need::View, &[("slug", "{slug}")]),
    (
        "/api/butir",
        Need::View,
        &[("slug", "{slug}"), ("id", "{item}")],
    ),
    (
        "/api/butir/simpan",
        Need::View,
        &[
            ("slug", "{slug}"),
            ("id", "{item}"),
            ("revision", "1"),
            ("answer", "1"),
        ],
    ),
    (
        "/api/paket",
        Need::View,
        &[("slug", "{slug}"), ("id", "{package}")],
    ),
    (
        "/api/paket/kirim",
        Need::View,
        &[("slug", "{slug}"), ("id", "{package}")],
    ),
    (
        "/api/paket/buka",
        Need::Manage,
        &[("slug", "{slug}"), ("id", "{package}"), ("note", "x")],
    ),
    (
        "/api/bukti",
        Need::View,
        &[("slug", "{slug}"), ("item", "{item}")],
    ),
    (
        "/api/bukti/tautan",
        Need::View,
        &[
            ("slug", "{slug}"),
            ("item", "{item}"),
            ("url", "https://contoh.go.id/serangan"),
        ],
    ),
    (
        "/api/bukti/hapus",
        Need::View,
        &[("slug", "{slug}"), ("id", "{evidence}")],
    ),
    (
        "/api/bukti/pulihkan",
        Need::Manage,
        &[("slug", "{slug}"), ("id", "{evidence}")],
    ),
    (
        "/api/tinjau",
        Need::View,
        &[("slug", "{slug}"), ("item", "{item}")],
    ),
    (
        "/api/tinjau/terima",
        Need::Mentor,
        &[("slug", "{slug}"), ("item", "{item}"), ("revision", "1")],
    ),
    (
        "/api/tinjau/perbaikan",
        Need::Mentor,
        &[
            ("slug", "{slug}"),
            ("item", "{item}"),
            ("revision", "1"),
            ("reason", "serangan"),
        ],
    ),
    (
        "/api/komentar",
        Need::View,
        &[("slug", "{slug}"), ("item", "{item}")],
    ),
    (
        "/api/komentar/tambah",
        Need::View,
        &[("slug", "{slug}"), ("item", "{item}"), ("body", "serangan")],
    ),
    (
        "/api/komentar/ubah",
        Need::View,
        &[
            ("slug", "{slug}"),
            ("id", "{comment}"),
            ("revision", "1"),
            ("body", "diubah penyerang"),
        ],
    ),
    ("/api/perbaikan", Need::View, &[("slug", "{slug}")]),
    ("/api/mentor/antrean", Need::Own, &[]),
    (
        "/api/mentor/templat",
        Need::Own,
        &[("office", "{office}"), ("text", "templat penyerang")],
    ),
    (
        "/api/mentor/templat/arsip",
        Need::Own,
        &[("id", "{office}")],
    ),
    ("/api/notifikasi", Need::Own, &[]),
    (
        "/api/dasbor",
        Need::View,
        &[("slug", "{slug}"), ("id", "{cycle}")],
    ),
    (
        "/api/dasbor/hasil-resmi",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("id", "{cycle}"),
            ("pemda", "99,99"),
            ("unit_ids[0]", "{unit}"),
            ("unit_values[0]", "99,99"),
        ],
    ),
    ("/api/mentor/ikhtisar", Need::Own, &[]),
    ("/api/skm/daftar", Need::View, &[("slug", "{slug}")]),
    (
        "/api/skm/periode-baru",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("unit_id", "{unit}"),
            ("version_id", "{skm_version}"),
            ("name", "SKM serangan"),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("population", "100"),
        ],
    ),
    (
        "/api/skm/periode",
        Need::View,
        &[("slug", "{slug}"), ("id", "{skm}")],
    ),
    (
        "/api/skm/tutup",
        Need::Manage,
        &[("slug", "{slug}"), ("id", "{skm}"), ("closed", "true")],
    ),
    (
        "/api/skm/kode",
        Need::Manage,
        &[("slug", "{slug}"), ("id", "{skm}"), ("count", "3")],
    ),
    (
        "/api/skm/tindak-lanjut",
        Need::Manage,
        &[
            ("slug", "{slug}"),
            ("period_id", "{skm}"),
            ("element", "U1"),
            ("action", "Tindakan penyerang"),
            ("owner", "Penyerang"),
        ],
    ),
    (
        "/api/skm/impor",
        Need::Manage,
        &[("slug", "{slug}"), ("period_id", "{skm}")],
    ),
    ("/api/notifikasi/belum", Need::Public, &[]),
    ("/api/notifikasi/baca", Need::Own, &[]),
    ("/api/notifikasi/surel", Need::Own, &[("pref", "off")]),
    ("/api/masuk/dua-langkah/info", Need::Public, &[]),
    (
        "/api/masuk/dua-langkah",
        Need::Public,
        &[("code", "123456")],
    ),
    ("/api/akun/dua-langkah", Need::Own, &[]),
    ("/api/akun/dua-langkah/mulai", Need::Own, &[]),
    (
        "/api/akun/dua-langkah/aktifkan",
        Need::Own,
        &[("code", "123456")],
    ),
    (
        "/api/akun/dua-langkah/kode-baru",
        Need::Own,
        &[("code", "123456")],
    ),
    (
        "/api/akun/dua-langkah/matikan",
        Need::Own,
        &[("code", "123456")],
    ),
    ("/api/akun/kode-pemulihan", Need::Own, &[]),
    (
        "/api/admin/dua-langkah-reset",
        Need::Operator,
        &[("user_id", "{tenant}")],
    ),
];

#[test]
fn every_server_function_has_an_isolation_case() {
    let registered: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .collect();
    assert!(!registered.is_empty());
    for path in &registered {
        assert!(
            CASES.iter().any(|(p, ..)| p == path),
            "server function {path} has no isolation case: add it to CASES"
        );
    }
}

/// Row counts of every table: "nothing changed" means these are equal.
async fn snapshot(app: &TestApp) -> BTreeMap<String, i64> {
    let db = app.db().await;
    let mut out = BTreeMap::new();
    for table in [
        "tenants",
        "opds",
        "units",
        "services",
        "users",
        "memberships",
        "mentor_offices",
        "office_members",
        "office_grants",
        "invitations",
        "password_resets",
        "outbox",
        "audit_log",
        "tenant_logos",
        "instruments",
        "instrument_versions",
        "cycles",
        "cycle_units",
        "work_packages",
        "assignments",
        "cycle_events",
        "evidence",
        "evidence_revisions",
        "reviews",
        "reason_templates",
        "comments",
        "comment_edits",
        "notifications",
        "official_results",
        "skm_periods",
        "skm_responses",
        "skm_codes",
        "skm_followups",
        "user_totp",
        "recovery_codes",
    ] {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        out.insert(table.to_owned(), row.try_get::<i64>("", "n").unwrap());
    }
    // State changes that keep counts: disabled memberships, lokus flags, grants, tenant status.
    for (name, sql) in [
        (
            "disabled_memberships",
            "SELECT COUNT(*) AS n FROM memberships WHERE disabled_at IS NOT NULL",
        ),
        (
            "lokus_units",
            "SELECT COUNT(*) AS n FROM units WHERE is_lokus",
        ),
        (
            "suspended",
            "SELECT COUNT(*) AS n FROM tenants WHERE status = 'suspended'",
        ),
        (
            "deleted_evidence",
            "SELECT COUNT(*) AS n FROM evidence_revisions WHERE deleted_at IS NOT NULL",
        ),
        (
            "answers",
            "SELECT COUNT(*) AS n FROM assignments WHERE answer IS NOT NULL",
        ),
        (
            "assignment_revisions",
            "SELECT COALESCE(SUM(revision), 0) AS n FROM assignments",
        ),
        (
            "cycle_revisions",
            "SELECT COALESCE(SUM(revision), 0) AS n FROM cycles",
        ),
        (
            "package_revisions",
            "SELECT COALESCE(SUM(revision), 0) AS n FROM work_packages",
        ),
        (
            "published_versions",
            "SELECT COUNT(*) AS n FROM instrument_versions WHERE status = 'published'",
        ),
        (
            "instrument_revisions",
            "SELECT COALESCE(SUM(revision), 0) AS n FROM instrument_versions",
        ),
        (
            "closed_skm_periods",
            "SELECT COUNT(*) AS n FROM skm_periods WHERE closed_at IS NOT NULL",
        ),
        (
            "disabled_users",
            "SELECT COUNT(*) AS n FROM users WHERE disabled_at IS NOT NULL",
        ),
        (
            "revoked_invitations",
            "SELECT COUNT(*) AS n FROM invitations WHERE revoked_at IS NOT NULL",
        ),
    ] {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        out.insert(name.to_owned(), row.try_get::<i64>("", "n").unwrap());
    }
    out
}

async fn signed_in(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = app.anonymous();
    let res = client
        .post(app.url("/api/masuk"))
        .header("accept", "application/json")
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{email} signs in");
    client
}

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    form: &[(String, String)],
) -> (u16, String) {
    let res = if path == "/api/admin/pemda-logo" {
        let id = form
            .iter()
            .find(|(k, _)| k == "id")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let body = reqwest::multipart::Form::new().text("id", id).part(
            "logo",
            reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("logo.png"),
        );
        client
            .post(app.url(path))
            .header("accept", "application/json")
            .multipart(body)
            .send()
            .await
            .unwrap()
    } else if path == "/api/admin/instrumen-impor" {
        let source = app::domain::instrument::builtin::BUILTIN_YAML[0]
            .1
            .replace("version: '2023'", "version: curian");
        let body = reqwest::multipart::Form::new().part(
            "berkas",
            reqwest::multipart::Part::bytes(source.into_bytes()).file_name("x.yaml"),
        );
        client
            .post(app.url(path))
            .header("accept", "application/json")
            .multipart(body)
            .send()
            .await
            .unwrap()
    } else if path == "/api/skm/impor" {
        let get = |key: &str| {
            form.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let body = reqwest::multipart::Form::new()
            .text("slug", get("slug"))
            .text("period_id", get("period_id"))
            .part(
                "berkas",
                reqwest::multipart::Part::bytes(
                    b"U1,U2,U3,U4,U5,U6,U7,U8,U9\n1,1,1,1,1,1,1,1,1\n".to_vec(),
                )
                .file_name("x.csv"),
            );
        client
            .post(app.url(path))
            .header("accept", "application/json")
            .multipart(body)
            .send()
            .await
            .unwrap()
    } else if path == "/api/organisasi/impor" {
        let slug = form
            .iter()
            .find(|(k, _)| k == "slug")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let body = reqwest::multipart::Form::new().text("slug", slug).part(
            "berkas",
            reqwest::multipart::Part::bytes(b"kode_opd,nama_opd\nSERANG,Serangan\n".to_vec())
                .file_name("x.csv"),
        );
        client
            .post(app.url(path))
            .header("accept", "application/json")
            .multipart(body)
            .send()
            .await
            .unwrap()
    } else {
        client
            .post(app.url(path))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    };
    (res.status().as_u16(), res.text().await.unwrap())
}

fn fill(form: &[(&str, &str)], slug: &str, ids: &Ids) -> Vec<(String, String)> {
    form.iter()
        .map(|(k, v)| {
            let v = v
                .replace("{slug}", slug)
                .replace("{opd}", &ids.opd)
                .replace("{unit}", &ids.unit)
                .replace("{membership}", &ids.membership)
                .replace("{invitation}", &ids.invitation)
                .replace("{office}", &ids.office)
                .replace("{tenant}", &ids.tenant)
                .replace("{draft}", &ids.draft)
                .replace("{version}", &ids.version)
                .replace("{cycle}", &ids.cycle)
                .replace("{package}", &ids.package)
                .replace("{item}", &ids.item)
                .replace("{evidence}", &ids.evidence)
                .replace("{revision}", &ids.revision)
                .replace("{comment}", &ids.comment)
                .replace("{skm_version}", &ids.skm_version)
                .replace("{skm}", &ids.skm);
            ((*k).to_owned(), v)
        })
        .collect()
}

async fn setup(app: &TestApp) -> (Ids, reqwest::Client, reqwest::Client) {
    let op = signed_in(app, "operator@patuh.test", DEMO_PASSWORD).await;
    // A second pemda with its own coordinator, and an office with no grant anywhere.
    let form = [
        ("name", "Kota Lain"),
        ("slug", "kota-lain"),
        ("kind", "kota"),
        ("province", "P"),
        ("coordinator_email", "koor@kota-lain.test"),
    ];
    assert_eq!(
        op.post(app.url("/api/admin/pemda-baru"))
            .header("accept", "application/json")
            .form(&form)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        op.post(app.url("/api/admin/kantor-baru"))
            .header("accept", "application/json")
            .form(&[("name", "Perwakilan Lain"), ("province", "P")])
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let offices: Value = op
        .post(app.url("/api/admin/kantor"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let other_office = offices
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Perwakilan Lain")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    op.post(app.url("/api/admin/mentor-undang"))
        .header("accept", "application/json")
        .form(&[
            ("office_id", other_office.as_str()),
            ("email", "mentor@lain.test"),
        ])
        .send()
        .await
        .unwrap();

    let db = app.db().await;
    let accept = |email: &'static str| {
        let db = db.clone();
        async move {
            use app::server::entities::outbox;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let m = outbox::Entity::find()
                .filter(outbox::Column::ToEmail.eq(email))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            let link = m
                .body_text
                .split_whitespace()
                .find(|w| w.contains("/undangan/"))
                .unwrap()
                .to_owned();
            link.rsplit('/').next().unwrap().to_owned()
        }
    };
    for email in ["koor@kota-lain.test", "mentor@lain.test"] {
        let token = accept(email).await;
        let res = app
            .anonymous()
            .post(app.url("/api/undangan/terima"))
            .header("accept", "application/json")
            .form(&[
                ("token", token.as_str()),
                ("name", "Penyerang"),
                ("password", "kata sandi penyerang"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    // Kabupaten Contoh's ids, as its coordinator sees them, and an open invitation there.
    let coord = signed_in(app, "koordinator@kab-contoh.test", DEMO_PASSWORD).await;
    coord
        .post(app.url("/api/orang/undang"))
        .header("accept", "application/json")
        .form(&[
            ("slug", SLUG),
            ("email", "calon@kab-contoh.test"),
            ("role", "Viewer"),
        ])
        .send()
        .await
        .unwrap();
    let org: Value = coord
        .post(app.url("/api/organisasi/daftar"))
        .header("accept", "application/json")
        .form(&[("slug", SLUG)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let people: Value = coord
        .post(app.url("/api/orang/daftar"))
        .header("accept", "application/json")
        .form(&[("slug", SLUG)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access: Value = coord
        .post(app.url("/api/mentor/daftar"))
        .header("accept", "application/json")
        .form(&[("slug", SLUG)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tenants: Value = op
        .post(app.url("/api/admin/pemda"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let opd = org
        .as_array()
        .unwrap()
        .iter()
        .find(|o| !o["units"].as_array().unwrap().is_empty())
        .unwrap();
    let ids = Ids {
        opd: opd["id"].as_str().unwrap().to_owned(),
        unit: opd["units"][0]["id"].as_str().unwrap().to_owned(),
        membership: people["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["role"] == "Viewer")
            .unwrap()["membership_id"]
            .as_str()
            .unwrap()
            .to_owned(),
        invitation: people["invitations"][0]["id"].as_str().unwrap().to_owned(),
        office: access
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["granted"] == true)
            .unwrap()["office_id"]
            .as_str()
            .unwrap()
            .to_owned(),
        tenant: tenants["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["slug"] == SLUG)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        draft: String::new(),
        version: String::new(),
        cycle: String::new(),
        package: String::new(),
        item: String::new(),
        evidence: String::new(),
        revision: String::new(),
        comment: String::new(),
        skm: String::new(),
        skm_version: String::new(),
    };
    // A draft instrument version, copied by the operator from a built-in one.
    let library: Value = op
        .post(app.url("/api/admin/instrumen"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let builtin = library[0]["versions"][0]["id"].as_str().unwrap().to_owned();
    let copied = op
        .post(app.url("/api/admin/instrumen-salin"))
        .header("accept", "application/json")
        .form(&[("id", builtin.as_str()), ("version", "draf-uji")])
        .send()
        .await
        .unwrap();
    assert_eq!(copied.status(), 200);
    let draft: Value = copied.json().await.unwrap();
    // A cycle of Kabupaten Contoh on a published version, with its package and items.
    let post = |client: &reqwest::Client, path: &str, form: Vec<(&str, String)>| {
        let req = client
            .post(app.url(path))
            .header("accept", "application/json")
            .form(&form);
        async move { req.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let cycle = post(
        &coord,
        "/api/siklus/baru",
        vec![
            ("slug", SLUG.to_owned()),
            ("name", "Siklus Uji".to_owned()),
            ("version_id", builtin.clone()),
            ("starts_on", "2026-01-01".to_owned()),
            ("ends_on", "2026-12-31".to_owned()),
            ("self_deadline", "2026-06-30".to_owned()),
            ("units[0]", ids.unit.clone()),
        ],
    )
    .await;
    let cycle = cycle.as_str().expect("cycle created").to_owned();
    let board = post(
        &coord,
        "/api/siklus/papan",
        vec![("slug", SLUG.to_owned()), ("id", cycle.clone())],
    )
    .await;
    let options = post(
        &coord,
        "/api/siklus/penugasan",
        vec![("slug", SLUG.to_owned()), ("id", cycle.clone())],
    )
    .await;
    let item = options["unassigned"][0]["id"].as_str().unwrap().to_owned();
    // Active, with a piece of evidence on the item (uploaded by the coordinator).
    let activated = post(
        &coord,
        "/api/siklus/status",
        vec![
            ("slug", SLUG.to_owned()),
            ("id", cycle.clone()),
            ("status", "Active".to_owned()),
            ("revision", board["cycle"]["revision"].to_string()),
        ],
    )
    .await;
    assert!(activated.is_null(), "{activated}");
    let form = reqwest::multipart::Form::new().part(
        "berkas",
        reqwest::multipart::Part::bytes(b"%PDF-1.4\n% bukti uji\n%%EOF\n".to_vec())
            .file_name("bukti.pdf"),
    );
    let uploaded = coord
        .post(app.url(&format!("/t/{SLUG}/butir/{item}/bukti")))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 200);
    let evidence = post(
        &coord,
        "/api/bukti",
        vec![("slug", SLUG.to_owned()), ("item", item.clone())],
    )
    .await;
    let comment = post(
        &coord,
        "/api/komentar/tambah",
        vec![
            ("slug", SLUG.to_owned()),
            ("item", item.clone()),
            ("body", "Komentar koordinator".to_owned()),
        ],
    )
    .await;
    // An SKM survey period of the same unit.
    let skm = post(&coord, "/api/skm/daftar", vec![("slug", SLUG.to_owned())]).await;
    let skm_version = skm["versions"][0][0].as_str().unwrap().to_owned();
    let period = post(
        &coord,
        "/api/skm/periode-baru",
        vec![
            ("slug", SLUG.to_owned()),
            ("unit_id", ids.unit.clone()),
            ("version_id", skm_version.clone()),
            ("name", "SKM Uji".to_owned()),
            ("starts_on", "2026-01-01".to_owned()),
            ("ends_on", "2026-12-31".to_owned()),
            ("population", "500".to_owned()),
        ],
    )
    .await;
    let ids = Ids {
        skm: period.as_str().expect("survey period created").to_owned(),
        skm_version,
        comment: comment.as_str().expect("comment added").to_owned(),
        draft: draft.as_str().unwrap().to_owned(),
        version: builtin,
        package: board["rows"][0]["package_id"].as_str().unwrap().to_owned(),
        evidence: evidence["documents"][0]["id"].as_str().unwrap().to_owned(),
        revision: evidence["documents"][0]["revisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned(),
        item,
        cycle,
        ..ids
    };
    let attacker = signed_in(app, "koor@kota-lain.test", "kata sandi penyerang").await;
    let stranger_mentor = signed_in(app, "mentor@lain.test", "kata sandi penyerang").await;
    (ids, attacker, stranger_mentor)
}

async fn nobody_reaches_another_tenant(app: &TestApp) {
    let (ids, attacker, stranger_mentor) = setup(app).await;
    let viewer = signed_in(app, "sekda@kab-contoh.test", DEMO_PASSWORD).await;
    let pic = signed_in(app, "pic.disdukcapil@kab-contoh.test", DEMO_PASSWORD).await;
    let mentor = signed_in(app, "mentor@ombudsman-contoh.test", DEMO_PASSWORD).await;
    let coordinator = signed_in(app, "koordinator@kab-contoh.test", DEMO_PASSWORD).await;
    let before = snapshot(app).await;

    for (path, need, form) in CASES {
        match need {
            Need::View | Need::Manage | Need::Mentor => {
                // This tenant's slug, by someone with no role in it.
                for (who, client) in [
                    ("other tenant's coordinator", &attacker),
                    ("mentor without grant", &stranger_mentor),
                ] {
                    let (status, body) = call(app, client, path, &fill(form, SLUG, &ids)).await;
                    assert_eq!(status, 404, "{who} → {path}: {body}");
                }
                // Their own slug, this tenant's ids.
                // Offices are platform-wide, not tenant data: a coordinator may grant or revoke any
                // office's access to its own tenant.
                let tenant_owned = [
                    "{opd}",
                    "{unit}",
                    "{membership}",
                    "{invitation}",
                    "{cycle}",
                    "{package}",
                    "{item}",
                    "{evidence}",
                    "{comment}",
                    "{skm}",
                ];
                let touches_ids = form.iter().any(|(_, v)| tenant_owned.contains(v));
                if touches_ids {
                    let (status, body) =
                        call(app, &attacker, path, &fill(form, "kota-lain", &ids)).await;
                    assert_eq!(
                        status, 404,
                        "other tenant's coordinator with foreign ids → {path}: {body}"
                    );
                }
                if *need == Need::Manage {
                    for (who, client) in [("viewer", &viewer), ("PIC", &pic), ("mentor", &mentor)] {
                        let (status, body) = call(app, client, path, &fill(form, SLUG, &ids)).await;
                        assert_eq!(status, 403, "{who} → {path}: {body}");
                    }
                }
                if *need == Need::Mentor {
                    for (who, client) in [
                        ("viewer", &viewer),
                        ("PIC", &pic),
                        ("coordinator", &coordinator),
                    ] {
                        let (status, body) = call(app, client, path, &fill(form, SLUG, &ids)).await;
                        assert_eq!(status, 403, "{who} → {path}: {body}");
                    }
                }
            }
            Need::Operator => {
                for (who, client) in [
                    ("coordinator", &attacker),
                    ("mentor", &mentor),
                    ("viewer", &viewer),
                ] {
                    let (status, body) = call(app, client, path, &fill(form, SLUG, &ids)).await;
                    assert_eq!(status, 404, "{who} → {path}: {body}");
                }
            }
            Need::Public | Need::Own => {}
        }
    }
    // Reading as the attacker through its own slug is fine, but shows only its own data.
    let (status, body) = call(
        app,
        &attacker,
        "/api/organisasi/daftar",
        &fill(&[("slug", "{slug}")], "kota-lain", &ids),
    )
    .await;
    assert_eq!(status, 200);
    assert!(!body.contains("DUKCAPIL"));
    // Evidence bytes: no other tenant's user or ungranted mentor reads or writes them, by any
    // slug.
    for (who, client) in [
        ("attacker", &attacker),
        ("stranger mentor", &stranger_mentor),
    ] {
        for slug in [SLUG, "kota-lain"] {
            let res = client
                .get(app.url(&format!("/t/{slug}/bukti/{}", ids.revision)))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404, "{who} reads evidence via {slug}");
            let form = reqwest::multipart::Form::new().part(
                "berkas",
                reqwest::multipart::Part::bytes(b"%PDF-1.4\n% serangan\n".to_vec())
                    .file_name("serangan.pdf"),
            );
            let res = client
                .post(app.url(&format!("/t/{slug}/butir/{}/bukti", ids.item)))
                .header("accept", "application/json")
                .multipart(form)
                .send()
                .await
                .unwrap();
            assert!(
                matches!(res.status().as_u16(), 403 | 404),
                "{who} uploads via {slug}: {}",
                res.status()
            );
        }
    }
    // The mentor workspace of an office without a grant lists no pemda, and it cannot touch
    // another office's templates or anyone's comments there.
    let (status, body) = call(app, &stranger_mentor, "/api/mentor/antrean", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(!body.contains(SLUG), "{body}");
    let (status, body) = call(
        app,
        &stranger_mentor,
        "/api/mentor/templat",
        &fill(
            &[("office", "{office}"), ("text", "templat penyerang")],
            SLUG,
            &ids,
        ),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = call(app, &attacker, "/api/mentor/antrean", &[]).await;
    assert_eq!(status, 403, "a coordinator has no mentor workspace");
    // Someone else's comment: the tenant's own PIC cannot edit the coordinator's.
    let (status, body) = call(
        app,
        &pic,
        "/api/komentar/ubah",
        &fill(
            &[
                ("slug", "{slug}"),
                ("id", "{comment}"),
                ("revision", "1"),
                ("body", "x"),
            ],
            SLUG,
            &ids,
        ),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    // The live stream is the item page's: strangers get nothing, by either slug.
    for client in [&attacker, &stranger_mentor] {
        for slug in [SLUG, "kota-lain"] {
            let res = client
                .get(app.url(&format!("/t/{slug}/butir/{}/langsung", ids.item)))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 404);
        }
    }
    // Pages too: the tenant page is a 404 for strangers.
    let res = stranger_mentor
        .get(app.url("/t/kab-contoh/organisasi"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = attacker
        .get(app.url("/t/kab-contoh/organisasi/ekspor"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // A cycle's report files: by neither slug for another tenant's user or an ungranted mentor.
    for client in [&attacker, &stranger_mentor] {
        for slug in [SLUG, "kota-lain"] {
            for ext in ["xlsx", "pdf"] {
                let res = client
                    .get(app.url(&format!("/t/{slug}/siklus/{}/laporan.{ext}", ids.cycle)))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 404, "report .{ext} via {slug}");
            }
        }
    }
    // A survey period's files: by neither slug for another tenant's user or an ungranted mentor.
    for client in [&attacker, &stranger_mentor] {
        for slug in [SLUG, "kota-lain"] {
            for file in ["laporan.xlsx", "tanggapan.xlsx", "kode.csv"] {
                let res = client
                    .get(app.url(&format!("/t/{slug}/skm/{}/{file}", ids.skm)))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 404, "survey {file} via {slug}");
            }
        }
    }
    // The codes are for whoever runs the survey, not for a viewer.
    let res = viewer
        .get(app.url(&format!("/t/{SLUG}/skm/{}/kode.csv", ids.skm)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // The instrument files are the operator's.
    for client in [&attacker, &mentor, &viewer] {
        let res = client
            .get(app.url(&format!(
                "/admin/instrumen/{}/ekspor?format=yaml",
                ids.draft
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
    }

    let after = snapshot(app).await;
    // Sign-ins above add audit entries; nothing else may change.
    let mut before_no_audit = before.clone();
    let mut after_no_audit = after.clone();
    before_no_audit.remove("audit_log");
    after_no_audit.remove("audit_log");
    assert_eq!(
        before_no_audit, after_no_audit,
        "refused calls changed nothing"
    );
}

on_both_databases! {
    nobody_reaches_another_tenant,
}
