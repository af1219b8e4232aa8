//! Two server instances on one database (and one file store: the S3-compatible moto server when
//! it is installed, else the shared local folder), as a deployment behind a load balancer runs
//! them: a person signed in on one is signed in on the other, evidence uploaded through one
//! downloads through the other, notifications and (on PostgreSQL, through `LISTEN/NOTIFY`) live
//! updates reach whichever instance the page is on, background jobs run once per round however
//! many instances tick, and two deliverers never send the same e-mail twice.

mod support;

use reqwest::multipart::{Form, Part};
use sea_orm::{ConnectionTrait, Statement};
use support::client::{active_cycle_with_tasks, Client, PIC, SLUG};
use support::{Backend, Moto, TestApp};

const MENTOR: &str = "mentor@ombudsman-contoh.test";

/// moto's S3-compatible server with the bucket made.
async fn start_moto() -> Option<Moto> {
    let moto = support::start_moto().await?;
    let made = reqwest::Client::new()
        .put(format!("{}/patuh-bukti", moto.endpoint))
        .send()
        .await
        .unwrap();
    assert!(made.status().is_success(), "bucket created");
    Some(moto)
}

/// The first instance, on S3 when moto is there.
async fn first_instance(backend: Backend, moto: Option<&Moto>) -> Option<TestApp> {
    let endpoint = moto.map(|m| m.endpoint.clone());
    TestApp::spawn_with(backend, move |c| {
        if let Some(endpoint) = endpoint {
            c.storage.backend = "s3".into();
            c.storage.s3 = patuh_server::config::S3Config {
                bucket: "patuh-bukti".into(),
                endpoint: Some(endpoint),
                region: Some("us-east-1".into()),
                access_key_id: Some("testing".into()),
                secret_access_key: Some("testing".to_owned().into()),
                allow_http: true,
            };
        }
    })
    .await
}

/// The same person's client pointed at another instance (the cookie jar is shared: cookies
/// do not tell ports apart, exactly as behind one public address).
fn on(client: &Client, base: &str) -> Client {
    Client {
        base: base.to_owned(),
        client: client.client.clone(),
    }
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
    .try_get_by_index::<i64>(0)
    .unwrap()
}

async fn two_instances_serve_the_same_people(backend: Backend) {
    let moto = start_moto().await;
    if moto.is_none() {
        assert!(
            std::env::var_os("PATUH_TEST_REQUIRE_S3").is_none(),
            "moto_server not found: run scripts/setup.sh"
        );
        eprintln!("moto_server not installed: the instances share the local file store");
    }
    let Some(a) = first_instance(backend, moto.as_ref()).await else {
        eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run");
        return;
    };
    let b = a.another_instance().await;
    let (_, items) = active_cycle_with_tasks(&a).await;
    let item = items[0].as_str();

    // Signed in on A, signed in on B: the session lives in the database.
    let pic_a = Client::new(&a, PIC).await;
    let pic_b = on(&pic_a, &b.base);
    let (status, it) = pic_b
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    assert_eq!(status, 200, "{it}");
    let (status, page) = pic_b.page(&format!("/t/{SLUG}/butir/{item}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Keluar"), "B shows the signed-in page");

    // Evidence uploaded through A downloads through B, byte for byte.
    let bytes = b"%PDF-1.4\n% SK pelayanan\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let res = pic_a
        .client
        .post(format!("{}/t/{SLUG}/butir/{item}/bukti", a.base))
        .header("accept", "application/json")
        .multipart(Form::new().part(
            "berkas",
            Part::bytes(bytes.clone()).file_name("SK Standar Pelayanan.pdf"),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (status, ev) = pic_b
        .call("/api/bukti", &[("slug", SLUG), ("item", item)])
        .await;
    assert_eq!(status, 200, "{ev}");
    let href = ev["documents"][0]["revisions"][0]["href"]
        .as_str()
        .unwrap_or_else(|| panic!("{ev}"))
        .to_owned();
    let got = pic_b
        .client
        .get(format!("{}{href}", b.base))
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // The mentor watches the item on B; the PIC mentions the mentor through A. The notice is
    // on both instances, and on PostgreSQL the open page on B hears the comment.
    let mentor_b = {
        let m = Client::new(&a, MENTOR).await;
        on(&m, &b.base)
    };
    let res = mentor_b
        .client
        .get(format!("{}/t/{SLUG}/butir/{item}/langsung", b.base))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut events = res.bytes_stream();
    let mut buffer = String::new();
    let (status, body) = pic_a
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "@mentor SK sudah kami unggah."),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    if backend == Backend::Postgres {
        assert!(
            support::next_event(&mut events, &mut buffer, "comment").await,
            "B's stream hears a comment made through A"
        );
    }
    let (_, on_b) = mentor_b.call("/api/notifikasi", &[]).await;
    let (_, on_a) = on(&mentor_b, &a.base).call("/api/notifikasi", &[]).await;
    assert_eq!(on_b["unread"], 1, "{on_b}");
    assert_eq!(on_a["unread"], 1, "{on_a}");

    // Both instances ticked their upkeep at start; each job ran once.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    while count(
        &a,
        "SELECT COUNT(*) FROM job_runs WHERE finished_at IS NOT NULL",
    )
    .await
        < 4
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the upkeep jobs ran"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        count(&a, "SELECT COALESCE(MAX(runs), 0) FROM job_runs").await,
        1,
        "no job ran twice"
    );
    drop(b);
}

