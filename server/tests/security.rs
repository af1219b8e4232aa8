//! Defects found from outside, each shown fixed from outside: user text that tries to become
//! markup, redirects that try to leave the site, a bulk write widened by an unreadable filter,
//! spreadsheet formulas in exports, live streams that outlive their session or tell the pemda of
//! a mentor's note, session cookies, and races that used to end in a 500.

mod support;

use futures_util::StreamExt;
use support::client::{active_cycle_with_tasks, pdf, upload, Client, COORDINATOR, PIC, SLUG};
use support::{session_cookie, Backend, TestApp, DEMO_PASSWORD};

const MENTOR: &str = "mentor@ombudsman-contoh.test";
const OPERATOR: &str = "operator@patuh.test";

/// What an outside tester saved into a PIC's notes: it closes the textarea and adds its own
/// elements (a meta refresh to another site gets past a CSP that only stops scripts).
const MARKUP: &str = "Catatan</textarea></script><b id=\"x\">HTML</b><meta http-equiv=\"refresh\" \
                      content=\"5;url=https://evil.example/\"><textarea>";

/// The markup of [`MARKUP`] never reaches a page as markup: no `<b id=…>` or `<meta
/// http-equiv=…>` element, in a textarea, a text node or the hydration data alike.
fn assert_inert(page: &str, what: &str) {
    for element in ["<b id=", "<meta http-equiv="] {
        assert!(
            !page.contains(element),
            "{what}: the saved text became markup ({element}):\n{page}"
        );
    }
}

