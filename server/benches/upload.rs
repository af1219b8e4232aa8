//! Benchmark (not a test): uploads one 200 MB evidence file to a real `patuh serve` process
//! and prints the throughput and the server's resident memory before and at its peak.
//!
//! `cargo bench -p patuh --bench upload` (optionally `PATUH_BENCH_MB=500`). The body is generated
//! while it is sent, so the client holds no copy either; the server streams it to the local
//! store with its SHA-256 computed on the way.

use futures_util::stream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `VmRSS` and `VmHWM` (peak) of process `pid`, in MiB.
fn memory(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

async fn call(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    form: &[(&str, &str)],
) -> serde_json::Value {
    let res = client
        .post(format!("{base}{path}"))
        .header("accept", "application/json")
        .form(form)
        .send()
        .await
        .expect("server answers");
    let status = res.status();
    let body: serde_json::Value = res.json().await.unwrap_or_default();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

#[tokio::main]
async fn main() {
    let megabytes: u64 = std::env::var("PATUH_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let size = megabytes * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .arg("serve")
        .env("PATUH_DATA_DIR", dir.path())
        .env("PATUH_LISTEN", format!("127.0.0.1:{port}"))
        .env("PATUH_DEMO", "true")
        .env("PATUH_LOG", "warn")
        .env("PATUH_EVIDENCE__MAX_FILE_MB", (megabytes + 1).to_string())
        .env_remove("PATUH_DATABASE_URL")
        .stdout(Stdio::null())
        .spawn()
        .expect("patuh starts");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let mut ready = false;
    for _ in 0..300 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "server did not become ready");

    // An active cycle and one of its items, as the demo coordinator.
    let slug = "kab-contoh";
    call(
        &client,
        &base,
        "/api/masuk",
        &[
            ("email", "koordinator@kab-contoh.test"),
            ("password", "patuh-demo-2026"),
        ],
    )
    .await;
    let options = call(&client, &base, "/api/siklus/pilihan", &[("slug", slug)]).await;
    let version = options["versions"][0][0].as_str().unwrap().to_owned();
    let unit = options["units"][0]["id"].as_str().unwrap().to_owned();
    let cycle = call(
        &client,
        &base,
        "/api/siklus/baru",
        &[
            ("slug", slug),
            ("name", "Bench"),
            ("version_id", &version),
            ("starts_on", "2026-01-01"),
            ("ends_on", "2026-12-31"),
            ("self_deadline", "2026-12-30"),
            ("units[0]", &unit),
        ],
    )
    .await;
    let cycle = cycle.as_str().unwrap().to_owned();
    let board = call(
        &client,
        &base,
        "/api/siklus/papan",
        &[("slug", slug), ("id", &cycle)],
    )
    .await;
    let revision = board["cycle"]["revision"].to_string();
    call(
        &client,
        &base,
        "/api/siklus/status",
        &[
            ("slug", slug),
            ("id", &cycle),
            ("status", "Active"),
            ("revision", &revision),
        ],
    )
    .await;
    let assign = call(
        &client,
        &base,
        "/api/siklus/penugasan",
        &[("slug", slug), ("id", &cycle)],
    )
    .await;
    let item = assign["unassigned"][0]["id"].as_str().unwrap().to_owned();

    let (idle_rss, _) = memory(server.id());
    // A PDF header, then generated 1 MiB chunks.
    let chunk = vec![b' '; 1024 * 1024];
    let mut first = b"%PDF-1.4\n% patuh bench\n".to_vec();
    first.resize(chunk.len(), b' ');
    let chunks = (0..megabytes)
        .map(move |n| Ok::<_, std::io::Error>(if n == 0 { first.clone() } else { chunk.clone() }));
    let body = reqwest::Body::wrap_stream(stream::iter(chunks));
    let form = reqwest::multipart::Form::new().part(
        "berkas",
        reqwest::multipart::Part::stream_with_length(body, size).file_name("bench.pdf"),
    );
    let started = Instant::now();
    let res = client
        .post(format!("{base}/t/{slug}/butir/{item}/bukti"))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    let (rss, peak) = memory(server.id());
    let _ = server.kill();
    let _ = server.wait();
    assert!(status.is_success(), "upload refused: {status} {text}");
    println!("evidence upload benchmark (local store, SQLite)");
    println!("  file:        {megabytes} MiB");
    println!("  time:        {:.2} s", elapsed.as_secs_f64());
    println!(
        "  throughput:  {:.1} MiB/s",
        megabytes as f64 / elapsed.as_secs_f64()
    );
    println!("  server RSS:  {idle_rss:.1} MiB before, {rss:.1} MiB after, {peak:.1} MiB peak");
}
