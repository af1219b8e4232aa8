//! A signed-in client calling server functions as the hydrated page does, and the fixtures
//! several test files share: a cycle on the Ombudsman built-in, and an active one whose
//! Disdukcapil items are assigned to the demo PIC.

use super::{TestApp, DEMO_PASSWORD};
use serde_json::Value;

pub const SLUG: &str = "kab-contoh";
pub const COORDINATOR: &str = "koordinator@kab-contoh.test";
pub const PIC: &str = "pic.disdukcapil@kab-contoh.test";

/// The demo pemda's zone (the demo keeps Kalimantan Timur's clock).
pub fn demo_zone() -> chrono_tz::Tz {
    app::server::clock::parse(app::domain::zone::Zone::Wita.iana())
}

/// Today in the demo pemda's zone, as the server counts it.
pub fn demo_today() -> chrono::NaiveDate {
    app::server::clock::today(demo_zone())
}

/// The demo PIC's user id among a cycle's assignment options (`/api/siklus/penugasan`).
pub fn demo_pic_id(options: &Value) -> String {
    options["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Dewi Lestari")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub struct Client {
    pub base: String,
    pub client: reqwest::Client,
}

impl Client {
    pub async fn new(app: &TestApp, email: &str) -> Self {
        let client = app.anonymous();
        let res = client
            .post(app.url("/api/masuk"))
            .header("accept", "application/json")
            .form(&[("email", email), ("password", DEMO_PASSWORD)])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{email} signs in");
        Self {
            base: app.base.clone(),
            client,
        }
    }

    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap();
        answer(res).await
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (
            res.status().as_u16(),
            super::readable(&res.text().await.unwrap()),
        )
    }
}

/// A response's status and its body as JSON (or as a JSON string when it is not JSON).
pub async fn answer(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// A small, real-looking PDF: the magic number, then `body` so each one hashes differently.
pub fn pdf(body: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {body}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        .into_bytes()
}

/// Uploads `files` to `item` with the extra text `fields`, as the page's upload does; JSON
/// answer.
pub async fn upload(
    client: &Client,
    slug: &str,
    item: &str,
    fields: &[(&str, &str)],
    files: &[(&str, Vec<u8>)],
) -> (u16, Value) {
    use reqwest::multipart::{Form, Part};
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        form = form.part(
            "berkas",
            Part::bytes(bytes.clone()).file_name(name.to_string()),
        );
    }
    let res = client
        .client
        .post(format!("{}/t/{slug}/butir/{item}/bukti", client.base))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    answer(res).await
}

/// Creates a cycle on the Ombudsman 2023 built-in over the lokus units; returns its id.
pub async fn new_cycle(coordinator: &Client) -> String {
    let (status, options) = coordinator
        .call("/api/siklus/pilihan", &[("slug", SLUG)])
        .await;
    assert_eq!(status, 200, "{options}");
    let version = options["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v[1] == "ombudsman-kepatuhan@2023")
        .unwrap()[0]
        .as_str()
        .unwrap()
        .to_owned();
    let lokus: Vec<String> = options["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["is_lokus"] == true)
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!lokus.is_empty());
    let keys: Vec<String> = (0..lokus.len()).map(|n| format!("units[{n}]")).collect();
    let mut form: Vec<(&str, &str)> = vec![
        ("slug", SLUG),
        ("name", "Penilaian Kepatuhan 2026"),
        ("version_id", &version),
        ("starts_on", "2026-01-01"),
        ("ends_on", "2026-12-31"),
        ("self_deadline", "2026-06-30"),
        ("review_from", "2026-07-01"),
        ("review_until", "2026-08-31"),
        ("official_on", "2026-09-15"),
    ];
    for (k, v) in keys.iter().zip(&lokus) {
        form.push((k, v));
    }
    let (status, id) = coordinator.call("/api/siklus/baru", &form).await;
    assert_eq!(status, 200, "{id}");
    id.as_str().unwrap().to_owned()
}

/// An active cycle whose Disdukcapil items are the PIC's: `(cycle id, the PIC's item ids)`.
pub async fn active_cycle_with_tasks(app: &TestApp) -> (String, Vec<String>) {
    let coordinator = Client::new(app, COORDINATOR).await;
    let id = new_cycle(&coordinator).await;
    let (status, b) = coordinator
        .call("/api/siklus/papan", &[("slug", SLUG), ("id", &id)])
        .await;
    assert_eq!(status, 200, "{b}");
    let opd_id = b["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["opd"].as_str().unwrap().contains("Kependudukan"))
        .unwrap()["opd_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, options) = coordinator
        .call("/api/siklus/penugasan", &[("slug", SLUG), ("id", &id)])
        .await;
    let pic_id = demo_pic_id(&options);
    let (status, n) = coordinator
        .call(
            "/api/siklus/tugaskan",
            &[
                ("slug", SLUG),
                ("id", &id),
                ("opd_id", &opd_id),
                ("pic", &pic_id),
            ],
        )
        .await;
    assert_eq!(status, 200, "{n}");
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
    let pic = Client::new(app, PIC).await;
    let (_, tasks) = pic.call("/api/tugas/saya", &[("slug", SLUG)]).await;
    let items = tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    (id, items)
}