/// Every text field and textarea the app renders back, fed [`MARKUP`].
async fn markup_in_every_text_field_stays_text(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let item = items[0].as_str();
    let pic = Client::new(app, PIC).await;
    let coordinator = Client::new(app, COORDINATOR).await;
    let mentor = Client::new(app, MENTOR).await;

    // The answer's notes, then a comment (its edit box is a textarea for its author).
    let (_, it) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    let revision = it["revision"].to_string();
    let (status, body) = pic
        .call(
            "/api/butir/simpan",
            &[
                ("slug", SLUG),
                ("id", item),
                ("revision", &revision),
                ("answer", "2"),
                ("notes", MARKUP),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = pic
        .call(
            "/api/komentar/tambah",
            &[("slug", SLUG), ("item", item), ("body", MARKUP)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    for (who, client) in [
        ("PIC", &pic),
        ("coordinator", &coordinator),
        ("mentor", &mentor),
    ] {
        let (status, page) = client.page(&format!("/t/{SLUG}/butir/{item}")).await;
        assert_eq!(status, 200);
        assert_inert(&page, &format!("item page as the {who}"));
        assert!(
            page.contains("Catatan&lt;/textarea&gt;"),
            "the notes are shown as text to the {who}"
        );
    }

    // An OPD's name, on the organisation page and in the cycle board.
    let (status, body) = coordinator
        .call(
            "/api/organisasi/opd-baru",
            &[("slug", SLUG), ("code", "UJI-HTML"), ("name", MARKUP)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = coordinator.page(&format!("/t/{SLUG}/organisasi")).await;
    assert_inert(&page, "organisation page");

    // The SKM follow-up plan: its action box is a textarea, its owner a text field.
    let (_, o) = coordinator.call("/api/skm/daftar", &[("slug", SLUG)]).await;
    let unit = o["units"][0]["id"].as_str().unwrap().to_owned();
    let version = o["versions"][0][0].as_str().unwrap().to_owned();
    let (status, period) = coordinator
        .call(
            "/api/skm/periode-baru",
            &[
                ("slug", SLUG),
                ("unit_id", &unit),
                ("version_id", &version),
                ("name", "SKM uji"),
                ("starts_on", "2026-01-01"),
                ("ends_on", "2026-12-31"),
                ("population", "100"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{period}");
    let period = period.as_str().unwrap().to_owned();
    let (status, body) = coordinator
        .call(
            "/api/skm/tindak-lanjut",
            &[
                ("slug", SLUG),
                ("period_id", &period),
                ("element", "U8"),
                ("action", MARKUP),
                ("owner", MARKUP),
                ("due_on", "2026-03-31"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = coordinator.page(&format!("/t/{SLUG}/skm/{period}")).await;
    assert_inert(&page, "SKM period page");
    assert!(page.contains("Catatan&lt;/textarea&gt;"), "{page}");

    // The instrument YAML editor.
    let operator = Client::new(app, OPERATOR).await;
    let (_, library) = operator.call("/api/admin/instrumen", &[]).await;
    let version = library
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "ombudsman-kepatuhan")
        .unwrap_or_else(|| panic!("{library}"))["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == "2023")
        .unwrap_or_else(|| panic!("{library}"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, draft) = operator
        .call(
            "/api/admin/instrumen-salin",
            &[("id", &version), ("version", "2099-uji")],
        )
        .await;
    assert_eq!(status, 200, "{draft}");
    let draft = draft.as_str().unwrap().to_owned();
    let (_, src) = operator
        .call("/api/admin/instrumen-sumber", &[("id", &draft)])
        .await;
    let source = src[0].as_str().unwrap();
    let revision = src[1].to_string();
    let description = source
        .lines()
        .find(|l| l.trim_start().starts_with("description:"))
        .unwrap()
        .to_owned();
    let edited = source.replacen(&description, &format!("  description: '{MARKUP}'"), 1);
    let (status, body) = operator
        .call(
            "/api/admin/instrumen-simpan",
            &[("id", &draft), ("revision", &revision), ("source", &edited)],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = operator
        .page(&format!("/admin/instrumen/{draft}/ubah"))
        .await;
    assert_inert(&page, "instrument editor");
    assert!(page.contains("Catatan&lt;/textarea&gt;"), "{page}");
}

/// The open-redirect family on the language switch and after sign-in.
async fn redirects_never_leave_the_site(app: &TestApp) {
    let attacks = [
        "/%09/evil.example",
        "/%0A/evil.example",
        "//evil.example",
        "/%5C/evil.example",
        "%5C/evil.example",
        "/%5Cevil.example",
        "/%2F%2Fevil.example",
        "/%252F%252Fevil.example",
        "https://evil.example",
        "https:evil.example",
        "%09//evil.example",
        "/%0D%0ASet-Cookie:%20x=1",
    ];
    for attack in attacks {
        let res = app
            .anonymous()
            .get(app.url(&format!("/bahasa/en?kembali={attack}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "{attack}");
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{attack} → {location}"
        );
        assert!(
            !location.contains("evil.example") || location.starts_with("/%"),
            "{attack} → {location}"
        );
        let resolved = url::Url::parse("http://patuh.example/")
            .unwrap()
            .join(&location)
            .unwrap();
        assert_eq!(resolved.host_str(), Some("patuh.example"), "{attack}");
    }
    // A local page is still where the switch returns.
    let res = app
        .anonymous()
        .get(app.url("/bahasa/en?kembali=/t/kab-contoh/siklus%3Fhal%3D2"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/t/kab-contoh/siklus?hal=2");

    // Sign-in's `next` follows the same rule.
    for (next, expected) in [
        ("/\t/evil.example", "/"),
        ("/t/kab-contoh", "/t/kab-contoh"),
    ] {
        let res = app
            .anonymous()
            .post(app.url("/api/masuk"))
            .header("accept", "text/html")
            .form(&[
                ("email", COORDINATOR),
                ("password", DEMO_PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302, "{next:?}");
        assert_eq!(res.headers()["location"], expected, "{next:?}");
    }
}

/// An unreadable OPD or unit id in the bulk-assign form is refused on its field; nothing moves.
async fn bulk_assignment_refuses_an_unreadable_filter(app: &TestApp) {
    let (cycle, items) = active_cycle_with_tasks(app).await;
    let coordinator = Client::new(app, COORDINATOR).await;
    let (_, options) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", &cycle)])
        .await;
    let other = options["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] != "Dewi Lestari")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let form = [("slug", SLUG), ("id", cycle.as_str())];
    let board = || coordinator.call("/api/siklus/papan", &form);
    let before = board().await;
    for (field, value) in [
        ("opd_id", "bukan-id"),
        ("unit_id", "12345"),
        ("pic", "siapa"),
        ("opd_id", &uuid::Uuid::new_v4().to_string()),
    ] {
        let mut form = vec![("slug", SLUG), ("id", cycle.as_str()), (field, value)];
        if field != "pic" {
            form.push(("pic", other.as_str()));
        }
        let (status, err) = coordinator.call("/api/siklus/tugaskan", &form).await;
        assert_eq!(status, 422, "{field}={value}: {err}");
        assert_eq!(err["Field"]["field"], field, "{err}");
    }
    assert_eq!(board().await, before, "nothing was reassigned");
    let pic = Client::new(app, PIC).await;
    let (_, tasks) = pic.call("/api/tugas/saya", &[("slug", SLUG)]).await;
    assert_eq!(tasks.as_array().unwrap().len(), items.len());
}

/// Text that a spreadsheet would run as a formula is inert in the CSV export, and reads back
/// as typed.
async fn exports_carry_no_formulas(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let formula = "=HYPERLINK(\"https://evil.example\",\"Klik\")";
    let (status, body) = coordinator
        .call(
            "/api/organisasi/opd-baru",
            &[
                ("slug", SLUG),
                ("code", "UJI-RUMUS"),
                ("name", formula),
                ("head_name", "@SUM(1+1)"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let csv = coordinator
        .client
        .get(format!(
            "{}/t/{SLUG}/organisasi/ekspor?format=csv",
            app.base
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let mut seen = false;
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a live formula in the export: {cell:?}"
            );
            seen |= cell == format!("'{formula}");
        }
    }
    assert!(seen, "the name is exported, quoted: {csv}");
    // The XLSX export holds it as text, not as a formula.
    let xlsx = coordinator
        .client
        .get(format!(
            "{}/t/{SLUG}/organisasi/ekspor?format=xlsx",
            app.base
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    use calamine::{DataType, Reader};
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let formulas = book.worksheet_formula("Organisasi").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
    let range = book.worksheet_range("Organisasi").unwrap();
    assert!(range
        .used_cells()
        .any(|(_, _, c)| c.get_string() == Some(formula)));
}

/// A live stream ends when its session does, a session holds a bounded number of streams, and a
/// mentor's internal note is announced to mentors only.
async fn live_streams_follow_the_session(app: &TestApp) {
    let (_, items) = active_cycle_with_tasks(app).await;
    let item = items[0].as_str();
    let url = format!("{}/t/{SLUG}/butir/{item}/langsung", app.base);
    let pic = Client::new(app, PIC).await;
    let mentor = Client::new(app, MENTOR).await;

    // A mentor's internal note reaches the mentor's stream, not the pemda's.
    let pic_stream = pic.client.get(&url).send().await.unwrap();
    assert_eq!(pic_stream.status(), 200);
    let mut pic_events = pic_stream.bytes_stream();
    let mut pic_buffer = String::new();
    let mentor_stream = mentor.client.get(&url).send().await.unwrap();
    let mut mentor_events = mentor_stream.bytes_stream();
    let mut mentor_buffer = String::new();
    let (status, body) = mentor
        .call(
            "/api/komentar/tambah",
            &[
                ("slug", SLUG),
                ("item", item),
                ("body", "Catatan internal tim"),
                ("internal", "on"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(support::next_event(&mut mentor_events, &mut mentor_buffer, "comment").await);
    let (status, body) = pic
        .call("/api/butir", &[("slug", SLUG), ("id", item)])
        .await;
    assert_eq!(status, 200, "{body}");
    let heard =
        tokio::time::timeout(std::time::Duration::from_millis(1500), pic_events.next()).await;
    if let Ok(Some(Ok(chunk))) = heard {
        pic_buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(
        !pic_buffer.contains("event: comment"),
        "the pemda heard of an internal note: {pic_buffer}"
    );

    // A public comment still reaches everyone.
    let (status, _) = mentor
        .call(
            "/api/komentar/tambah",
            &[("slug", SLUG), ("item", item), ("body", "Mohon lengkapi.")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(support::next_event(&mut pic_events, &mut pic_buffer, "comment").await);

    // Signing out ends the stream at once, though the user is still active.
    let (status, _) = pic.call("/api/keluar", &[]).await;
    assert!(status < 400, "{status}");
    assert!(support::next_event(&mut pic_events, &mut pic_buffer, "revoked").await);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), pic_events.next()).await;
    assert!(
        matches!(ended, Ok(None) | Ok(Some(Err(_)))),
        "the stream ends with its session"
    );
    assert_eq!(
        pic.client.get(&url).send().await.unwrap().status(),
        401,
        "no new stream without a session"
    );

    // One session holds a bounded number of streams; a closed one frees its place.
    let again = Client::new(app, PIC).await;
    let mut open = Vec::new();
    for _ in 0..6 {
        let res = again.client.get(&url).send().await.unwrap();
        assert_eq!(res.status(), 200);
        open.push(res);
    }
    let res = again.client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 429);
    drop(open.pop());
    let mut freed = false;
    for _ in 0..50 {
        if again.client.get(&url).send().await.unwrap().status() == 200 {
            freed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(freed, "a closed stream gives its place back");
}

/// The session id changes at sign-in and whenever the person's roles change; the old id is
/// worth nothing after.
async fn the_session_id_follows_sign_in_and_role_changes(app: &TestApp) {
    // Sign-in: a session id planted before sign-in is not the one signed in.
    let planted = app.anonymous();
    let res = planted
        .get(app.url("/bahasa/en?kembali=/"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = planted
        .post(app.url("/api/masuk"))
        .header("accept", "application/json")
        .header("cookie", "patuh_sesi=ditanam-penyerang")
        .form(&[("email", MENTOR), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let first = session_cookie(res.headers()).expect("a session cookie at sign-in");
    assert!(!first.contains("ditanam-penyerang"));

    // A role change: the pemda revokes the mentor office's access.
    let mentor = Client::new(app, MENTOR).await;
    let (status, _) = mentor.page("/").await;
    assert_eq!(status, 200);
    let before = mentor.client.get(app.url("/")).send().await.unwrap();
    let old = session_cookie(before.headers());
    let coordinator = Client::new(app, COORDINATOR).await;
    let (_, offices) = coordinator
        .call("/api/mentor/daftar", &[("slug", SLUG)])
        .await;
    let office = offices
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["granted"] == true)
        .unwrap()["office_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = coordinator
        .call(
            "/api/mentor/akses",
            &[("slug", SLUG), ("office_id", &office), ("granted", "false")],
        )
        .await;
    assert_eq!(status, 200);
    let res = mentor.client.get(app.url("/")).send().await.unwrap();
    let rotated = session_cookie(res.headers()).expect("a new session id after a role change");
    assert_ne!(Some(rotated.clone()), old);
    // The mentor is still signed in under the new id.
    let (_, me) = mentor.call("/api/saya", &[]).await;
    assert_eq!(me["email"], MENTOR, "{me}");
}

/// Cookies carry `Secure` when the public URL is https.
#[tokio::test]
async fn session_cookies_are_secure_behind_https() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.base_url = Some("https://patuh.example.go.id".into());
    })
    .await
    .unwrap();
    let res = app.sign_in(COORDINATOR, DEMO_PASSWORD).await;
    let cookie = session_cookie(res.headers()).unwrap();
    assert!(cookie.contains("Secure"), "{cookie}");
    let plain = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let res = plain.sign_in(COORDINATOR, DEMO_PASSWORD).await;
    let cookie = session_cookie(res.headers()).unwrap();
    assert!(!cookie.contains("Secure"), "{cookie}");
}

/// Identical requests racing each other: one wins, the others get the normal refusal, never a
/// 500.
async fn races_end_in_a_refusal_not_a_500(app: &TestApp) {
    // The same OPD code, eight times at once.
    let coordinator = Client::new(app, COORDINATOR).await;
    let attempts = (0..8).map(|n| {
        let name = format!("Dinas Uji {n}");
        let c = &coordinator;
        async move {
            c.call(
                "/api/organisasi/opd-baru",
                &[("slug", SLUG), ("code", "BALAP"), ("name", &name)],
            )
            .await
        }
    });
    let results = futures_util::future::join_all(attempts).await;
    let won = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(won, 1, "{results:?}");
    for (status, body) in &results {
        assert!(
            *status == 200 || (*status == 422 && body["Taken"]["field"] == "code"),
            "{status} {body}"
        );
    }

    // The same pemda slug, at once, by the operator.
    let operator = Client::new(app, OPERATOR).await;
    let attempts = (0..6).map(|n| {
        let name = format!("Kota Balap {n}");
        let o = &operator;
        async move {
            o.call(
                "/api/admin/pemda-baru",
                &[
                    ("name", &name),
                    ("slug", "kota-balap"),
                    ("kind", "kota"),
                    ("province", "Kalimantan Timur"),
                ],
            )
            .await
        }
    });
    let results = futures_util::future::join_all(attempts).await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{results:?}"
    );
    for (status, body) in &results {
        assert!(
            *status == 200 || (*status == 422 && body["Taken"]["field"] == "slug"),
            "{status} {body}"
        );
    }

    // New revisions of one document, uploaded at once: each gets its own number.
    let (_, items) = active_cycle_with_tasks(app).await;
    let item = items[0].as_str();
    let pic = Client::new(app, PIC).await;
    let (status, body) = upload(&pic, SLUG, item, &[], &[("Rekap SKM.pdf", pdf("Rekap 0"))]).await;
    assert_eq!(status, 200, "{body}");
    let (_, ev) = pic
        .call("/api/bukti", &[("slug", SLUG), ("item", item)])
        .await;
    let doc = ev["documents"][0]["id"].as_str().unwrap().to_owned();
    let uploads = (1..=4).map(|n| {
        let pic = &pic;
        let doc = doc.clone();
        async move {
            let file = ("Rekap SKM.pdf", pdf(&format!("Rekap {n}")));
            upload(pic, SLUG, item, &[("evidence", &doc)], &[file]).await
        }
    });
    let results = futures_util::future::join_all(uploads).await;
    for (status, body) in &results {
        assert_eq!(*status, 200, "{body}");
    }
    let (_, ev) = pic
        .call("/api/bukti", &[("slug", SLUG), ("item", item)])
        .await;
    let mut numbers: Vec<i64> = ev["documents"][0]["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5]);
}

/// Accepting the same invitation twice at once creates one account and refuses the other
/// request as a used link.
async fn an_invitation_accepted_twice_at_once(app: &TestApp) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let (status, body) = coordinator
        .call(
            "/api/orang/undang",
            &[
                ("slug", SLUG),
                ("email", "baru@kab-contoh.test"),
                ("name", "Pegawai Baru"),
                ("role", "Viewer"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let link = support::last_link(app, "baru@kab-contoh.test")
        .await
        .unwrap();
    let token = link.rsplit('/').next().unwrap().to_owned();
    let accepts = (0..4).map(|_| {
        let token = token.clone();
        async move {
            let res = app
                .anonymous()
                .post(app.url("/api/undangan/terima"))
                .header("accept", "application/json")
                .form(&[
                    ("token", token.as_str()),
                    ("name", "Pegawai Baru"),
                    ("password", "kata sandi yang panjang sekali"),
                ])
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            (status, res.text().await.unwrap())
        }
    });
    let results = futures_util::future::join_all(accepts).await;
    assert_eq!(
        results.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{results:?}"
    );
    for (status, body) in &results {
        assert!(
            *status == 200 || body.contains("LinkInvalid"),
            "{status} {body}"
        );
    }
    let res = app
        .sign_in("baru@kab-contoh.test", "kata sandi yang panjang sekali")
        .await;
    assert_eq!(res.status(), 200);
}

on_both_databases!(
    markup_in_every_text_field_stays_text,
    redirects_never_leave_the_site,
    bulk_assignment_refuses_an_unreadable_filter,
    exports_carry_no_formulas,
    live_streams_follow_the_session,
    the_session_id_follows_sign_in_and_role_changes,
    races_end_in_a_refusal_not_a_500,
    an_invitation_accepted_twice_at_once,
);
