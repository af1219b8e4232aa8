//! Mentor review as the Ombudsman mentor, the PIC and the coordinator live it, on SQLite and
//! PostgreSQL: the queue, revision requests with template reasons, resubmission, acceptance with
//! a verified score, outdated acceptances, comment threads (mentions, safe formatting, internal
//! notes, edits), notifications with their e-mail, the live stream and its end when a grant is
//! revoked.

mod support;

use futures_util::StreamExt;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::Value;
use support::client::{active_cycle_with_tasks, Client, COORDINATOR, PIC, SLUG};
use support::TestApp;

const MENTOR: &str = "mentor@ombudsman-contoh.test";

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

async fn review(client: &Client, item: &str) -> Value {
    let (status, r) = client
        .call("/api/tinjau", &[("slug", SLUG), ("item", item)])
        .await;
    assert_eq!(status, 200, "{r}");
    r
}

async fn thread(client: &Client, item: &str) -> Value {
    let (status, t) = client
        .call("/api/komentar", &[("slug", SLUG), ("item", item)])
        .await;
    assert_eq!(status, 200, "{t}");
    t
}

async fn workspace(client: &Client, form: &[(&str, &str)]) -> Value {
    let (status, w) = client.call("/api/mentor/antrean", form).await;
    assert_eq!(status, 200, "{w}");
    w
}

fn count_of(w: &Value, status: &str) -> u64 {
    w["counts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[0] == status)
        .unwrap()[1]
        .as_u64()
        .unwrap()
}

async fn answer(client: &Client, item: &str, value: &str) -> (u16, Value) {
    let (_, it) = client
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    let revision = it["revision"].to_string();
    client
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", item),
                ("revision", &revision),
                ("answer", value),
            ],
        )
        .await
}

async fn package_of(client: &Client, item: &str) -> String {
    let (_, it) = client
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    it["package_id"].as_str().unwrap().to_owned()
}

async fn submit(client: &Client, package: &str) {
    let (status, body) = client
        .call("/api/paket/kirim", &[("slug", SLUG), ("id", package)])
        .await;
    assert_eq!(status, 200, "{body}");
}

async fn notices(client: &Client) -> Value {
    let (status, n) = client.call("/api/notifikasi", &[]).await;
    assert_eq!(status, 200, "{n}");
    n
}

