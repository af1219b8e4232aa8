//! SKM surveys end to end over HTTP, on SQLite and PostgreSQL: a coordinator opens a survey
//! period, a respondent answers the public form without signing in (double submits, honeypot,
//! duplicates, bad answers, a closed period), the index is computed exactly, paper responses
//! are imported all or nothing, one-time codes work once, the follow-up plan refuses stale
//! edits, and the results are published and exported.

mod support;

use serde_json::Value;
use support::client::{Client, COORDINATOR, SLUG};
use support::{Backend, TestApp};

/// Today in the demo pemda's own zone, as the server counts it.
fn today() -> chrono::NaiveDate {
    support::client::demo_today()
}

/// The hidden token of a rendered form.
fn token(html: &str) -> String {
    let at = html.find("name=\"token\" value=\"").expect("a token field") + 20;
    html[at..].split('"').next().unwrap().to_owned()
}

/// Opens a period on the Disdukcapil unit; returns (period id, public code).
async fn open_period(coordinator: &Client, require_code: bool) -> (String, String) {
    let (status, o) = coordinator.call("/api/skm/daftar", &[("slug", SLUG)]).await;
    assert_eq!(status, 200, "{o}");
    let unit = o["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["opd"].as_str().unwrap().contains("Kependudukan"))
        .unwrap_or(&o["units"][0])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let version = o["versions"][0][0].as_str().unwrap().to_owned();
    let starts = (today() - chrono::Duration::days(10)).to_string();
    let ends = (today() + chrono::Duration::days(20)).to_string();
    let mut form = vec![
        ("slug", SLUG),
        ("unit_id", unit.as_str()),
        ("version_id", version.as_str()),
        ("name", "SKM Uji Semester II"),
        ("starts_on", starts.as_str()),
        ("ends_on", ends.as_str()),
        ("population", "1.000"),
    ];
    if require_code {
        form.push(("require_code", "ya"));
    }
    let (status, id) = coordinator.call("/api/skm/periode-baru", &form).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_str().unwrap().to_owned();
    let (status, d) = coordinator
        .call("/api/skm/periode", &[("slug", SLUG), ("id", &id)])
        .await;
    assert_eq!(status, 200, "{d}");
    (id, d["row"]["code"].as_str().unwrap().to_owned())
}

async fn detail(coordinator: &Client, id: &str) -> Value {
    let (status, d) = coordinator
        .call("/api/skm/periode", &[("slug", SLUG), ("id", id)])
        .await;
    assert_eq!(status, 200, "{d}");
    d
}

/// Posts the public form like a browser without JavaScript.
async fn post_form(app: &TestApp, code: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = app
        .anonymous()
        .post(app.url(&format!("/s/{code}")))
        .form(fields)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    let body = res.text().await.unwrap();
    (status, location.unwrap_or(body))
}

fn answers<'a>(token: &'a str, values: &'a [&'a str; 9]) -> Vec<(&'static str, &'a str)> {
    const NAMES: [&str; 9] = ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"];
    let mut form: Vec<(&str, &str)> = NAMES.iter().copied().zip(values.iter().copied()).collect();
    form.push(("token", token));
    form
}