#[tokio::test]
async fn two_instances_on_sqlite() {
    two_instances_serve_the_same_people(Backend::Sqlite).await;
}

#[tokio::test]
async fn two_instances_on_postgres() {
    two_instances_serve_the_same_people(Backend::Postgres).await;
}

/// Many instances claiming the same round at the same moment: exactly one wins it, and the next
/// round is not due before its period.
async fn one_claim_wins(app: &TestApp) {
    let now = chrono::Utc::now() + chrono::Duration::hours(1);
    let mut claims = Vec::new();
    for n in 0..8 {
        let db = app.db().await;
        claims.push(tokio::spawn(async move {
            app::server::jobs::claim(
                &db,
                "test-job",
                std::time::Duration::from_secs(600),
                &format!("instance-{n}"),
                now,
            )
            .await
            .unwrap()
        }));
    }
    let mut won = 0;
    for c in claims {
        won += usize::from(c.await.unwrap());
    }
    assert_eq!(won, 1);
    let db = app.db().await;
    let again = app::server::jobs::claim(
        &db,
        "test-job",
        std::time::Duration::from_secs(600),
        "late",
        now + chrono::Duration::minutes(9),
    )
    .await
    .unwrap();
    assert!(!again, "the next round is not due yet");
    let next = app::server::jobs::claim(
        &db,
        "test-job",
        std::time::Duration::from_secs(600),
        "late",
        now + chrono::Duration::minutes(10),
    )
    .await
    .unwrap();
    assert!(next, "the next round is due after its period");
}

/// Two deliverers working the same outbox at once send every message exactly once.
async fn two_deliverers_send_each_message_once(app: &TestApp) {
    let db = app.db().await;
    db.execute(Statement::from_string(
        db.get_database_backend(),
        "UPDATE outbox SET sent_at = created_at".to_owned(),
    ))
    .await
    .unwrap();
    for n in 0..30 {
        app::server::mail::enqueue(
            &db,
            app::server::mail::Message {
                to: format!("orang{n}@kab-contoh.test"),
                subject: format!("Pesan {n}"),
                body: "Isi".into(),
            },
        )
        .await
        .unwrap();
    }
    let from: lettre::message::Mailbox = "Patuh <patuh@kab-contoh.test>".parse().unwrap();
    let transports = [
        lettre::transport::stub::AsyncStubTransport::new_ok(),
        lettre::transport::stub::AsyncStubTransport::new_ok(),
    ];
    let other = app.db().await;
    let (one, two) = tokio::join!(
        app::server::mail::deliver_pending(&db, &transports[0], &from, 50),
        app::server::mail::deliver_pending(&other, &transports[1], &from, 50),
    );
    let sent = one.unwrap() + two.unwrap();
    let mut recipients: Vec<String> = Vec::new();
    for t in &transports {
        for (envelope, _) in t.messages().await {
            recipients.extend(envelope.to().iter().map(|a| a.to_string()));
        }
    }
    recipients.sort();
    let total = recipients.len();
    recipients.dedup();
    assert_eq!(total, 30, "every message sent");
    assert_eq!(recipients.len(), 30, "no message sent twice");
    assert_eq!(sent, 30);
    assert_eq!(
        count(app, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await,
        0
    );
}

/// On PostgreSQL only: SQLite has one server instance by design, whose single deliverer reads
/// and sends in turn.
#[tokio::test]
async fn two_deliverers_on_postgres() {
    match TestApp::spawn(Backend::Postgres).await {
        Some(app) => two_deliverers_send_each_message_once(&app).await,
        None => eprintln!("PATUH_TEST_POSTGRES_URL not set: PostgreSQL variant not run"),
    }
}

on_both_databases! {
    one_claim_wins,
}

/// Pages keep answering while another instance starts in the same process (leptos-rs/leptos#4773:
/// building a router used to switch page data loading off for the whole process, and a page
/// whose data began loading in that moment never answered). The servers run on a two-thread
/// runtime so pages render while the next instance is being built beside them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_while_another_instance_starts() {
    support::within_limit("pages_answer_while_another_instance_starts", async {
        let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
        let (_, items) = active_cycle_with_tasks(&app).await;
        let pic = Client::new(&app, PIC).await;
        let pages = [
            "/".to_owned(),
            format!("/t/{SLUG}"),
            format!("/t/{SLUG}/tugas"),
            format!("/t/{SLUG}/butir/{}", items[0]),
        ];
        let reader = tokio::spawn(async move {
            for path in pages.iter().cycle().take(40) {
                let page =
                    tokio::time::timeout(std::time::Duration::from_secs(20), pic.page(path)).await;
                let Ok((status, _)) = page else {
                    panic!("{path} did not answer within 20 s while instances started");
                };
                assert_eq!(status, 200, "{path}");
            }
        });
        let mut others = Vec::new();
        while !reader.is_finished() {
            others.push(app.another_instance().await);
        }
        reader.await.unwrap();
        assert!(
            !others.is_empty(),
            "instances started while the pages were read"
        );
    })
    .await;
}