async fn a_revision_round_trip_ends_in_acceptance(app: &TestApp) {
    let (cycle, items) = active_cycle_with_tasks(app).await;
    let pic = Client::new(app, PIC).await;
    let mentor = Client::new(app, MENTOR).await;
    let coordinator = Client::new(app, COORDINATOR).await;
    for item in &items {
        let (status, body) = answer(&pic, item, "2").await;
        assert_eq!(status, 200, "{body}");
    }
    let first = items[0].as_str();
    let package = package_of(&pic, first).await;

    // Nothing to review before submission.
    let r = review(&mentor, first).await;
    assert_eq!(r["status"], Value::Null);
    assert_eq!(r["can_review"], false);
    let w = workspace(&mentor, &[]).await;
    assert_eq!(w["total"], 0);

    submit(&pic, &package).await;
    let w = workspace(&mentor, &[("tenant", SLUG)]).await;
    assert_eq!(w["total"].as_u64().unwrap(), items.len() as u64);
    assert_eq!(count_of(&w, "Awaiting"), items.len() as u64);
    assert!(w["rows"][0]["self_label"]
        .as_str()
        .unwrap()
        .starts_with("2 · "));
    assert!(!w["opds"].as_array().unwrap().is_empty());
    assert_eq!(w["tenants"][0]["slug"], SLUG);
    // Every item sits under one top-level section and one OPD: the filtered queues add up.
    let mut by_section = 0;
    for s in w["sections"].as_array().unwrap() {
        let code = s[0].as_str().unwrap();
        let f = workspace(&mentor, &[("tenant", SLUG), ("section", code)]).await;
        assert_eq!(
            f["rows"].as_array().unwrap().len() as u64,
            f["total"].as_u64().unwrap()
        );
        assert_eq!(count_of(&f, "Awaiting"), f["total"].as_u64().unwrap());
        by_section += f["total"].as_u64().unwrap();
    }
    assert_eq!(by_section, items.len() as u64);
    let mut by_opd = 0;
    for o in w["opds"].as_array().unwrap() {
        let id = o[0].as_str().unwrap();
        let f = workspace(&mentor, &[("tenant", SLUG), ("opd", id)]).await;
        by_opd += f["total"].as_u64().unwrap();
        for row in f["rows"].as_array().unwrap() {
            assert_eq!(row["opd"], o[1]);
        }
    }
    assert_eq!(by_opd, items.len() as u64);
    let none = workspace(&mentor, &[("section", "TIDAK-ADA")]).await;
    assert_eq!(none["total"], 0);
    assert!(none["rows"].as_array().unwrap().is_empty());
    assert_eq!(
        w["tenants"][0]["waiting"].as_u64().unwrap(),
        items.len() as u64
    );
    let r = review(&mentor, first).await;
    assert_eq!(r["status"], "Awaiting");
    assert_eq!(r["can_review"], true);
    assert_eq!(review(&pic, first).await["can_review"], false);

    // Tenant users cannot act as mentors.
    for who in [&pic, &coordinator] {
        let (status, err) = who
            .call(
                "/api/tinjau/terima",
                &[("slug", SLUG), ("item", first), ("revision", "1")],
            )
            .await;
        assert_eq!(status, 403, "{err}");
        assert_eq!(err["Review"], "NotMentor");
    }
    // A PIC has no mentor workspace.
    let (status, _) = pic.call("/api/mentor/antrean", &[]).await;
    assert_eq!(status, 403);

    // The office keeps a template; the mentor sends the item back with it.
    let office = w["offices"][0][0].as_str().unwrap().to_owned();
    let template_text = "Maklumat pelayanan belum ditandatangani";
    let (status, body) = mentor
        .call(
            "/api/mentor/templat",
            &[("office", &office), ("text", template_text)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = mentor
        .call(
            "/api/mentor/templat",
            &[("office", &office), ("text", template_text)],
        )
        .await;
    assert_eq!(status, 422, "the same template twice is refused");
    let r = review(&mentor, first).await;
    let template = r["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"] == template_text)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, err) = mentor
        .call(
            "/api/tinjau/perbaikan",
            &[("slug", SLUG), ("item", first), ("revision", "1")],
        )
        .await;
    assert_eq!(status, 422, "a reason is required: {err}");
    assert_eq!(err["Field"]["field"], "reason");
    let (status, body) = mentor
        .call(
            "/api/tinjau/perbaikan",
            &[
                ("slug", SLUG),
                ("item", first),
                ("revision", "1"),
                ("template", &template),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    // The same form sent again (a double click, or a second mentor) is stale.
    let (status, err) = mentor
        .call(
            "/api/tinjau/perbaikan",
            &[
                ("slug", SLUG),
                ("item", first),
                ("revision", "1"),
                ("reason", "lagi"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["ChangedBy"]["by"], "Made Wirawan");

    // The PIC sees the same truth: the reason, a to-do, a notification and an e-mail; the
    // package is open again.
    let r = review(&pic, first).await;
    assert_eq!(r["status"], "RevisionRequested");
    assert_eq!(r["reason"], template_text);
    assert_eq!(r["reviewer"], "Made Wirawan");
    let (_, todo) = pic.call("/api/perbaikan", &[("slug", SLUG)]).await;
    assert_eq!(todo.as_array().unwrap().len(), 1, "{todo}");
    assert_eq!(todo[0]["reason"], template_text);
    assert_eq!(
        todo[0]["reviewer"], "Made Wirawan",
        "the to-do names the mentor"
    );
    let (_, todo) = coordinator.call("/api/perbaikan", &[("slug", SLUG)]).await;
    assert_eq!(
        todo.as_array().unwrap().len(),
        1,
        "the coordinator sees it too"
    );
    let (_, p) = pic
        .call("/api/paket", &[("slug", SLUG), ("id", &package)])
        .await;
    assert_eq!(p["status"], "RevisionRequested");
    // Opening the item (the review panel) above marked its notice read; the centre keeps it.
    let n = notices(&pic).await;
    assert_eq!(n["rows"][0]["kind"], "RevisionRequested");
    assert_eq!(n["rows"][0]["read"], true);
    assert!(n["rows"][0]["href"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/butir/{first}#tinjauan")));
    assert_eq!(
        count(
            app,
            &format!(
                "SELECT COUNT(*) FROM outbox WHERE to_email = '{PIC}' AND subject LIKE 'Perlu perbaikan%'"
            )
        )
        .await,
        1
    );

    // The PIC fixes the answer and resubmits; the mentor hears about it.
    let (status, body) = answer(&pic, first, "3").await;
    assert_eq!(status, 200, "{body}");
    submit(&pic, &package).await;
    let r = review(&mentor, first).await;
    assert_eq!(r["status"], "Resubmitted");
    let n = notices(&mentor).await;
    assert!(
        n["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "Resubmitted"),
        "{n}"
    );
    let w = workspace(&mentor, &[("status", "resubmitted")]).await;
    assert_eq!(w["total"], 1);
    assert_eq!(w["rows"][0]["item"], first);

    // Accepting with a different verified score needs a justification.
    let revision = r["revision"].to_string();
    let (status, err) = mentor
        .call(
            "/api/tinjau/terima",
            &[
                ("slug", SLUG),
                ("item", first),
                ("revision", &revision),
                ("verified", "2"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "justification");
    let (status, body) = mentor
        .call(
            "/api/tinjau/terima",
            &[
                ("slug", SLUG),
                ("item", first),
                ("revision", &revision),
                ("verified", "2"),
                ("justification", "SOP belum ditetapkan dengan SK"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let r = review(&pic, first).await;
    assert_eq!(r["status"], "Accepted");
    assert!(r["self_label"].as_str().unwrap().starts_with("3 · "), "{r}");
    assert!(
        r["verified_label"].as_str().unwrap().starts_with("2 · "),
        "{r}"
    );
    assert_eq!(r["justification"], "SOP belum ditetapkan dengan SK");

    // The rest are accepted as answered; the package follows the last one.
    for item in &items[1..] {
        let r = review(&mentor, item).await;
        let revision = r["revision"].to_string();
        let (status, body) = mentor
            .call(
                "/api/tinjau/terima",
                &[("slug", SLUG), ("item", item), ("revision", &revision)],
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, p) = coordinator
        .call("/api/paket", &[("slug", SLUG), ("id", &package)])
        .await;
    assert_eq!(p["status"], "Accepted");

    // The coordinator's board: accepted counts and a verified projection below the self one.
    let (_, b) = coordinator
        .call("/api/siklus/papan", &[("slug", SLUG), ("id", &cycle)])
        .await;
    let unit = b["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["accepted"].as_u64().unwrap() > 0)
        .unwrap();
    let (own, checked) = (
        unit["projection"]["value"].as_f64().unwrap(),
        unit["verified"]["value"].as_f64().unwrap(),
    );
    assert!(checked < own, "verified {checked} < self {own}");
    assert!(b["pemda_verified"].is_object());

    // A change after acceptance makes it outdated and puts it back in the queue.
    let (status, body) = coordinator
        .call(
            "/api/paket/buka",
            &[("slug", SLUG), ("id", &package), ("note", "Koreksi data")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let second = items[1].as_str();
    let (status, body) = answer(&pic, second, "1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(review(&mentor, second).await["status"], "Outdated");
    let w = workspace(&mentor, &[]).await;
    assert_eq!(w["total"], 1, "only the changed item waits");
    assert_eq!(w["rows"][0]["status"], "Outdated");

    // Every action is in the item's history and the audit log.
    let (_, it) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", first)])
        .await;
    let kinds: Vec<&str> = it["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"review.revision_requested"), "{kinds:?}");
    assert!(kinds.contains(&"review.accepted"), "{kinds:?}");
    assert_eq!(
        count(
            app,
            "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'review.%'"
        )
        .await,
        // one template, one revision request, one accept per item
        2 + items.len() as i64
    );
}

async fn threads_keep_mentions_formatting_and_internal_notes_straight(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let pic = Client::new(app, PIC).await;
    let mentor = Client::new(app, MENTOR).await;
    let coordinator = Client::new(app, COORDINATOR).await;
    let item = items[0].as_str();

    // Who can be mentioned: pemda members and the granted office's mentors.
    let t = thread(&pic, item).await;
    let people = t["people"].as_array().unwrap();
    let handle_of = |name: &str| {
        people.iter().find(|p| p["name"] == name).unwrap()["handle"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mentor_handle = handle_of("Made Wirawan");
    assert_eq!(mentor_handle, "mentor");
    assert_eq!(t["can_comment"], true);
    assert_eq!(t["can_internal"], false);

    // A comment with markup, a script and a mention: rendered safely, the mentor notified.
    let body =
        format!("Mohon arahan @{mentor_handle}: **SK** sudah <script>alert(1)</script> ada?");
    let (status, id) = pic
        .call(
            "/api/komentar/tambah",
            &[("slug", SLUG), ("item", item), ("body", &body)],
        )
        .await;
    assert_eq!(status, 200, "{id}");
    let first = id.as_str().unwrap().to_owned();
    let t = thread(&mentor, item).await;
    let html = t["comments"][0]["html"].as_str().unwrap();
    assert!(html.contains("<strong>SK</strong>"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("class=\"mention\""), "{html}");
    let n = notices(&mentor).await;
    assert_eq!(n["rows"][0]["kind"], "Mention");
    assert_eq!(n["unread"], 1);

    // The mentor replies and writes an internal note; the PIC sees the reply, not the note.
    let (status, _) = mentor
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "SK bupati perlu dilampirkan."),
                ("parent", &first),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let (status, note) = mentor
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "Catatan tim: cek ulang saat verifikasi lapangan."),
                ("internal", "on"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let note = note.as_str().unwrap().to_owned();
    let seen_by_pic = thread(&pic, item).await;
    let texts: Vec<&str> = seen_by_pic["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["html"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains("Catatan tim")));
    assert_eq!(seen_by_pic["comments"][1]["parent"], first.as_str());
    assert_eq!(
        thread(&mentor, item).await["comments"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let coordinator_view = thread(&coordinator, item).await;
    assert_eq!(coordinator_view["comments"].as_array().unwrap().len(), 2);
    // The PIC was told about the reply to their comment.
    assert_eq!(notices(&pic).await["rows"][0]["kind"], "Reply");
    // The internal note is not reachable by the pemda in any way.
    let (status, _) = pic
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "balas"),
                ("parent", &note),
            ],
        )
        .await;
    assert_eq!(status, 422);
    let (status, err) = pic
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "rahasia"),
                ("internal", "on"),
            ],
        )
        .await;
    assert_eq!(status, 403, "{err}");
    let (status, _) = pic
        .call(
            "/api/komentar/ubah",
            &[
                ("slug", SLUG),
                ("id", &note),
                ("revision", "1"),
                ("body", "x"),
            ],
        )
        .await;
    assert_eq!(status, 404);

    // The author edits within the window; the earlier text is kept. Nobody edits another's.
    let (status, body) = pic
        .call(
            "/api/komentar/ubah",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", "1"),
                ("body", "Mohon arahan: SK sudah ada, apakah cukup?"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = pic
        .call(
            "/api/komentar/ubah",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", "1"),
                ("body", "y"),
            ],
        )
        .await;
    assert_eq!(status, 409, "a stale edit is refused");
    let (status, err) = mentor
        .call(
            "/api/komentar/ubah",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", "2"),
                ("body", "z"),
            ],
        )
        .await;
    assert_eq!(status, 403, "{err}");
    assert_eq!(err["Review"], "NotAuthor");
    let t = thread(&pic, item).await;
    let c = &t["comments"][0];
    assert!(c["html"].as_str().unwrap().contains("apakah cukup"));
    assert_eq!(
        c["edited_at"]["zone"], "WITA",
        "edited on the pemda's clock"
    );
    assert!(c["edits"][0][1].as_str().unwrap().contains("Mohon arahan"));
    // Past the window, editing is refused with its reason.
    {
        use app::server::entities::comment;
        use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
        let an_hour_ago = chrono::Utc::now() - chrono::Duration::hours(1);
        comment::Entity::update_many()
            .col_expr(comment::Column::CreatedAt, Expr::value(an_hour_ago))
            .filter(comment::Column::Id.eq(first.parse::<uuid::Uuid>().unwrap()))
            .exec(&app.db().await)
            .await
            .unwrap();
    }
    let (status, err) = pic
        .call(
            "/api/komentar/ubah",
            &[
                ("slug", SLUG),
                ("id", &first),
                ("revision", "2"),
                ("body", "w"),
            ],
        )
        .await;
    assert_eq!(status, 409, "{err}");
    assert_eq!(err["Review"], "EditWindowPassed");

    // Empty and oversized comments are refused with the field named.
    let (status, err) = pic
        .call(
            "/api/komentar/tambah",
            &[("slug", SLUG), ("item", item), ("body", "   ")],
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["Field"]["field"], "body");
    let long = "a".repeat(4001);
    let (status, _) = pic
        .call(
            "/api/komentar/tambah",
            &[("slug", SLUG), ("item", item), ("body", &long)],
        )
        .await;
    assert_eq!(status, 422);

    // A digest person gets one e-mail the next morning, never two.
    let (status, _) = mentor
        .call("/api/notifikasi/surel", &[("pref", "digest")])
        .await;
    assert_eq!(status, 200);
    let (status, _) = pic
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", &format!("@{mentor_handle} sudah kami lampirkan")),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let mails = |app| async move {
        count(
            app,
            &format!("SELECT COUNT(*) FROM outbox WHERE to_email = '{MENTOR}'"),
        )
        .await
    };
    let before = mails(app).await;
    // 08:00 tomorrow on the pemda's clock: after its 07:00 digest whatever the time of day the
    // test runs.
    let zone = support::client::demo_zone();
    let tomorrow = app::server::clock::instant(
        zone,
        support::client::demo_today() + chrono::Days::new(1),
        chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
    );
    let db = app.db().await;
    let sent = app::server::notify::send_digests(&db, "http://patuh.test", tomorrow)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    assert_eq!(
        app::server::notify::send_digests(&db, "http://patuh.test", tomorrow)
            .await
            .unwrap(),
        0
    );
    assert_eq!(mails(app).await, before + 1);

    // Mark all read.
    let (status, _) = mentor.call("/api/notifikasi/baca", &[]).await;
    assert_eq!(status, 200);
    assert_eq!(notices(&mentor).await["unread"], 0);
    let (_, unread) = mentor.call("/api/notifikasi/belum", &[]).await;
    assert_eq!(unread, 0);
}

async fn the_live_stream_follows_the_item_and_ends_with_the_grant(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let pic = Client::new(app, PIC).await;
    let mentor = Client::new(app, MENTOR).await;
    let coordinator = Client::new(app, COORDINATOR).await;
    let item = items[0].as_str();
    let url = format!("{}/t/{SLUG}/butir/{item}/langsung", app.base);

    // Anonymous or another item's stranger: no stream.
    let res = app.anonymous().get(&url).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let res = mentor
        .client
        .get(format!(
            "{}/t/{SLUG}/butir/{}/langsung",
            app.base,
            uuid::Uuid::new_v4()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    let res = mentor.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    let mut events = res.bytes_stream();
    let mut buffer = String::new();
    let (status, _) = pic
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "Sudah kami unggah."),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(support::next_event(&mut events, &mut buffer, "comment").await);
    let (status, _) = answer(&pic, item, "3").await;
    assert_eq!(status, 200);
    assert!(support::next_event(&mut events, &mut buffer, "answer").await);

    // The pemda revokes the office's access: the open stream ends at once, and so does access.
    let (_, offices) = coordinator
        .call("/api/mentor/daftar", &[("slug", SLUG)])
        .await;
    let office = offices
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["granted"] == true)
        .unwrap_or_else(|| panic!("{offices}"))["office_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = coordinator
        .call(
            "/api/mentor/akses",
            &[("slug", SLUG), ("office_id", &office), ("granted", "false")],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(support::next_event(&mut events, &mut buffer, "revoked").await);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), events.next()).await;
    assert!(
        matches!(ended, Ok(None) | Ok(Some(Err(_)))),
        "the stream ends after revocation"
    );
    let (status, _) = mentor
        .call("/api/tinjau", &[("slug", SLUG), ("item", item)])
        .await;
    assert_eq!(status, 404);
    let w = workspace(&mentor, &[]).await;
    assert!(w["tenants"].as_array().unwrap().is_empty());
    let res = mentor.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

on_both_databases! {
    a_revision_round_trip_ends_in_acceptance,
    threads_keep_mentions_formatting_and_internal_notes_straight,
    the_live_stream_follows_the_item_and_ends_with_the_grant,
}
