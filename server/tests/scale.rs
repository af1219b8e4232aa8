//! `patuh demo seed --scale pemda` against a running server, on SQLite and PostgreSQL: the
//! generated pemda is what its coordinator, its PIC and the province's Ombudsman mentor find
//! when they sign in, its documents download, and running the command again adds nothing.

mod support;

use app::server::scale::{self, Scale};
use sea_orm::{ConnectionTrait, Statement};
use sha2::Digest;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::client::Client;
use support::{Backend, TestApp};

/// Runs `patuh demo seed --scale pemda` on the server's database and file store.
fn seed_pemda(app: &TestApp) -> (Output, Duration) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_patuh"));
    command
        .args(["demo", "seed", "--scale", "pemda"])
        .env_remove("PATUH_CONFIG")
        .env("PATUH_DATA_DIR", &app.config.data_dir)
        .env("PATUH_LOG", "warn");
    match app.backend {
        Backend::Postgres => command.env("PATUH_DATABASE_URL", app.config.database_url()),
        Backend::Sqlite => command.env_remove("PATUH_DATABASE_URL"),
    };
    let started = Instant::now();
    let out = command.output().expect("the binary runs");
    (out, started.elapsed())
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Rows in the tables the generator writes.
async fn counts(app: &TestApp) -> Vec<(&'static str, i64)> {
    let db = app.db().await;
    let mut out = Vec::new();
    for table in [
        "tenants",
        "users",
        "memberships",
        "opds",
        "units",
        "mentor_offices",
        "office_grants",
        "instrument_versions",
        "cycles",
        "assignments",
        "work_packages",
        "evidence",
        "evidence_revisions",
        "reviews",
        "comments",
        "notifications",
        "cycle_events",
        "audit_log",
    ] {
        let n = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap();
        out.push((table, n));
    }
    out
}

async fn a_generated_pemda_is_whole_and_a_second_run_adds_nothing(app: &TestApp) {
    let pemda = scale::tenants(Scale::Pemda).remove(0);
    let slug = pemda.slug.as_str();
    let (out, _) = seed_pemda(app);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("1 pemda created"), "{said}");
    assert!(said.contains(&scale::coordinator_email(slug)), "{said}");

    // The coordinator finds this year's active cycle, every lokus OPD on the board with most
    // items answered, packages in several states and a projected score.
    let coordinator = Client::new(app, &scale::coordinator_email(slug)).await;
    let (status, cycles) = coordinator
        .call("/api/siklus/daftar", &[("slug", slug)])
        .await;
    assert_eq!(status, 200, "{cycles}");
    let cycle = &cycles[0][0];
    assert_eq!(cycle["status"], "Active");
    assert_eq!(cycle["instrument"], "ombudsman-kepatuhan@2023-3produk");
    let cycle_id = cycle["id"].as_str().unwrap().to_owned();
    let (status, board) = coordinator
        .call("/api/siklus/papan", &[("slug", slug), ("id", &cycle_id)])
        .await;
    assert_eq!(status, 200, "{board}");
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5, "{board}");
    let total: u64 = rows
        .iter()
        .map(|r| r["total"]["total"].as_u64().unwrap())
        .sum();
    let answered: u64 = rows
        .iter()
        .map(|r| r["total"]["answered"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 5 * 60);
    assert!(answered > total * 3 / 4 && answered < total, "{answered}");
    assert_eq!(board["unassigned"], 0);
    let states: std::collections::HashSet<&str> = rows
        .iter()
        .filter_map(|r| r["package_status"].as_str())
        .collect();
    assert!(states.len() >= 3, "{states:?}");
    assert!(states.contains("Submitted") && states.contains("RevisionRequested"));
    assert!(board["pemda"]["value"].as_f64().unwrap() > 0.0, "{board}");
    let (status, page) = coordinator
        .page(&format!("/t/{slug}/siklus/{cycle_id}"))
        .await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Dinas Kependudukan dan Pencatatan Sipil"),
        "{page}"
    );

    // The Disdukcapil PIC has all the unit's items; an answered one shows its answer, its
    // history and three documents that download as what was stored.
    let pic = Client::new(app, &scale::staff_email(slug, "DUKCAPIL")).await;
    let (status, tasks) = pic.call("/api/tugas/saya", &[("slug", slug)]).await;
    assert_eq!(status, 200, "{tasks}");
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 60);
    let task = tasks.iter().find(|t| t["answered"] == true).unwrap();
    let item = task["id"].as_str().unwrap();
    let (status, it) = pic
        .call("/api/butir", &[("slug", slug), ("id", item)])
        .await;
    assert_eq!(status, 200, "{it}");
    assert!(it["answer"].is_object(), "{it}");
    let kinds: Vec<&str> = it["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"answer.saved") && kinds.contains(&"evidence.added"));
    let (status, ev) = pic
        .call("/api/bukti", &[("slug", slug), ("item", item)])
        .await;
    assert_eq!(status, 200, "{ev}");
    let documents = ev["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 3, "{ev}");
    for doc in documents {
        let rev = &doc["revisions"][0];
        let res = pic
            .client
            .get(format!("{}{}", pic.base, rev["href"].as_str().unwrap()))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let expected = match rev["file_kind"].as_str().unwrap() {
            "Pdf" => "application/pdf",
            "Png" => "image/png",
            other => panic!("unexpected kind {other}"),
        };
        assert_eq!(res.headers()["content-type"], expected);
        let bytes = res.bytes().await.unwrap();
        assert_eq!(rev["size"], bytes.len());
        assert_eq!(rev["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));
    }
    let title = documents[0]["title"].as_str().unwrap();
    let (status, page) = pic.page(&format!("/t/{slug}/butir/{item}")).await;
    assert_eq!(status, 200);
    assert!(page.contains(task["code"].as_str().unwrap()), "{page}");
    assert!(page.contains(title), "{title}: {page}");

    // The Jawa Tengah mentor works the queue of this pemda.
    let mentor = Client::new(app, &scale::mentor_email(pemda.province)).await;
    let (status, w) = mentor
        .call("/api/mentor/antrean", &[("tenant", slug)])
        .await;
    assert_eq!(status, 200, "{w}");
    let tenant = w["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == slug)
        .expect("the pemda granted the province's office")
        .clone();
    assert!(tenant["waiting"].as_u64().unwrap() > 0, "{tenant}");
    assert!(tenant["revision"].as_u64().unwrap() > 0, "{tenant}");
    let queued = w["rows"][0]["item"].as_str().unwrap().to_owned();
    let (status, r) = mentor
        .call("/api/tinjau", &[("slug", slug), ("item", &queued)])
        .await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["can_review"], true, "{r}");
    // The demo's mentor sees none of it.
    let demo_mentor = Client::new(app, "mentor@ombudsman-contoh.test").await;
    let (_, w) = demo_mentor.call("/api/mentor/antrean", &[]).await;
    assert!(w["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["slug"] != slug));

    // Again: everything is there already, so nothing is added, quickly.
    let before = counts(app).await;
    let (out, took) = seed_pemda(app);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("0 pemda created, 1 already there"), "{said}");
    assert_eq!(counts(app).await, before);
    assert!(took < Duration::from_secs(30), "{took:?}");
}

on_both_databases!(a_generated_pemda_is_whole_and_a_second_run_adds_nothing);
