//! Evidence as OPD staff, coordinators and mentors use it, on SQLite and PostgreSQL (and on an
//! S3-compatible store, moto's server, when it is installed): uploads checked by content,
//! revisions, links, downloads with ranges, deletion and restore, and bad input that leaves
//! nothing behind.

mod support;

use reqwest::multipart::{Form, Part};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use sha2::Digest;
use support::client::{active_cycle_with_tasks, pdf, upload, Client, COORDINATOR, PIC, SLUG};
use support::{Backend, TestApp};

const MENTOR: &str = "mentor@ombudsman-contoh.test";
const VIEWER: &str = "sekda@kab-contoh.test";

/// A PNG header followed by `len` filler bytes.
fn png(len: usize) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    v.resize(len, 7);
    v
}

async fn list(client: &Client, item: &str) -> Value {
    let (status, ev) = client
        .call("/api/bukti", &[("slug", SLUG), ("item", item)])
        .await;
    assert_eq!(status, 200, "{ev}");
    ev
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = app.db().await;
    db.query_one(Statement::from_string(
        db.get_database_backend(),
        sql.to_owned(),
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get::<i64>("", "n")
    .unwrap()
}

/// Regular files under the local store (staging files included).
fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![app.config.data_dir.join("files")];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

async fn evidence_from_upload_to_restore(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let (item, other) = (&items[0], &items[1]);
    let pic = Client::new(app, PIC).await;
    let empty = list(&pic, item).await;
    assert_eq!(empty["documents"].as_array().unwrap().len(), 0);
    assert_eq!(empty["can_add"], true);
    assert_eq!(empty["limits"]["max_file_bytes"], 25 * 1024 * 1024);

    // A signed decree, dated when it was signed.
    let first = pdf("SK Bupati nomor 12");
    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[
            ("effective_on", "2026-02-01"),
            ("note", "SK ditandatangani"),
        ],
        &[("SK Bupati Standar Pelayanan.pdf", first.clone())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stored"][0][1], 1);
    let ev = list(&pic, item).await;
    let doc = &ev["documents"][0];
    assert_eq!(doc["title"], "SK Bupati Standar Pelayanan.pdf");
    let rev = &doc["revisions"][0];
    assert_eq!(rev["size"], first.len());
    assert_eq!(rev["sha256"], hex::encode(sha2::Sha256::digest(&first)));
    assert_eq!(rev["effective_on"], "2026-02-01");
    assert_eq!(rev["uploaded_by"], "Dewi Lestari");
    assert_eq!(rev["file_kind"], "Pdf");
    let href = rev["href"].as_str().unwrap().to_owned();
    assert!(href.starts_with("/t/kab-contoh/bukti/"));

    // Served inline with the right headers, whole or by range.
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["accept-ranges"], "bytes");
    let disposition = h["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("inline;"), "{disposition}");
    assert!(disposition.contains("SK%20Bupati%20Standar%20Pelayanan%2Epdf"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), first.as_slice());
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .header("range", "bytes=0-3")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(
        res.headers()["content-range"],
        format!("bytes 0-3/{}", first.len()).as_str()
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF");
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .header("range", "bytes=99999-")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 416);
    let res = pic
        .client
        .get(format!("{}{href}?unduh=1", pic.base))
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment;"));

    // A new revision of the same document; the earlier one stays readable.
    let doc_id = doc["id"].as_str().unwrap().to_owned();
    let second = pdf("SK Bupati perubahan");
    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[
            ("evidence", &doc_id),
            ("expires_on", "2020-12-31"),
            ("effective_on", "2020-01-01"),
        ],
        &[("SK perubahan.pdf", second.clone())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stored"][0][1], 2);
    let ev = list(&pic, item).await;
    let revs = ev["documents"][0]["revisions"].as_array().unwrap();
    assert_eq!(revs.len(), 2);
    assert_eq!(revs[0]["number"], 2);
    assert_eq!(revs[0]["expired"], true, "past its expiry date");
    assert_eq!(revs[1]["number"], 1);
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "revision 1 still readable");

    // The same bytes again on this answer: refused, naming the copy; on another answer: fine.
    let (status, body) = upload(&pic, SLUG, item, &[], &[("salinan.pdf", first.clone())]).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        body["Evidence"]["Duplicate"]["name"],
        "SK Bupati Standar Pelayanan.pdf"
    );
    let (status, body) = upload(&pic, SLUG, other, &[], &[("salinan.pdf", first.clone())]).await;
    assert_eq!(status, 200, "{body}");

    // A link; a bad one is refused.
    let (status, body) = pic
        .call(
            "/api/bukti/tautan",
            &[
                ("slug", SLUG),
                ("item", item),
                ("url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Evidence"], "BadLink");
    let (status, body) = pic
        .call(
            "/api/bukti/tautan",
            &[
                ("slug", SLUG),
                ("item", item),
                ("url", "https://jdih.kab-contoh.go.id/perbup/12"),
                ("title", "Perbup 12/2026 di JDIH"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let ev = list(&pic, item).await;
    let docs = ev["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1]["kind"], "Link");
    assert_eq!(
        docs[1]["revisions"][0]["href"],
        "https://jdih.kab-contoh.go.id/perbup/12"
    );

    // Mentors and viewers read; they cannot add or delete.
    let mentor = Client::new(app, MENTOR).await;
    let res = mentor
        .client
        .get(format!("{}{href}", mentor.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "a granted mentor reads evidence");
    let ev = list(&mentor, item).await;
    assert_eq!(ev["can_add"], false);
    assert_eq!(ev["can_delete"], false);
    let (status, _) = mentor
        .call("/api/bukti/hapus", &[("slug", SLUG), ("id", &doc_id)])
        .await;
    assert_eq!(status, 403, "mentors cannot delete");
    let viewer = Client::new(app, VIEWER).await;
    let (status, _) = upload(&viewer, SLUG, item, &[], &[("x.pdf", pdf("viewer"))]).await;
    assert_eq!(status, 403, "a viewer cannot upload");
    let anonymous = app.anonymous();
    let res = anonymous.get(app.url(&href)).send().await.unwrap();
    assert_eq!(res.status(), 404, "no public address");

    // Deleted: gone for the PIC, restorable by the coordinator, audited.
    let (status, body) = pic
        .call("/api/bukti/hapus", &[("slug", SLUG), ("id", &doc_id)])
        .await;
    assert_eq!(status, 200, "{body}");
    let ev = list(&pic, item).await;
    assert_eq!(
        ev["documents"].as_array().unwrap().len(),
        1,
        "only the link left"
    );
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let coordinator = Client::new(app, COORDINATOR).await;
    let ev = list(&coordinator, item).await;
    assert_eq!(ev["deleted"][0]["id"], doc_id.as_str());
    assert_eq!(ev["deleted"][0]["deleted"][0], "Dewi Lestari");
    let (status, body) = coordinator
        .call("/api/bukti/pulihkan", &[("slug", SLUG), ("id", &doc_id)])
        .await;
    assert_eq!(status, 200, "{body}");
    let ev = list(&pic, item).await;
    assert_eq!(ev["documents"].as_array().unwrap().len(), 2);
    assert_eq!(ev["documents"][0]["revisions"].as_array().unwrap().len(), 2);
    assert_eq!(
        count(app, "SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('evidence.add', 'evidence.delete', 'evidence.restore')").await,
        6
    );
    // The item's history says it too.
    let (_, it) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    let kinds: Vec<&str> = it["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"evidence.added") && kinds.contains(&"evidence.deleted"));

    // Without JavaScript: the plain form post comes back to the item page with the outcome.
    let form = Form::new().text("effective_on", "2026-03-01").part(
        "berkas",
        Part::bytes(png(2000)).file_name("Foto maklumat.png"),
    );
    let res = pic
        .client
        .post(format!("{}/t/{SLUG}/butir/{item}/bukti", pic.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("/t/{SLUG}/butir/{item}?bukti=1#bukti"));
    let (_, page) = pic.page(&location.replace("#bukti", "")).await;
    assert!(page.contains("1 berkas tersimpan."), "{page}");
    assert!(page.contains("Foto maklumat.png"));
    let form = Form::new().part(
        "berkas",
        Part::bytes(b"MZ\x90\0 not a pdf".to_vec()).file_name("laporan.pdf"),
    );
    let res = pic
        .client
        .post(format!("{}/t/{SLUG}/butir/{item}/bukti", pic.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let (_, page) = pic.page(location.split('#').next().unwrap()).await;
    assert!(
        page.contains("Isi berkas tidak sesuai dengan ekstensinya (.pdf)"),
        "the refusal is shown on the page: {page}"
    );
}

/// Bad input of every kind: each refused with its own message, nothing left behind.
async fn bad_uploads_leave_nothing(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let item = &items[0];
    let pic = Client::new(app, PIC).await;
    let rows = || count(app, "SELECT COUNT(*) AS n FROM evidence_revisions");

    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[],
        &[("besar.png", png(1024 * 1024 + 1))],
    )
    .await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["Evidence"]["TooLarge"]["limit"], 1024 * 1024);
    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[],
        &[("palsu.pdf", b"hello, I am text".to_vec())],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Evidence"]["ContentMismatch"]["claimed"], "pdf");
    let (status, body) = upload(&pic, SLUG, item, &[], &[("foto.pdf", png(500))]).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Evidence"]["ContentMismatch"]["found"], "png",
        "says what it really is"
    );
    let (status, body) = upload(&pic, SLUG, item, &[], &[("kosong.pdf", Vec::new())]).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["Evidence"]["Empty"].is_object());
    let (status, body) = upload(&pic, SLUG, item, &[], &[("laporan.pdf.exe", pdf("exe"))]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["Evidence"]["TypeNotAllowed"]["name"],
        "laporan.pdf.exe"
    );
    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[("expires_on", "2020-01-01"), ("effective_on", "2021-01-01")],
        &[("a.pdf", pdf("dates"))],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Evidence"], "ExpiresBeforeEffective");
    let (status, body) = upload(&pic, SLUG, item, &[], &[]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Evidence"], "NoFile");
    assert_eq!(rows().await, 0, "nothing recorded");
    assert!(
        stored_files(app).is_empty(),
        "nothing stored: {:?}",
        stored_files(app)
    );

    // Names: path segments and control characters go; a huge name is shortened, not refused.
    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[],
        &[("../../etc/sk\u{202e}.pdf", pdf("path"))],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stored"][0][0], "sk.pdf");
    // A raw control character cannot even be carried in a form's part header: the form is
    // unreadable and refused as such.
    let (status, body) = upload(&pic, SLUG, item, &[], &[("sk\u{7}bel.pdf", pdf("bel"))]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["Evidence"], "NoFile");
    let long = format!("{}.pdf", "n".repeat(5000));
    let (status, body) = upload(&pic, SLUG, item, &[], &[(&long, pdf("long"))]).await;
    assert_eq!(status, 200, "{body}");
    let stored = body["stored"][0][0].as_str().unwrap();
    assert!(
        stored.chars().count() <= 180 && stored.ends_with(".pdf"),
        "{stored}"
    );

    // Another tenant's id, or an id that is not an answer: not found, nothing stored.
    let (status, _) = upload(
        &pic,
        SLUG,
        &uuid::Uuid::new_v4().to_string(),
        &[],
        &[("a.pdf", pdf("nowhere"))],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = upload(&pic, "kota-lain", item, &[], &[("a.pdf", pdf("elsewhere"))]).await;
    assert!(status == 404 || status == 403, "{status}");
    assert_eq!(rows().await, 2);

    // Two uploads of one file at the same moment: one lands, the other is told.
    let same = png(300_000);
    let (first, second) = (
        [("kembar-1.png", same.clone())],
        [("kembar-2.png", same.clone())],
    );
    let (a, b) = tokio::join!(
        upload(&pic, SLUG, item, &[], &first),
        upload(&pic, SLUG, item, &[], &second),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{a:?} {b:?}");
    assert_eq!(rows().await, 3);
    assert_eq!(stored_files(app).len(), 3, "the loser's bytes are gone");

    // The quota (3 MB here): counted before the transfer and after.
    for n in 0..2 {
        let (status, body) = upload(
            &pic,
            SLUG,
            item,
            &[],
            &[(&format!("isi-{n}.png"), png(1000 * 1024 + n))],
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (status, body) = upload(&pic, SLUG, item, &[], &[("penuh.png", png(1000 * 1024))]).await;
    assert_eq!(status, 413, "{body}");
    assert!(body["Evidence"]["Quota"]["free"].as_u64().unwrap() < 1000 * 1024);
    assert_eq!(rows().await, 5);

    // A client that goes away mid-transfer leaves nothing.
    use tokio::io::AsyncWriteExt;
    let cookie = {
        let res = app
            .anonymous()
            .post(app.url("/api/masuk"))
            .header("accept", "application/json")
            .form(&[("email", PIC), ("password", support::DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        support::session_cookie(res.headers()).unwrap()
    };
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /t/{SLUG}/butir/{item}/bukti HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\
         Accept: application/json\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n\
         Content-Length: 500000\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"berkas\"; \
         filename=\"putus.png\"\r\nContent-Type: image/png\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&png(200_000)).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    drop(stream);
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(rows().await, 5, "no row for the broken upload");
    let files = stored_files(app);
    assert_eq!(files.len(), 5, "no bytes of the broken upload: {files:?}");

    // The sweeper: bytes without a row go; deleted evidence is purged after retention.
    let state = app::server::state::AppState {
        db: app.db().await,
        settings: std::sync::Arc::new(app.config.settings()),
        storage: app.config.storage().unwrap(),
        live: Default::default(),
    };
    let orphan = app
        .config
        .data_dir
        .join("files/evidence/00000000-0000-0000-0000-000000000000/orphan");
    std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
    std::fs::write(&orphan, b"left by a crash").unwrap();
    let ev = list(&pic, item).await;
    let doc = ev["documents"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = pic
        .call("/api/bukti/hapus", &[("slug", SLUG), ("id", &doc)])
        .await;
    assert_eq!(status, 200);
    let swept = app::server::evidence::sweep(&state, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(swept.orphans, 1);
    assert_eq!(swept.purged, 1, "retention is 0 days here");
    assert!(!orphan.exists());
    assert_eq!(stored_files(app).len(), 4);
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) AS n FROM evidence_revisions WHERE purged_at IS NOT NULL"
        )
        .await,
        1,
        "the purged revision keeps its record"
    );
}

fn small_limits(config: &mut patuh_server::config::Config) {
    config.evidence.max_file_mb = 1;
    config.evidence.tenant_quota_mb = 3;
    config.evidence.retention_days = 0;
}

on_both_databases!(evidence_from_upload_to_restore);

#[tokio::test]
async fn bad_uploads_on_sqlite() {
    let app = TestApp::spawn_with(Backend::Sqlite, small_limits)
        .await
        .unwrap();
    bad_uploads_leave_nothing(&app).await;
}

#[tokio::test]
async fn bad_uploads_on_postgres() {
    match TestApp::spawn_with(Backend::Postgres, small_limits).await {
        Some(app) => bad_uploads_leave_nothing(&app).await,
        None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run"),
    }
}

/// The S3 backend against a real S3-compatible server: a multipart upload (several parts),
/// reads whole and by range, duplicates, a broken transfer and the sweeper.
#[tokio::test]
async fn evidence_on_s3_compatible_storage() {
    let Some(moto) = support::start_moto().await else {
        assert!(
            std::env::var_os("PATUH_TEST_REQUIRE_S3").is_none(),
            "moto_server not found: run scripts/setup.sh"
        );
        eprintln!("moto_server not installed: S3 variant not run");
        return;
    };
    let created = reqwest::Client::new()
        .put(format!("{}/patuh-bukti", moto.endpoint))
        .send()
        .await
        .unwrap();
    assert!(created.status().is_success(), "bucket created");
    let endpoint = moto.endpoint.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| {
        c.storage.backend = "s3".into();
        c.storage.s3 = patuh_server::config::S3Config {
            bucket: "patuh-bukti".into(),
            endpoint: Some(endpoint),
            region: Some("us-east-1".into()),
            access_key_id: Some("testing".into()),
            secret_access_key: Some("testing".to_owned().into()),
            allow_http: true,
        };
        c.evidence.retention_days = 0;
    })
    .await
    .unwrap();
    let storage = app.config.storage().unwrap();
    let objects = || async {
        storage
            .list_before(chrono::Utc::now() + chrono::Duration::days(1))
            .await
            .unwrap()
    };
    let (_, items) = active_cycle_with_tasks(&app).await;
    let item = &items[0];
    let pic = Client::new(&app, PIC).await;

    // 12 MB: three parts of a multipart upload.
    let mut big = pdf("laporan survei");
    big.resize(12 * 1024 * 1024, b' ');
    let (status, body) = upload(
        &pic,
        SLUG,
        item,
        &[],
        &[("Laporan SKM 2025.pdf", big.clone())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(objects().await.len(), 1);
    let ev = list(&pic, item).await;
    let href = ev["documents"][0]["revisions"][0]["href"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let got = res.bytes().await.unwrap();
    assert_eq!(got.len(), big.len());
    assert_eq!(
        hex::encode(sha2::Sha256::digest(&got)),
        hex::encode(sha2::Sha256::digest(&big))
    );
    let res = pic
        .client
        .get(format!("{}{href}", pic.base))
        .header("range", "bytes=10000000-10000009")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        &big[10_000_000..10_000_010]
    );

    // Refusals store nothing.
    let (status, _) = upload(&pic, SLUG, item, &[], &[("salinan.pdf", big.clone())]).await;
    assert_eq!(status, 409);
    let (status, _) = upload(
        &pic,
        SLUG,
        item,
        &[],
        &[("palsu.pdf", b"teks biasa".to_vec())],
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        objects().await.len(),
        1,
        "the duplicate's bytes were removed"
    );

    // Deleted, then purged by the sweeper (retention 0 here) along with an orphan.
    let doc = ev["documents"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = pic
        .call("/api/bukti/hapus", &[("slug", SLUG), ("id", &doc)])
        .await;
    assert_eq!(status, 200);
    let orphan = app::server::storage::Storage::new_key(uuid::Uuid::new_v4());
    storage
        .put(
            &orphan,
            bytes::Bytes::from_static(b"left by a crash"),
            futures_util::stream::empty::<Result<bytes::Bytes, std::io::Error>>(),
            1024,
        )
        .await
        .unwrap();
    let state = app::server::state::AppState {
        db: app.db().await,
        settings: std::sync::Arc::new(app.config.settings()),
        storage: storage.clone(),
        live: Default::default(),
    };
    let swept = app::server::evidence::sweep(&state, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!((swept.purged, swept.orphans), (1, 1));
    assert!(objects().await.is_empty());
    drop(moto);
}