async fn survey_flow(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (id, code) = open_period(&coordinator, false).await;
    let d = detail(&coordinator, &id).await;
    assert_eq!(d["row"]["minimum"], 278, "Krejcie–Morgan for 1 000 users");
    assert_eq!(d["row"]["state"], "Open");
    assert!(d["form_url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/s/{code}")));

    // The public form: no sign-in, the nine unsur with the regulation's labels, no script.
    let res = app
        .anonymous()
        .get(app.url(&format!("/s/{code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("Survei Kepuasan Masyarakat"));
    assert!(html.contains("Persyaratan") && html.contains("Sangat sesuai"));
    assert!(html.contains("Gratis"), "U4's own labels");
    assert!(
        !html.contains("<script"),
        "the public form carries no JavaScript"
    );
    assert!(html.len() < 40_000, "light page: {} bytes", html.len());
    let t1 = token(&html);

    // A respondent answers: thanked, counted once even when the form is sent twice.
    let mut form = answers(&t1, &["4", "4", "3", "4", "3", "4", "4", "2", "3"]);
    form.extend([
        ("umur", "41"),
        ("jenis_kelamin", "P"),
        ("pendidikan", "S1"),
        ("pekerjaan", "WIRAUSAHA"),
        ("layanan", "KTP-el"),
        ("saran", "Ruang tunggu kurang kursi"),
    ]);
    let (status, to) = post_form(app, &code, &form).await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("/s/{code}/terima-kasih").as_str())
    );
    let thanks = app
        .anonymous()
        .get(app.url(&to))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(thanks.contains("Terima kasih"), "{thanks}");
    let (status, _) = post_form(app, &code, &form).await;
    assert_eq!(status, 303, "a double submit is thanked again");
    assert_eq!(detail(&coordinator, &id).await["row"]["responses"], 1);

    // The same answers again from the same place on a fresh form: recognised, not counted.
    let t2 = token(
        &app.anonymous()
            .get(app.url(&format!("/s/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let mut again = form.clone();
    again.retain(|(k, _)| *k != "token");
    again.push(("token", &t2));
    let (status, body) = post_form(app, &code, &again).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("sudah kami terima"));

    // Missing and bad answers: every problem named, the rest of the form kept as chosen.
    let mut bad = answers(&t2, &["4", "3", "", "4", "4", "4", "4", "4", "9"]);
    bad.extend([("umur", "7"), ("saran", "Antrean panjang <b>sekali</b>")]);
    let (status, body) = post_form(app, &code, &bad).await;
    assert_eq!(status, 422);
    assert!(body.contains("Pilih salah satu jawaban"), "U3 missing");
    assert!(
        body.contains("Jawaban tidak dikenal") || body.contains("tidak dikenal"),
        "U9 = 9"
    );
    assert!(body.contains("Umur diisi dengan angka"));
    assert!(
        body.contains("name=\"u2\" value=\"3\" checked"),
        "U2 still chosen"
    );
    assert!(
        body.contains("Antrean panjang &lt;b&gt;sekali&lt;/b&gt;"),
        "text kept, escaped"
    );
    assert_eq!(detail(&coordinator, &id).await["row"]["responses"], 1);

    // The honeypot: thanked, not stored.
    let mut bot = answers(&t2, &["1", "1", "1", "1", "1", "1", "1", "1", "1"]);
    bot.push(("situs_web", "http://spam.example"));
    let (status, _) = post_form(app, &code, &bot).await;
    assert_eq!(status, 303);
    assert_eq!(detail(&coordinator, &id).await["row"]["responses"], 1);

    // A second respondent.
    let second = answers(&t2, &["3", "3", "3", "4", "3", "3", "4", "3", "2"]);
    let (status, _) = post_form(app, &code, &second).await;
    assert_eq!(status, 303);

    // The index: NRR per unsur, IKM with both weights, mutu, priorities.
    let d = detail(&coordinator, &id).await;
    assert_eq!(d["row"]["responses"], 2);
    assert_eq!(d["online"], 2);
    // Sums 7,7,6,8,6,7,8,5,5 = 59 over 2 respondents and 9 unsur: 59/18 × 25 = 81.94.
    assert_eq!(d["ikm_exact"], 81.94);
    assert_eq!(d["band"]["code"], "B");
    // 0.111 × 25 × 29.5 = 81.8625 → 81.86.
    assert_eq!(d["ikm_0111"], 81.86);
    let els = d["elements"].as_array().unwrap();
    assert_eq!(els.len(), 9);
    assert_eq!(els[7]["nrr"], 2.5);
    assert_eq!(els[7]["converted"], 62.5);
    assert_eq!(els[7]["band"]["code"], "D");
    let priorities: Vec<&str> = d["priorities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert_eq!(&priorities[..2], ["U8", "U9"]);
    assert_eq!(d["suggestions"][0]["text"], "Ruang tunggu kurang kursi");
    let sex = &d["profile"][0]["counts"];
    assert_eq!(sex[1], serde_json::json!(["Perempuan", 1]));

    // Paper responses: a file with a bad row is refused whole, each problem with row and column.
    let import = |csv: &'static str| {
        let body = reqwest::multipart::Form::new()
            .text("slug", SLUG)
            .text("period_id", id.clone())
            .part(
                "berkas",
                reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("kertas.csv"),
            );
        coordinator
            .client
            .post(app.url("/api/skm/impor"))
            .header("accept", "application/json")
            .multipart(body)
            .send()
    };
    let res = import(
        "U1;U2;U3;U4;U5;U6;U7;U8;U9;umur;jenis_kelamin;pendidikan;pekerjaan;layanan;saran\n\
         4;4;4;4;4;4;4;4;4;30;L;SMA;SWASTA;KK;\n\
         4;4;5;4;4;4;4;4;4;30;X;SMA;SWASTA;KK;\n",
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    let problems = err["Import"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{err}");
    assert_eq!(
        (problems[0]["row"].as_u64(), problems[0]["column"].as_str()),
        (Some(3), Some("U3"))
    );
    assert_eq!(problems[1]["column"], "jenis_kelamin");
    assert_eq!(
        detail(&coordinator, &id).await["row"]["responses"],
        2,
        "nothing imported"
    );
    let res = import(
        "U1,U2,U3,U4,U5,U6,U7,U8,U9,umur,jenis_kelamin\n\
         4,4,4,4,4,4,4,4,4,30,L\n\
         3,3,3,3,3,3,3,3,3,,\n",
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let d = detail(&coordinator, &id).await;
    assert_eq!(
        (d["row"]["responses"].as_u64(), d["paper"].as_u64()),
        (Some(4), Some(2))
    );

    // The follow-up plan: added, edited, and a stale edit refused with who changed it.
    let (status, fid) = coordinator
        .call(
            "/api/skm/tindak-lanjut",
            &[
                ("slug", SLUG),
                ("period_id", &id),
                ("element", "U8"),
                ("action", "Tambah 20 kursi ruang tunggu"),
                ("owner", "Sekretaris Disdukcapil"),
                ("due_on", "2026-03-31"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{fid}");
    let fid = fid.as_str().unwrap().to_owned();
    let edit = |revision: &'static str, status: &'static str| {
        let fid = fid.clone();
        let id = id.clone();
        let coordinator = &coordinator;
        async move {
            coordinator
                .call(
                    "/api/skm/tindak-lanjut",
                    &[
                        ("slug", SLUG),
                        ("period_id", &id),
                        ("followup_id", &fid),
                        ("revision", revision),
                        ("element", "U8"),
                        ("action", "Tambah 20 kursi ruang tunggu"),
                        ("owner", "Sekretaris Disdukcapil"),
                        ("due_on", "2026-03-31"),
                        ("status", status),
                    ],
                )
                .await
        }
    };
    assert_eq!(edit("1", "berjalan").await.0, 200);
    let (status, stale) = edit("1", "selesai").await;
    assert_eq!(status, 409, "{stale}");
    assert!(stale["ChangedBy"]["by"].is_string(), "{stale}");
    let d = detail(&coordinator, &id).await;
    assert_eq!(d["followups"][0]["status"], "berjalan");
    assert_eq!(d["followups"][0]["element_name"], "Sarana dan Prasarana");

    // Exports: the report and the raw responses read back.
    let bytes = coordinator
        .client
        .get(app.url(&format!("/t/{SLUG}/skm/{id}/laporan.xlsx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    use calamine::{DataType, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Ringkasan",
            "Profil responden",
            "Saran",
            "Rencana tindak lanjut"
        ]
    );
    let summary = book.worksheet_range("Ringkasan").unwrap();
    let ikm_row = summary
        .rows()
        .find(|r| r[0].to_string().starts_with("IKM (bobot 1/n"))
        .unwrap();
    let expected: f64 = 25.0 * (59.0 + 36.0 + 27.0) / 36.0;
    assert!((ikm_row[1].get_float().unwrap() - (expected * 100.0).round() / 100.0).abs() < 1e-9);
    assert!(ikm_row[2].to_string().starts_with("Mutu"));
    let bytes = coordinator
        .client
        .get(app.url(&format!("/t/{SLUG}/skm/{id}/tanggapan.xlsx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let rows = book.worksheet_range("Tanggapan").unwrap();
    assert_eq!(rows.height(), 5, "header and four responses");
    assert_eq!(rows.get((0, 0)).unwrap().to_string(), "U1");
    let anonymous = app
        .anonymous()
        .get(app.url(&format!("/t/{SLUG}/skm/{id}/laporan.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    // The QR code and the poster are there for the counter.
    for (file, magic) in [
        ("qr.png", &b"\x89PNG"[..]),
        ("poster.pdf", &b"%PDF"[..]),
        ("qr.svg", &b"<?xml"[..]),
    ] {
        let res = app
            .anonymous()
            .get(app.url(&format!("/s/{code}/{file}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{file}");
        let bytes = res.bytes().await.unwrap();
        assert!(
            bytes.starts_with(magic) || (file == "qr.svg" && bytes.starts_with(b"<svg")),
            "{file}"
        );
    }

    // Not published while running; closed, the form refuses answers and the results are public.
    let public = app
        .anonymous()
        .get(app.url(&format!("/publik/{SLUG}/skm")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !public.contains("SKM Uji Semester II"),
        "running periods are not published"
    );
    let (status, _) = coordinator
        .call(
            "/api/skm/tutup",
            &[("slug", SLUG), ("id", &id), ("closed", "true")],
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = post_form(app, &code, &second).await;
    assert_eq!(status, 410);
    assert!(body.contains("sudah ditutup"));
    let page = app
        .anonymous()
        .get(app.url(&format!("/s/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("sudah ditutup") && !page.contains("Kirim jawaban"));
    let public = app
        .anonymous()
        .get(app.url(&format!("/publik/{SLUG}/skm")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        public.contains("SKM Uji Semester II"),
        "published once closed"
    );
    let shown = format!("{:.2}", (expected * 100.0).round() / 100.0).replace('.', ",");
    assert!(public.contains(&shown), "IKM {shown} with a decimal comma");
    assert_eq!(
        detail(&coordinator, &id).await["row"]["responses"],
        4,
        "nothing lost or added"
    );

    // The pemda's results by year pool every respondent.
    let (_, o) = coordinator.call("/api/skm/daftar", &[("slug", SLUG)]).await;
    let pemda = o["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["level"] == "pemda")
        .unwrap();
    assert_eq!(pemda["respondents"], 4);
}

async fn one_time_codes(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (id, code) = open_period(&coordinator, true).await;
    let (status, made) = coordinator
        .call(
            "/api/skm/kode",
            &[("slug", SLUG), ("id", &id), ("count", "3")],
        )
        .await;
    assert_eq!((status, made.as_u64()), (200, Some(3)));
    let (status, refused) = coordinator
        .call(
            "/api/skm/kode",
            &[("slug", SLUG), ("id", &id), ("count", "99999")],
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    let csv = coordinator
        .client
        .get(app.url(&format!("/t/{SLUG}/skm/{id}/kode.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let codes: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 3);

    let html = app
        .anonymous()
        .get(app.url(&format!("/s/{code}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Kode pada tanda terima"));
    let t = token(&html);
    let values = ["4", "4", "4", "4", "4", "4", "4", "4", "4"];
    let (status, body) = post_form(app, &code, &answers(&t, &values)).await;
    assert_eq!(status, 422);
    assert!(body.contains("Masukkan kode dari tanda terima"));
    // Typed in lower case with a space: still the code.
    let typed = format!("{} {}", &codes[0][..4], &codes[0][4..]).to_lowercase();
    let mut form = answers(&t, &values);
    form.push(("kode", &typed));
    assert_eq!(post_form(app, &code, &form).await.0, 303);
    let t2 = token(
        &app.anonymous()
            .get(app.url(&format!("/s/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let mut reuse = answers(&t2, &values);
    reuse.push(("kode", &codes[0]));
    let (status, body) = post_form(app, &code, &reuse).await;
    assert_eq!(status, 422);
    assert!(body.contains("sudah dipakai"));
    // With a fresh code the same answers count: codes prove distinct receipts.
    let mut fresh = answers(&t2, &values);
    fresh.push(("kode", &codes[1]));
    assert_eq!(post_form(app, &code, &fresh).await.0, 303);
    let d = detail(&coordinator, &id).await;
    assert_eq!(
        (d["row"]["responses"].as_u64(), d["codes_used"].as_u64()),
        (Some(2), Some(2))
    );
}

async fn rate_limit_keeps_the_answers(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (id, code) = open_period(&coordinator, false).await;
    let mut last = (0, String::new());
    for n in 0..4 {
        let html = app
            .anonymous()
            .get(app.url(&format!("/s/{code}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let t = token(&html);
        let age = (20 + n).to_string();
        let mut form = answers(&t, &["4", "3", "4", "3", "4", "3", "4", "3", "4"]);
        form.push(("umur", &age));
        last = post_form(app, &code, &form).await;
    }
    assert_eq!(last.0, 429);
    assert!(last.1.contains("Tunggu sekitar satu menit"));
    // Refused before any database work: the answers come back as hidden fields of a form that
    // sends them again with one tap.
    assert!(
        last.1
            .contains("<input type=\"hidden\" name=\"u2\" value=\"3\">"),
        "answers kept"
    );
    assert!(last.1.contains("name=\"umur\" value=\"23\""), "age kept");
    assert!(last.1.contains("Kirim lagi"));
    assert_eq!(detail(&coordinator, &id).await["row"]["responses"], 3);
}

async fn unknown_and_foreign(app: &TestApp) {
    let res = app
        .anonymous()
        .get(app.url("/s/TIDAKADA"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("tidak dikenal"));
    let res = app
        .anonymous()
        .get(app.url("/publik/tidak-ada/skm"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // A PIC reads the results but may not run the survey.
    let coordinator = Client::new(app, COORDINATOR).await;
    let (id, _) = open_period(&coordinator, false).await;
    let pic = Client::new(app, support::client::PIC).await;
    let (status, _) = pic
        .call("/api/skm/periode", &[("slug", SLUG), ("id", &id)])
        .await;
    assert_eq!(status, 200);
    let (status, _) = pic
        .call(
            "/api/skm/tutup",
            &[("slug", SLUG), ("id", &id), ("closed", "true")],
        )
        .await;
    assert_eq!(status, 403);
    // Dates and population are checked, with the field named.
    let (_, o) = coordinator.call("/api/skm/daftar", &[("slug", SLUG)]).await;
    let unit = o["units"][0]["id"].as_str().unwrap().to_owned();
    let version = o["versions"][0][0].as_str().unwrap().to_owned();
    let (status, err) = coordinator
        .call(
            "/api/skm/periode-baru",
            &[
                ("slug", SLUG),
                ("unit_id", &unit),
                ("version_id", &version),
                ("name", "Terbalik"),
                ("starts_on", "2026-06-30"),
                ("ends_on", "2026-01-01"),
                ("population", "100"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(err["Field"]["field"], "ends_on");
}

async fn survey_app(backend: Backend) -> Option<TestApp> {
    TestApp::spawn(backend).await
}

#[tokio::test]
async fn sqlite_survey_flow() {
    survey_flow(&survey_app(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test]
async fn postgres_survey_flow() {
    match survey_app(Backend::Postgres).await {
        Some(app) => survey_flow(&app).await,
        None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run"),
    }
}

#[tokio::test]
async fn sqlite_one_time_codes() {
    one_time_codes(&survey_app(Backend::Sqlite).await.unwrap()).await;
}

#[tokio::test]
async fn postgres_one_time_codes() {
    match survey_app(Backend::Postgres).await {
        Some(app) => one_time_codes(&app).await,
        None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run"),
    }
}

#[tokio::test]
async fn sqlite_rate_limit_keeps_the_answers() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.skm.submissions_per_minute = 3)
        .await
        .unwrap();
    rate_limit_keeps_the_answers(&app).await;
}

#[tokio::test]
async fn sqlite_unknown_and_foreign() {
    unknown_and_foreign(&survey_app(Backend::Sqlite).await.unwrap()).await;
}
