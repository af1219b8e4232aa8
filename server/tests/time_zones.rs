//! Each pemda's own clock: the demo pemda keeps WITA; times on its pages carry that label and
//! its wall-clock hour, a coordinator (not a PIC) can move it to WIT and every time follows,
//! a bad zone is refused with nothing changed, and overdue and due soon are decided by the
//! pemda's date.

mod support;

use chrono::{NaiveDateTime, Utc};
use serde_json::Value;
use support::client::{active_cycle_with_tasks, demo_today, Client, COORDINATOR, PIC, SLUG};
use support::TestApp;

/// The answer time of `item` as the server sends it: (local wall-clock time, zone label).
async fn answered_at(client: &Client, item: &str) -> (NaiveDateTime, String) {
    let (status, it) = client
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    assert_eq!(status, 200, "{it}");
    let stamp = &it["answered"][1];
    (
        stamp["local"].as_str().unwrap().parse().unwrap(),
        stamp["zone"].as_str().unwrap().to_owned(),
    )
}

/// Whether `local` is now on the wall clock of `zone` (give or take a slow test).
fn is_now_in(local: NaiveDateTime, zone: &str) -> bool {
    let tz = app::server::clock::parse(zone);
    let now = Utc::now().with_timezone(&tz).naive_local();
    (now - local).num_seconds().abs() < 120
}

async fn times_follow_the_pemdas_zone(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let item = &items[0];
    let pic = Client::new(app, PIC).await;
    let (_, it) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    let revision = it["revision"].to_string();
    let (status, saved) = pic
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", item),
                ("revision", &revision),
                ("answer", "3"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{saved}");

    // The demo pemda keeps Kalimantan Timur's clock.
    let coordinator = Client::new(app, COORDINATOR).await;
    let (_, info) = coordinator.call("/api/pemda/info", &[("slug", SLUG)]).await;
    assert_eq!(info["time_zone"], "Asia/Makassar");
    let (wita, label) = answered_at(&pic, item).await;
    assert_eq!(label, "WITA");
    assert!(is_now_in(wita, "Asia/Makassar"), "{wita}");
    let (_, page) = pic.page(&format!("/t/{SLUG}/butir/{item}")).await;
    assert!(page.contains("Terakhir diisi oleh"), "{page}");
    assert!(page.contains(" WITA."), "the answer time names its zone");
    assert!(!page.contains("UTC"), "no UTC on a pemda's page");
    let (_, org) = coordinator.page(&format!("/t/{SLUG}/organisasi")).await;
    assert!(org.contains("WITA — Waktu Indonesia Tengah"), "{org}");

    // A PIC may not move the clock; nor may anyone to a zone Indonesia does not keep.
    let (status, _) = pic
        .call(
            "/api/organisasi/zona-waktu",
            &[("slug", SLUG), ("time_zone", "Asia/Jayapura")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, err) = coordinator
        .call(
            "/api/organisasi/zona-waktu",
            &[("slug", SLUG), ("time_zone", "Europe/Berlin")],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "time_zone");
    assert_eq!(answered_at(&pic, item).await.1, "WITA", "nothing changed");

    // The coordinator moves it to WIT: the same moment reads an hour later, labelled WIT.
    let (status, body) = coordinator
        .call(
            "/api/organisasi/zona-waktu",
            &[("slug", SLUG), ("time_zone", "Asia/Jayapura")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (wit, label) = answered_at(&pic, item).await;
    assert_eq!(label, "WIT");
    assert_eq!((wit - wita).num_minutes(), 60);
    let (_, page) = pic.page(&format!("/t/{SLUG}/butir/{item}")).await;
    assert!(page.contains(" WIT."), "the page follows");
    let (_, history) = coordinator.page(&format!("/t/{SLUG}/audit")).await;
    assert!(
        history.contains("zona waktu Asia/Makassar → Asia/Jayapura"),
        "the change is in the audit log"
    );
}

async fn overdue_is_decided_by_the_pemdas_date(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (cycle, _) = active_cycle_with_tasks(app).await;
    let (_, options) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", &cycle)])
        .await;
    let pic_id = support::client::demo_pic_id(&options);
    let units: Vec<String> = options["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u[0].as_str().unwrap().to_owned())
        .collect();
    assert!(units.len() >= 2);
    // One unit's items were due yesterday on the pemda's calendar, another's are due today.
    let today = demo_today();
    for (unit, due) in [
        (&units[0], today - chrono::Days::new(1)),
        (&units[1], today),
    ] {
        let due = due.to_string();
        let (status, body) = coordinator
            .call(
                "/api/siklus/tugaskan",
                &[
                    ("slug", SLUG),
                    ("id", &cycle),
                    ("unit_id", unit),
                    ("pic", &pic_id),
                    ("due_on", &due),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let pic = Client::new(app, PIC).await;
    let (_, tasks) = pic.call("/api/tugas/saya", &[("slug", SLUG)]).await;
    let rows: Vec<&Value> = tasks.as_array().unwrap().iter().collect();
    let due = |d: chrono::NaiveDate| {
        let d = d.to_string();
        rows.iter()
            .filter(|r| r["due_on"].as_str() == Some(d.as_str()))
            .copied()
            .collect::<Vec<_>>()
    };
    let yesterday = due(today - chrono::Days::new(1));
    let due_today = due(today);
    assert!(!yesterday.is_empty() && !due_today.is_empty(), "{tasks}");
    assert!(yesterday.iter().all(|r| r["overdue"] == true), "{tasks}");
    assert!(
        due_today
            .iter()
            .all(|r| r["overdue"] == false && r["due_soon"] == true),
        "{tasks}"
    );
}

on_both_databases!(
    times_follow_the_pemdas_zone,
    overdue_is_decided_by_the_pemdas_date
);
