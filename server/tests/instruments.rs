//! The instrument library as an operator uses it, on SQLite and PostgreSQL: the built-ins are
//! there on first start, versions round-trip through YAML and XLSX, bad files are refused with
//! every problem located and nothing stored, drafts are edited safely and frozen on publishing.

mod support;

use app::domain::instrument::builtin::builtin_version;
use app::domain::instrument::InstrumentVersion;
use serde_json::Value;
use support::{TestApp, DEMO_PASSWORD};

const OPERATOR: &str = "operator@patuh.test";

async fn operator(app: &TestApp) {
    let res = app.sign_in(OPERATOR, DEMO_PASSWORD).await;
    assert!(res.status().is_success());
}

async fn call(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let res = app.call(path, form).await;
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn upload(app: &TestApp, name: &str, bytes: Vec<u8>, publish: bool) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new().part(
        "berkas",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    if publish {
        form = form.text("terbitkan", "on");
    }
    let res = app
        .client
        .post(app.url("/api/admin/instrumen-impor"))
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

async fn download(app: &TestApp, id: &str, format: &str) -> (u16, Vec<u8>) {
    let res = app
        .client
        .get(app.url(&format!("/admin/instrumen/{id}/ekspor?format={format}")))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.bytes().await.unwrap().to_vec())
}

/// The library's version id of `code@version`.
async fn version_id(app: &TestApp, code: &str, version: &str) -> Option<String> {
    let (status, library) = call(app, "/api/admin/instrumen", &[]).await;
    assert_eq!(status, 200, "{library}");
    library
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)?["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == version)
        .map(|v| v["id"].as_str().unwrap().to_owned())
}

async fn detail(app: &TestApp, id: &str) -> Value {
    let (status, d) = call(app, "/api/admin/instrumen-versi", &[("id", id)]).await;
    assert_eq!(status, 200, "{d}");
    d
}

fn document(detail: &Value) -> InstrumentVersion {
    serde_json::from_value(detail["document"].clone()).unwrap()
}

async fn builtins_are_loaded_on_first_start_and_marked(app: &TestApp) {
    operator(app).await;
    let (_, library) = call(app, "/api/admin/instrumen", &[]).await;
    let codes: Vec<&str> = library
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    for code in ["ombudsman-kepatuhan", "pekppp", "skm", "standar-pelayanan"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    for (code, version) in [
        ("ombudsman-kepatuhan", "2023"),
        ("ombudsman-kepatuhan", "2021"),
        ("pekppp", "2022"),
    ] {
        let id = version_id(app, code, version).await.expect("built-in");
        let d = detail(app, &id).await;
        assert_eq!(d["row"]["status"], "Published");
        assert_eq!(d["row"]["builtin"], true);
        assert_eq!(d["row"]["public_sources"], true);
        assert_eq!(
            document(&d),
            builtin_version(code, version).unwrap(),
            "{code}@{version} is stored exactly"
        );
    }
    // The page shows the tree with weights and the public-sources warning, without JavaScript.
    let id = version_id(app, "ombudsman-kepatuhan", "2023")
        .await
        .unwrap();
    let page = app.page(&format!("/admin/instrumen/{id}")).await;
    assert!(page.contains("Disusun dari sumber publik"), "{page}");
    assert!(page.contains("Tabel predikat"));
    assert!(page.contains("Kualitas Tertinggi"));
    assert!(page.contains("21,85"), "the Input dimension's weight");
    let list = app.page("/admin/instrumen").await;
    assert!(list.contains("ombudsman-kepatuhan@2023"));
    assert!(list.contains("bawaan"));
}

async fn versions_round_trip_through_yaml_and_xlsx(app: &TestApp) {
    operator(app).await;
    let id = version_id(app, "ombudsman-kepatuhan", "2023")
        .await
        .unwrap();
    let original = builtin_version("ombudsman-kepatuhan", "2023").unwrap();

    // Re-importing a published version is refused: it is frozen.
    let (status, yaml) = download(app, &id, "yaml").await;
    assert_eq!(status, 200);
    let (status, err) = upload(app, "ombudsman.yaml", yaml.clone(), false).await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err, Value::String("Frozen".into()));

    // Export → import under a new label gives the identical version, from YAML and from XLSX.
    for (format, label) in [("yaml", "2026-yaml"), ("xlsx", "2026-xlsx")] {
        let (status, bytes) = download(app, &id, format).await;
        assert_eq!(status, 200);
        let bytes = if format == "yaml" {
            String::from_utf8(bytes)
                .unwrap()
                .replace("version: '2023'", &format!("version: {label}"))
                .into_bytes()
        } else {
            // Relabel through the workbook's own reader and writer, as an editor would.
            let mut v = app::server::instruments::parse_file(&bytes).unwrap().doc;
            assert_eq!(v, original, "the XLSX export reads back identical");
            v.version = label.to_owned();
            app::server::instrument_sheet::to_xlsx(&v).unwrap()
        };
        let (status, new_id) = upload(app, &format!("x.{format}"), bytes, false).await;
        assert_eq!(status, 200, "{new_id}");
        let d = detail(app, new_id.as_str().unwrap()).await;
        assert_eq!(d["row"]["status"], "Draft");
        assert_eq!(d["row"]["builtin"], false);
        let mut expected = original.clone();
        expected.version = label.to_owned();
        assert_eq!(document(&d), expected, "{format} round trip");
    }
}

async fn a_bad_file_is_refused_with_every_problem_located(app: &TestApp) {
    operator(app).await;
    let (_, before) = call(app, "/api/admin/instrumen", &[]).await;
    let source = builtin_version("standar-pelayanan", "2014").unwrap();
    let mut yaml = app::domain::instrument::to_yaml(&source).unwrap();
    yaml = yaml.replacen("version: '2014'", "version: rusak", 1);
    // Two problems: a duplicate indicator code and a band that overlaps its neighbour.
    let first = source.indicators()[0].code.clone();
    let second = source.indicators()[1].code.clone();
    yaml = yaml.replacen(&format!("code: {second}\n"), &format!("code: {first}\n"), 1);
    let mut bands = source.bands.bands.clone();
    bands.sort_by(|a, b| a.lower.total_cmp(&b.lower));
    let low_upper = format!("upper: {:?}", bands[0].upper);
    assert!(yaml.contains(&low_upper), "{low_upper}");
    yaml = yaml.replacen(&low_upper, &format!("upper: {:?}", bands[1].lower), 1);
    let (status, err) = upload(app, "rusak.yaml", yaml.into_bytes(), false).await;
    assert_eq!(status, 422, "{err}");
    let problems = err["Instrument"]["problems"].as_array().unwrap();
    assert!(problems.len() >= 2, "{err}");
    for p in problems {
        assert!(
            p["place"]["Line"]["line"].as_u64().is_some(),
            "located: {p}"
        );
        assert!(!p["message_id"].as_str().unwrap().is_empty());
    }
    assert!(
        problems
            .iter()
            .any(|p| p["message_id"].as_str().unwrap().contains("sudah dipakai")),
        "duplicate code: {err}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p["message_id"].as_str().unwrap().contains("tumpang tindih")),
        "overlap: {err}"
    );

    // Not YAML at all; and a workbook with a wrong weight: both located, nothing stored.
    let (status, err) = upload(app, "x.yaml", b"instrument: [".to_vec(), false).await;
    assert_eq!(status, 422, "{err}");
    assert!(err["Instrument"]["problems"][0]["place"]["Line"].is_object());
    let (status, err) = upload(app, "x.pdf", b"%PDF-1.4\n\xff\xfe".to_vec(), false).await;
    assert_eq!(status, 422, "{err}");

    let (_, after) = call(app, "/api/admin/instrumen", &[]).await;
    assert_eq!(before, after, "nothing was stored");

    // The no-JavaScript form gets the report on the page it came from.
    let form = reqwest::multipart::Form::new().part(
        "berkas",
        reqwest::multipart::Part::bytes(b"instrument: [".to_vec()).file_name("x.yaml"),
    );
    let res = app
        .client
        .post(app.url("/api/admin/instrumen-impor"))
        .header("accept", "text/html")
        .header("referer", app.url("/admin/instrumen"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap();
    let location = location
        .strip_prefix(&app.base)
        .unwrap_or(location)
        .to_owned();
    let page = app.page(&location).await;
    assert!(page.contains("Berkas instrumen tidak disimpan"), "{page}");
    assert!(page.contains("baris 1"), "{page}");
}

async fn a_draft_is_edited_safely_then_frozen(app: &TestApp) {
    operator(app).await;
    let id = version_id(app, "ombudsman-kepatuhan", "2023")
        .await
        .unwrap();
    // A new version starts as a copy; its label must be new.
    let (status, err) = call(
        app,
        "/api/admin/instrumen-salin",
        &[("id", &id), ("version", "2021")],
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Taken"]["field"], "version");
    let (status, draft) = call(
        app,
        "/api/admin/instrumen-salin",
        &[("id", &id), ("version", "2025")],
    )
    .await;
    assert_eq!(status, 200, "{draft}");
    let draft = draft.as_str().unwrap().to_owned();
    let d = detail(app, &draft).await;
    assert_eq!(d["row"]["status"], "Draft");
    assert_eq!(d["copied_from"][1], "2023");

    // Re-weight the Input dimension and the Proses dimension so they still sum to 100.
    let (_, src) = call(app, "/api/admin/instrumen-sumber", &[("id", &draft)]).await;
    let source = src[0].as_str().unwrap().to_owned();
    let revision = src[1].as_i64().unwrap().to_string();
    assert!(
        source.contains("weight: 21.85"),
        "Input weight in the source"
    );
    assert!(
        source.contains("weight: 32.37"),
        "Proses weight in the source"
    );
    let edited = source
        .replacen("weight: 21.85", "weight: 20.85", 1)
        .replacen("weight: 32.37", "weight: 33.37", 1);

    // An invalid edit is refused with its line; the draft is unchanged.
    let broken = source.replacen("weight: 21.85", "weight: 25", 1);
    let (status, err) = call(
        app,
        "/api/admin/instrumen-simpan",
        &[("id", &draft), ("revision", &revision), ("source", &broken)],
    )
    .await;
    assert_eq!(status, 422, "{err}");
    assert!(err["Instrument"]["problems"][0]["message_id"]
        .as_str()
        .unwrap()
        .contains("jumlah bobot"));

    let (status, new_revision) = call(
        app,
        "/api/admin/instrumen-simpan",
        &[("id", &draft), ("revision", &revision), ("source", &edited)],
    )
    .await;
    assert_eq!(status, 200, "{new_revision}");

    // A second save from the same loaded revision is refused, naming who changed it.
    let (status, err) = call(
        app,
        "/api/admin/instrumen-simpan",
        &[("id", &draft), ("revision", &revision), ("source", &source)],
    )
    .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["ChangedBy"]["by"], "Operator Patuh");
    let (_, src) = call(app, "/api/admin/instrumen-sumber", &[("id", &draft)]).await;
    assert_eq!(src[0].as_str().unwrap(), edited, "the first save stands");

    // The comparison shows the re-weighting.
    let (status, cmp) = call(
        app,
        "/api/admin/instrumen-banding",
        &[("old", &id), ("new", &draft)],
    )
    .await;
    assert_eq!(status, 200, "{cmp}");
    let reweighted = cmp["diff"]["sections_reweighted"].as_array().unwrap();
    assert_eq!(reweighted.len(), 2, "{cmp}");
    let page = app
        .page(&format!("/admin/instrumen/banding?lama={id}&baru={draft}"))
        .await;
    assert!(page.contains("Bobot berubah"), "{page}");
    assert!(page.contains("21,85 → 20,85"), "{page}");

    // Publishing freezes it: no more edits, no discarding.
    let new_revision = new_revision.as_i64().unwrap().to_string();
    let (status, body) = call(
        app,
        "/api/admin/instrumen-terbitkan",
        &[("id", &draft), ("revision", &new_revision)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, err) = call(
        app,
        "/api/admin/instrumen-simpan",
        &[
            ("id", &draft),
            ("revision", &new_revision),
            ("source", &edited),
        ],
    )
    .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err, Value::String("Frozen".into()));
    let (status, _) = call(
        app,
        "/api/admin/instrumen-buang",
        &[("id", &draft), ("revision", &new_revision)],
    )
    .await;
    assert_eq!(status, 409);

    // A draft can be discarded; it leaves the library.
    let (_, other) = call(
        app,
        "/api/admin/instrumen-salin",
        &[("id", &draft), ("version", "coba")],
    )
    .await;
    let other = other.as_str().unwrap().to_owned();
    let (status, _) = call(
        app,
        "/api/admin/instrumen-buang",
        &[("id", &other), ("revision", "1")],
    )
    .await;
    assert_eq!(status, 200);
    assert!(version_id(app, "ombudsman-kepatuhan", "coba")
        .await
        .is_none());

    // Every change is in the audit log.
    let log = app.page("/admin/audit").await;
    for action in [
        "instrument.copy",
        "instrument.edit",
        "instrument.publish",
        "instrument.discard",
    ] {
        assert!(log.contains(action), "{action} in the audit log");
    }
}

on_both_databases! {
    builtins_are_loaded_on_first_start_and_marked,
    versions_round_trip_through_yaml_and_xlsx,
    a_bad_file_is_refused_with_every_problem_located,
    a_draft_is_edited_safely_then_frozen,
}
