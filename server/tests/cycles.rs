//! Evaluation cycles as the coordinator and the OPD staff use them, on SQLite and PostgreSQL:
//! a cycle on the Ombudsman built-in, assignment, answering with stale edits refused,
//! submitting (complete only, once), reopening, and the board's projected score.

mod support;

use serde_json::Value;
use support::client::{new_cycle, Client};
use support::TestApp;

const SLUG: &str = "kab-contoh";
const COORDINATOR: &str = "koordinator@kab-contoh.test";
const PIC: &str = "pic.disdukcapil@kab-contoh.test";
const HEAD: &str = "kepala.disdukcapil@kab-contoh.test";
const VIEWER: &str = "sekda@kab-contoh.test";

async fn board(client: &Client, id: &str) -> Value {
    let (status, b) = client
        .call("/api/siklus/papan", &[("slug", SLUG), ("id", id)])
        .await;
    assert_eq!(status, 200, "{b}");
    b
}

async fn a_cycle_runs_from_assignment_to_submission(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let id = new_cycle(&coordinator).await;

    // The board: every item unassigned, no answers, a pemda projection from the lokus units.
    let b = board(&coordinator, &id).await;
    assert_eq!(b["cycle"]["status"], "Draft");
    assert_eq!(
        b["queries"], 8,
        "the board reads in a fixed number of queries"
    );
    let total: u64 = b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["total"]["total"].as_u64().unwrap())
        .sum();
    assert_eq!(b["unassigned"].as_u64().unwrap(), total);
    assert_eq!(
        b["sections"].as_array().unwrap().len(),
        4,
        "four dimensions"
    );
    let dukcapil = b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["opd"].as_str().unwrap().contains("Kependudukan"))
        .expect("Disdukcapil has a lokus unit")
        .clone();
    let opd_id = dukcapil["opd_id"].as_str().unwrap().to_owned();
    let package_id = dukcapil["package_id"].as_str().unwrap().to_owned();
    assert_eq!(dukcapil["package_status"], "Draft");

    // Assign Disdukcapil's items to its PIC, due at the deadline.
    let (_, options) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", &id)])
        .await;
    let pic_id = support::client::demo_pic_id(&options);
    let (status, n) = coordinator
        .call(
            "/api/siklus/tugaskan",
            &[
                ("slug", SLUG),
                ("id", &id),
                ("opd_id", &opd_id),
                ("pic", &pic_id),
                ("due_on", "2026-06-15"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{n}");
    let items = dukcapil["total"]["total"].as_u64().unwrap();
    assert_eq!(n.as_u64().unwrap(), items);
    let b = board(&coordinator, &id).await;
    assert_eq!(b["unassigned"].as_u64().unwrap(), total - items);

    // Nothing can be answered before the cycle starts.
    let pic = Client::new(app, PIC).await;
    let (_, tasks) = pic.call("/api/tugas/saya", &[("slug", SLUG)]).await;
    assert_eq!(
        tasks.as_array().unwrap().len(),
        0,
        "draft cycles have no tasks"
    );
    let revision = b["cycle"]["revision"].to_string();
    let (status, body) = coordinator
        .call(
            "/api/siklus/status",
            &[
                ("slug", SLUG),
                ("id", &id),
                ("status", "Active"),
                ("revision", &revision),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");

    // The PIC's tasks, by due date.
    let (_, tasks) = pic.call("/api/tugas/saya", &[("slug", SLUG)]).await;
    let tasks = tasks.as_array().unwrap().clone();
    assert_eq!(tasks.len() as u64, items);
    assert!(tasks.iter().all(|t| t["due_on"] == "2026-06-15"));
    let first = tasks[0]["id"].as_str().unwrap().to_owned();
    let (status, item) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", &first)])
        .await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(item["can_edit"], true);
    let revision = item["revision"].to_string();

    // An answer that is not one of the levels is refused; a good one saves.
    let (status, err) = pic
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", &revision),
                ("answer", "7"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "answer");
    let (status, new_revision) = pic
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", &revision),
                ("answer", "3"),
                ("notes", "Maklumat terpajang di ruang tunggu"),
                ("ready", "on"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{new_revision}");

    // The OPD head edits from the page loaded before: refused, naming who changed it.
    let head = Client::new(app, HEAD).await;
    let (status, err) = head
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", &revision),
                ("answer", "1"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["ChangedBy"]["by"], "Dewi Lestari");
    let (_, item) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", &first)])
        .await;
    assert_eq!(item["answer"]["level"], 3, "the first save stands");
    assert!(item["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "answer.saved" && e["actor"] == "Dewi Lestari"));

    // A viewer cannot answer.
    let viewer = Client::new(app, VIEWER).await;
    let (status, _) = viewer
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", "2"),
                ("answer", "1"),
            ],
        )
        .await;
    assert_eq!(status, 403);

    // Submitting with unanswered items lists them and changes nothing.
    let (status, err) = pic
        .call("/api/paket/kirim", &[("slug", SLUG), ("id", &package_id)])
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(
        err["Incomplete"]["missing"].as_array().unwrap().len() as u64,
        items - 1
    );
    for t in &tasks[1..] {
        let id = t["id"].as_str().unwrap();
        let (status, body) = pic
            .call(
                "/api/butir/simpan",
                &[
                    ("slug", SLUG),
                    ("id", id),
                    ("revision", "2"),
                    ("answer", "2"),
                ],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    // Submitted twice (a double click): one transition.
    for _ in 0..2 {
        let (status, body) = pic
            .call("/api/paket/kirim", &[("slug", SLUG), ("id", &package_id)])
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, package) = pic
        .call("/api/paket", &[("slug", SLUG), ("id", &package_id)])
        .await;
    assert_eq!(package["status"], "Submitted");
    let submissions = package["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"] == "submitted")
        .count();
    assert_eq!(submissions, 1);
    // Locked now.
    let (status, err) = pic
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", &new_revision.to_string()),
                ("answer", "1"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err, Value::String("Locked".into()));
    // Only the coordinator reopens, and only with a reason.
    let (status, _) = pic
        .call(
            "/api/paket/buka",
            &[("slug", SLUG), ("id", &package_id), ("note", "x")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = coordinator
        .call(
            "/api/paket/buka",
            &[("slug", SLUG), ("id", &package_id), ("note", " ")],
        )
        .await;
    assert_eq!(status, 422);
    let (status, body) = coordinator
        .call(
            "/api/paket/buka",
            &[
                ("slug", SLUG),
                ("id", &package_id),
                ("note", "Bukti maklumat belum lengkap"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, package) = pic
        .call("/api/paket", &[("slug", SLUG), ("id", &package_id)])
        .await;
    assert_eq!(package["status"], "InProgress");
    assert!(package["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["note"] == "Bukti maklumat belum lengkap"));

    // The board: Disdukcapil complete, its unit projected; pages render without JavaScript.
    let b = board(&coordinator, &id).await;
    let row = b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["opd_id"] == opd_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["total"]["answered"], row["total"]["total"]);
    let unit = b["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["answered"].as_u64().unwrap() == items)
        .expect("the Disdukcapil unit is fully answered")
        .clone();
    let projected = unit["projection"]["value"].as_f64().unwrap();
    assert!(
        projected > 66.0 && projected < 70.0,
        "one 3 and the rest 2 of 3: {projected}"
    );
    assert_eq!(unit["projection"]["band"]["code"], "C");
    assert!(b["pemda"]["value"].as_f64().is_some());
    let (status, page) = coordinator.page(&format!("/t/{SLUG}/siklus/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Kemajuan per OPD dan bagian"), "{page}");
    assert!(page.contains("Kurang"), "gap to the next band: {page}");
    let (status, page) = pic.page(&format!("/t/{SLUG}/tugas")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Tugas saya"));
    let (status, page) = pic.page(&format!("/t/{SLUG}/butir/{first}")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Maklumat terpajang di ruang tunggu"),
        "{page}"
    );
}

async fn bad_cycle_input_is_refused_clearly(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (_, options) = coordinator
        .call("/api/siklus/pilihan", &[("slug", SLUG)])
        .await;
    let version = options["versions"][0][0].as_str().unwrap().to_owned();
    let unit = options["units"][0]["id"].as_str().unwrap().to_owned();
    let base = |deadline: &'static str, unit: String| {
        vec![
            ("slug".to_owned(), SLUG.to_owned()),
            ("name".to_owned(), "Siklus".to_owned()),
            ("version_id".to_owned(), version.clone()),
            ("starts_on".to_owned(), "2026-01-01".to_owned()),
            ("ends_on".to_owned(), "2026-12-31".to_owned()),
            ("self_deadline".to_owned(), deadline.to_owned()),
            ("units[0]".to_owned(), unit),
        ]
    };
    let call = |form: Vec<(String, String)>| {
        let c = &coordinator;
        async move {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            c.call("/api/siklus/baru", &form).await
        }
    };
    let (status, err) = call(base("2027-02-01", unit.clone())).await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "self_deadline");
    let (status, err) = call(base("bukan tanggal", unit.clone())).await;
    assert_eq!(status, 422, "{err}");
    // A unit id that is not this pemda's: not found, nothing created.
    let (status, _) = call(base("2026-06-30", uuid::Uuid::now_v7().to_string())).await;
    assert_eq!(status, 404);
    let (_, list) = coordinator
        .call("/api/siklus/daftar", &[("slug", SLUG)])
        .await;
    assert_eq!(list[0].as_array().unwrap().len(), 0, "nothing was created");
    // Only coordinators create cycles.
    let pic = Client::new(app, PIC).await;
    let (status, _) = pic.call("/api/siklus/pilihan", &[("slug", SLUG)]).await;
    assert_eq!(status, 403);
}

async fn reminders_go_out_at_most_once_a_day(app: &TestApp) {
    use app::server::entities::outbox;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let coordinator = Client::new(app, COORDINATOR).await;
    let id = new_cycle(&coordinator).await;
    let (_, options) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", &id)])
        .await;
    let pic_id = support::client::demo_pic_id(&options);
    let unit = options["units"][0][0].as_str().unwrap().to_owned();
    let (status, body) = coordinator
        .call(
            "/api/siklus/tugaskan",
            &[
                ("slug", SLUG),
                ("id", &id),
                ("unit_id", &unit),
                ("pic", &pic_id),
                ("due_on", "2026-06-10"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let db = app.db().await;
    // `h`:00 on 2026-06-`d` on the pemda's own clock.
    let day_at = |d, h| {
        app::server::clock::instant(
            support::client::demo_zone(),
            chrono::NaiveDate::from_ymd_opt(2026, 6, d).unwrap(),
            chrono::NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
        )
    };
    let day = |d| day_at(d, 9);
    let to_pic = || {
        outbox::Entity::find()
            .filter(outbox::Column::ToEmail.eq(PIC))
            .count(&db)
    };
    // A draft cycle reminds nobody.
    assert_eq!(
        app::server::reminders::send_due(&db, "http://patuh.test", day(8))
            .await
            .unwrap(),
        0
    );
    let (_, b) = coordinator
        .call("/api/siklus/papan", &[("slug", SLUG), ("id", &id)])
        .await;
    let revision = b["cycle"]["revision"].to_string();
    coordinator
        .call(
            "/api/siklus/status",
            &[
                ("slug", SLUG),
                ("id", &id),
                ("status", "Active"),
                ("revision", &revision),
            ],
        )
        .await;
    // Too early: nothing. Two days before: one reminder, however often the job runs.
    assert_eq!(
        app::server::reminders::send_due(&db, "http://patuh.test", day(1))
            .await
            .unwrap(),
        0
    );
    for _ in 0..3 {
        app::server::reminders::send_due(&db, "http://patuh.test", day(8))
            .await
            .unwrap();
    }
    assert_eq!(to_pic().await.unwrap(), 1);
    let mail = outbox::Entity::find()
        .filter(outbox::Column::ToEmail.eq(PIC))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(mail.subject.contains("Pengingat"), "{}", mail.subject);
    assert!(
        mail.body_text
            .contains("http://patuh.test/t/kab-contoh/tugas"),
        "{}",
        mail.body_text
    );
    assert!(
        mail.body_text.contains("tenggat 10 Juni 2026"),
        "{}",
        mail.body_text
    );
    // Reminders wait for 07:00 on the pemda's clock.
    assert_eq!(
        app::server::reminders::send_due(&db, "http://patuh.test", day_at(11, 6))
            .await
            .unwrap(),
        0
    );
    // The next day (overdue now): one more.
    assert_eq!(
        app::server::reminders::send_due(&db, "http://patuh.test", day(11))
            .await
            .unwrap(),
        1
    );
    assert_eq!(to_pic().await.unwrap(), 2);
    assert!(outbox::Entity::find()
        .filter(outbox::Column::ToEmail.eq(PIC))
        .all(&db)
        .await
        .unwrap()
        .iter()
        .any(|m| m.body_text.contains("lewat tenggat")));
    // In the app: the PIC's task list says what is overdue.
    let pic = Client::new(app, PIC).await;
    let (_, page) = pic.page(&format!("/t/{SLUG}/tugas")).await;
    assert!(page.contains("lewat tenggat"), "{page}");
}

async fn a_new_cycle_can_start_from_the_previous_one(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let first = new_cycle(&coordinator).await;
    let (_, options) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", &first)])
        .await;
    let pic_id = support::client::demo_pic_id(&options);
    coordinator
        .call(
            "/api/siklus/tugaskan",
            &[("slug", SLUG), ("id", &first), ("pic", &pic_id)],
        )
        .await;
    let (_, b) = coordinator
        .call("/api/siklus/papan", &[("slug", SLUG), ("id", &first)])
        .await;
    let revision = b["cycle"]["revision"].to_string();
    coordinator
        .call(
            "/api/siklus/status",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("status", "Active"),
                ("revision", &revision),
            ],
        )
        .await;
    let pic = Client::new(app, PIC).await;
    let (_, tasks) = pic.call("/api/tugas/saya", &[("slug", SLUG)]).await;
    let item = tasks[0]["id"].as_str().unwrap().to_owned();
    let (status, _) = pic
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", &item),
                ("revision", "2"),
                ("answer", "3"),
                ("ready", "on"),
            ],
        )
        .await;
    assert_eq!(status, 200);

    let (_, options) = coordinator
        .call("/api/siklus/pilihan", &[("slug", SLUG)])
        .await;
    let version = b["cycle"]["instrument"].as_str().unwrap();
    let version_id = options["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v[1] == version)
        .unwrap()[0]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, second) = coordinator
        .call(
            "/api/siklus/baru",
            &[
                ("slug", SLUG),
                ("name", "Penilaian Kepatuhan 2027"),
                ("version_id", &version_id),
                ("starts_on", "2027-01-01"),
                ("ends_on", "2027-12-31"),
                ("self_deadline", "2027-06-30"),
                ("copy_from", &first),
            ],
        )
        .await;
    assert_eq!(status, 200, "{second}");
    let (_, b2) = coordinator
        .call(
            "/api/siklus/papan",
            &[("slug", SLUG), ("id", second.as_str().unwrap())],
        )
        .await;
    assert_eq!(
        b2["units"].as_array().unwrap().len(),
        b["units"].as_array().unwrap().len(),
        "same scope"
    );
    assert_eq!(b2["unassigned"], 0, "same PICs");
    let answered: u64 = b2["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["answered"].as_u64().unwrap())
        .sum();
    assert_eq!(
        answered, 1,
        "the earlier answer is offered as a starting point"
    );
    let (_, list) = coordinator
        .call("/api/siklus/daftar", &[("slug", SLUG)])
        .await;
    assert_eq!(list[0].as_array().unwrap().len(), 2);

    // Settings: the deadline moves, and the items due at it move along; a stale form is refused.
    let second = second.as_str().unwrap();
    let form = |revision: &'static str| {
        vec![
            ("slug", SLUG),
            ("id", second),
            ("revision", revision),
            ("name", "Penilaian Kepatuhan 2027 (revisi)"),
            ("starts_on", "2027-01-01"),
            ("ends_on", "2027-12-31"),
            ("self_deadline", "2027-07-31"),
        ]
    };
    let (status, body) = coordinator.call("/api/siklus/ubah", &form("1")).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = coordinator.call("/api/siklus/ubah", &form("1")).await;
    assert_eq!(status, 409, "a stale settings form is refused");
    let (_, b3) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", second)])
        .await;
    assert_eq!(b3["cycle"]["self_deadline"], "2027-07-31");
    assert_eq!(b3["cycle"]["name"], "Penilaian Kepatuhan 2027 (revisi)");
}

/// Queries the board takes, counted by the database driver's metric hook.
async fn board_queries(app: &TestApp, cycle: &str) -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let mut db = app.db().await;
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let state = app::server::state::AppState {
        db,
        settings: Default::default(),
        storage: app::server::storage::Storage::local(
            &std::env::temp_dir().join("patuh-test-files"),
        )
        .unwrap(),
        live: Default::default(),
    };
    let coordinator = {
        use app::server::entities::user;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        user::Entity::find()
            .filter(user::Column::Email.eq(COORDINATOR))
            .one(&state.db)
            .await
            .unwrap()
            .unwrap()
    };
    let scope = app::server::scope::tenant_scope(&state, &coordinator, SLUG)
        .await
        .unwrap();
    count.store(0, Ordering::SeqCst);
    let board = app::server::cycles::board(&state, &scope, cycle.parse().unwrap())
        .await
        .unwrap();
    let n = count.load(Ordering::SeqCst);
    assert_eq!(
        board.queries, n,
        "the board page shows the count it really takes"
    );
    println!(
        "board of {} OPD rows × {} units: {n} queries",
        board.rows.len(),
        board.units.len()
    );
    n
}

async fn the_board_reads_in_a_fixed_number_of_queries(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let small = new_cycle(&coordinator).await;
    let before = board_queries(app, &small).await;
    // Ten more OPDs with a lokus unit each, then a cycle over all lokus units.
    let mut csv = String::from("kode_opd,nama_opd,kode_unit,nama_unit,lokus\n");
    for n in 1..=10 {
        csv.push_str(&format!(
            "OPD{n:02},Dinas Uji {n},UNIT{n:02},Unit Uji {n},ya\n"
        ));
    }
    let form = reqwest::multipart::Form::new().text("slug", SLUG).part(
        "berkas",
        reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("opd.csv"),
    );
    let res = coordinator
        .client
        .post(format!("{}/api/organisasi/impor", coordinator.base))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let large = new_cycle(&coordinator).await;
    let after = board_queries(app, &large).await;
    assert_eq!(
        before, after,
        "the query count does not grow with the pemda"
    );
    assert!(after <= 8, "{after} queries");
}

on_both_databases! {
    the_board_reads_in_a_fixed_number_of_queries,
    a_new_cycle_can_start_from_the_previous_one,
    a_cycle_runs_from_assignment_to_submission,
    bad_cycle_input_is_refused_clearly,
    reminders_go_out_at_most_once_a_day,
}
