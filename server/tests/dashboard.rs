//! Dashboards, rankings and reports on the demo pemda's history, on SQLite and PostgreSQL: the
//! standing with gap and ranked actions, progress, OPD ranking and trend; official results;
//! the leadership summary; the mentor's regional overview; the XLSX and PDF reports read back.

mod support;

use serde_json::Value;
use support::client::{Client, COORDINATOR, SLUG};
use support::{Backend, TestApp};

const MENTOR: &str = "mentor@ombudsman-contoh.test";
const VIEWER: &str = "sekda@kab-contoh.test";

async fn app(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(backend, |c| c.demo_cycles = true).await
}

#[tokio::test]
async fn sqlite_dashboard_and_reports() {
    dashboard_and_reports(&app(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test]
async fn postgres_dashboard_and_reports() {
    match app(Backend::Postgres).await {
        Some(app) => dashboard_and_reports(&app).await,
        None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run"),
    }
}

/// The demo's two cycles: (this year's, last year's) ids.
async fn demo_cycles(coordinator: &Client) -> (String, String) {
    let (status, list) = coordinator
        .call("/api/siklus/daftar", &[("slug", SLUG)])
        .await;
    assert_eq!(status, 200, "{list}");
    let rows = list[0].as_array().unwrap();
    let find = |state: &str| {
        rows.iter()
            .find(|c| c["status"] == state)
            .unwrap_or_else(|| panic!("a {state} demo cycle in {list}"))["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    (find("Active"), find("Closed"))
}

async fn dashboard(client: &Client, id: &str) -> Value {
    let (status, d) = client
        .call("/api/dasbor", &[("slug", SLUG), ("id", id)])
        .await;
    assert_eq!(status, 200, "{d}");
    d
}

async fn dashboard_and_reports(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (current, last_year) = demo_cycles(&coordinator).await;
    let d = dashboard(&coordinator, &current).await;

    // Where the pemda stands: a projected score with its band, the verified one next to it,
    // and the gap to the next band with actions ranked by what they gain.
    let pemda = &d["pemda"];
    let value = pemda["value"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&value), "{pemda}");
    assert!(pemda["band"]["code"].is_string(), "{pemda}");
    assert!(
        d["pemda_verified"]["value"].is_number(),
        "a mentor verified some answers"
    );
    let actions = pemda["improvements"].as_array().unwrap();
    assert!(!actions.is_empty() && actions.len() <= 10);
    let gains: Vec<f64> = actions
        .iter()
        .map(|a| a["gain_best"].as_f64().unwrap())
        .collect();
    assert!(
        gains.windows(2).all(|w| w[0] + 1e-9 >= w[1]),
        "best first: {gains:?}"
    );
    if let Some(next) = pemda["next_band"]["lower"].as_f64() {
        let needed = pemda["points_needed"].as_f64().unwrap();
        assert!((value + needed - next).abs() < 0.011, "{pemda}");
    }

    // Progress: Disdukcapil answered and accepted everything, the education office is late.
    let p = &d["progress"];
    assert_eq!(p["total"], 6 * 36, "{p}");
    assert!(p["answered"].as_u64().unwrap() < 216);
    assert_eq!(p["accepted"], 36, "{p}");
    assert!(p["overdue"].as_u64().unwrap() > 0, "{p}");
    let overdue = d["overdue"].as_array().unwrap();
    assert!(!overdue.is_empty() && overdue.len() <= 20);
    assert!(overdue
        .iter()
        .all(|o| o["unit"].as_str().unwrap().contains("Pendidikan")));
    // Dimensions carry the instrument's weights.
    let dims = d["dimensions"].as_array().unwrap();
    assert_eq!(dims.len(), 4, "{dims:?}");
    let weights: f64 = dims.iter().map(|x| x["weight"].as_f64().unwrap()).sum();
    assert!((weights - 100.0).abs() < 0.01);
    // The OPD ranking starts at 1 and is ordered by score.
    let opds = d["opds"].as_array().unwrap();
    assert_eq!(opds[0]["rank"], 1);
    let scores: Vec<f64> = opds.iter().filter_map(|o| o["value"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // The trend: last year (closed, with its official result) then this year.
    let trend = d["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 2, "{trend:?}");
    assert_eq!(trend[0]["cycle_id"], last_year.as_str());
    let official_last_year = trend[0]["official"].as_f64().unwrap();
    assert_eq!(trend[1]["current"], true);
    assert_eq!(d["previous"][1].as_f64().unwrap(), official_last_year);
    assert_eq!(d["queries"], 13);
    assert_eq!(
        real_queries(app, &current).await,
        13,
        "the count shown is the count taken"
    );

    // The page shows it without JavaScript: charts as SVG with their tables.
    let (status, page) = coordinator
        .page(&format!("/t/{SLUG}/siklus/{current}/dasbor"))
        .await;
    assert_eq!(status, 200);
    for text in [
        "Posisi pemda",
        "<svg",
        "Lihat data sebagai tabel",
        "Peringkat OPD",
        "Tren tahun ke tahun",
        "Catat hasil resmi",
    ] {
        assert!(page.contains(text), "dashboard page shows {text}");
    }
    // Leadership: the summary, without the coordinator's form.
    let viewer = Client::new(app, VIEWER).await;
    let (status, page) = viewer
        .page(&format!("/t/{SLUG}/siklus/{current}/ringkasan"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("Ringkasan untuk pimpinan"));
    assert!(page.contains("Lima langkah teratas"));
    assert!(
        page.contains("Dibanding Penilaian Kepatuhan"),
        "change from last year"
    );
    let viewed = dashboard(&viewer, &current).await;
    assert_eq!(viewed["can_record"], false);

    // Official results: recorded as published (decimal comma), shown against the projection.
    let units = d["units"].as_array().unwrap();
    let unit = units[0]["unit_id"].as_str().unwrap();
    let record = |pemda: &'static str, unit_value: &'static str| {
        let coordinator = &coordinator;
        let current = current.clone();
        let unit = unit.to_owned();
        async move {
            coordinator
                .call(
                    "/api/dasbor/hasil-resmi",
                    &[
                        ("slug", SLUG),
                        ("id", &current),
                        ("pemda", pemda),
                        ("unit_ids[0]", &unit),
                        ("unit_values[0]", unit_value),
                    ],
                )
                .await
        }
    };
    let (status, body) = record("abc", "80").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Field"]["field"], "pemda", "{body}");
    let (status, body) = record("88,23", "100,5").await;
    assert_eq!(status, 422, "beyond the scale");
    assert_eq!(body["Field"]["field"], "unit_values", "{body}");
    let (status, body) = record("88,23", "91,07").await;
    assert_eq!(status, 200, "{body}");
    let d = dashboard(&coordinator, &current).await;
    assert_eq!(d["official"], 88.23);
    assert_eq!(d["official_band"]["code"], "A");
    let with_official = d["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_id"] == unit)
        .unwrap();
    assert_eq!(with_official["official"], 91.07);
    let (status, _) = viewer
        .call(
            "/api/dasbor/hasil-resmi",
            &[("slug", SLUG), ("id", &current), ("pemda", "99")],
        )
        .await;
    assert_eq!(status, 403, "leadership reads, does not record");
    // Emptying the field removes the value again.
    let (status, _) = record("", "91,07").await;
    assert_eq!(status, 200);
    assert!(dashboard(&coordinator, &current).await["official"].is_null());

    // The mentor's overview: the demo pemda, ranked, with its backlog; tenant users are refused.
    let mentor = Client::new(app, MENTOR).await;
    let (status, r) = mentor.call("/api/mentor/ikhtisar", &[]).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["instrument"], "ombudsman-kepatuhan");
    let row = &r["rows"][0];
    assert_eq!(row["slug"], SLUG);
    assert_eq!(row["rank"], 1);
    assert_eq!(row["cycle_id"], current.as_str());
    assert!(row["projected"].is_number());
    let (status, _) = coordinator.call("/api/mentor/ikhtisar", &[]).await;
    assert_eq!(status, 403);
    let (status, page) = mentor.page("/mentor/ikhtisar?urut=antrean").await;
    assert_eq!(status, 200);
    assert!(page.contains("Kabupaten Contoh") && page.contains("<svg"));

    // The reports: files that open, with the figures and every comment.
    let xlsx = download(
        &coordinator,
        &format!("/t/{SLUG}/siklus/{current}/laporan.xlsx"),
        "spreadsheetml",
    )
    .await;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("the XLSX opens");
    let names = book.sheet_names();
    assert_eq!(names[0], "Ringkasan");
    assert!(names.iter().any(|n| n == "DUKCAPIL"), "{names:?}");
    use calamine::Reader;
    let summary = book.worksheet_range("Ringkasan").unwrap();
    let cells: Vec<String> = summary.cells().map(|(_, _, c)| c.to_string()).collect();
    assert!(cells.iter().any(|c| c == "Kabupaten Contoh"));
    let projected_cell = summary
        .rows()
        .find(|r| r[0] == "Proyeksi penilaian mandiri")
        .unwrap()[1]
        .clone();
    assert_eq!(projected_cell.to_string().parse::<f64>().unwrap(), value);
    let sheet = book.worksheet_range("DUKCAPIL").unwrap();
    assert_eq!(sheet.height(), 3 + 36, "title, blank, header, 36 items");
    let text: String = sheet
        .cells()
        .map(|(_, _, c)| c.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("sudah ditandatangani"),
        "comments are in the workbook"
    );
    assert!(text.contains("Diterima"));

    let pdf = download(
        &coordinator,
        &format!("/t/{SLUG}/siklus/{current}/laporan.pdf"),
        "application/pdf",
    )
    .await;
    let doc = lopdf::Document::load_mem(&pdf).expect("the PDF opens");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(pages.len() >= 3, "cover, summary, OPD parts");
    // Lines joined: a phrase may wrap at a line break.
    let all = doc
        .extract_text(&pages)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for text in [
        "LAPORAN PENILAIAN",
        "Kabupaten Contoh",
        "Ringkasan",
        "Loket Pelayanan Disdukcapil",
        "sudah ditandatangani",
    ] {
        assert!(all.contains(text), "the PDF shows {text}");
    }
    // Indonesian numbers in the PDF.
    assert!(
        all.contains(&format!("{value:.2}").replace('.', ",")),
        "decimal comma"
    );

    // Strangers get nothing; a cycle id that is not ours is not found.
    let res = app
        .anonymous()
        .get(app.url(&format!("/t/{SLUG}/siklus/{current}/laporan.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = coordinator
        .client
        .get(app.url(&format!(
            "/t/{SLUG}/siklus/{}/laporan.xlsx",
            uuid::Uuid::new_v4()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

async fn download(client: &Client, path: &str, content_type: &str) -> Vec<u8> {
    let res = client
        .client
        .get(format!("{}{path}", client.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.contains(content_type), "{ct}");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"laporan-penilaian-kepatuhan-"));
    res.bytes().await.unwrap().to_vec()
}

/// Queries the dashboard really takes, counted by the database driver's metric hook.
async fn real_queries(app: &TestApp, cycle: &str) -> usize {
    use app::server::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
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
    let coordinator = user::Entity::find()
        .filter(user::Column::Email.eq(COORDINATOR))
        .one(&state.db)
        .await
        .unwrap()
        .unwrap();
    let scope = app::server::scope::tenant_scope(&state, &coordinator, SLUG)
        .await
        .unwrap();
    count.store(0, Ordering::SeqCst);
    app::server::dashboard::dashboard(&state, &scope, cycle.parse().unwrap())
        .await
        .unwrap();
    count.load(Ordering::SeqCst)
}
