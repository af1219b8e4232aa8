//! Benchmark (not a test): the public SKM form under load. Starts `patuh serve` in-process on
//! SQLite and, when `PATUH_TEST_POSTGRES_URL` is set, on PostgreSQL, opens the demo survey and
//! sends `PATUH_BENCH_SUBMISSIONS` (default 2 000) distinct responses from
//! `PATUH_BENCH_CONCURRENCY` (default 32) concurrent respondents, as browsers post the plain
//! form. Prints accepted submissions per second and the latency of a submission.
//!
//! `cargo bench -p patuh --bench skm_submit`

use patuh_server::config::Config;
use sea_orm::{ConnectionTrait, Database, Statement};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The form of the `n`-th respondent: answers and age drawn from `n`, so no two are the same.
fn form(n: usize) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = (0..9)
        .map(|i| {
            let answer = 1 + (n / 4usize.pow(i as u32)) % 4;
            (format!("u{}", i + 1), answer.to_string())
        })
        .collect();
    fields.push(("umur".into(), (18 + n % 60).to_string()));
    fields.push((
        "jenis_kelamin".into(),
        if n.is_multiple_of(2) { "L" } else { "P" }.into(),
    ));
    fields.push(("saran".into(), format!("Saran nomor {n}")));
    fields.push(("token".into(), uuid::Uuid::new_v4().simple().to_string()));
    fields
}

async fn run(name: &str, database_url: Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("patuh.toml");
    std::fs::write(&config_file, "").unwrap();
    let mut config = Config::load(Some(&config_file)).unwrap();
    config.data_dir = dir.path().join("data");
    config.demo = true;
    config.demo_cycles = false;
    config.listen = "127.0.0.1:0".parse().unwrap();
    config.log = "error".into();
    config.skm.submissions_per_minute = u32::MAX;
    config.database_url = database_url.map(Into::into);
    let (app, _) = patuh_server::startup::Application::build(&config)
        .await
        .expect("server builds");
    let db = app::server::db::connect(&config.database_url())
        .await
        .unwrap();
    app::server::skm::seed_demo(&db)
        .await
        .expect("demo surveys");
    let base = format!("http://{}", app.address());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async move {
        let _ = stopped.await;
    }));

    let total = env_usize("PATUH_BENCH_SUBMISSIONS", 2000);
    let concurrency = env_usize("PATUH_BENCH_CONCURRENCY", 32);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();
    let url = format!("{base}/s/CONTOH26");
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, url, next) = (client.clone(), url.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut accepted = 0usize;
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= total {
                    break;
                }
                let t = Instant::now();
                let res = client.post(&url).form(&form(n)).send().await.unwrap();
                times.push(t.elapsed());
                if res.status() == 303 {
                    accepted += 1;
                }
            }
            (times, accepted)
        }));
    }
    let mut times: Vec<Duration> = Vec::new();
    let mut accepted = 0;
    for t in tasks {
        let (mut ts, a) = t.await.unwrap();
        times.append(&mut ts);
        accepted += a;
    }
    let elapsed = started.elapsed();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let stored = db
        .query_one(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM skm_responses WHERE token IS NOT NULL".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    println!(
        "{name}: {accepted}/{total} accepted ({stored} stored) by {concurrency} respondents in {:.2} s: {:.0} submissions/s; \
         latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        elapsed.as_secs_f64(),
        accepted as f64 / elapsed.as_secs_f64(),
        ms(times[times.len() / 2]),
        ms(times[(times.len() * 99 / 100).min(times.len() - 1)]),
        ms(*times.last().unwrap()),
    );
    assert_eq!(
        accepted as i64, stored,
        "every accepted submission is stored once"
    );
    let _ = stop.send(());
    let _ = server.await;
}

#[tokio::main]
async fn main() {
    println!("Public SKM form under load (plain form posts, as browsers send them):");
    run("SQLite", None).await;
    match std::env::var("PATUH_TEST_POSTGRES_URL") {
        Ok(admin_url) => {
            let name = format!("patuh_bench_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url).await.unwrap();
            admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("CREATE DATABASE {name}"),
                ))
                .await
                .unwrap();
            let mut url = url::Url::parse(&admin_url).unwrap();
            url.set_path(&format!("/{name}"));
            run("PostgreSQL", Some(url.to_string())).await;
            let _ = admin
                .execute(Statement::from_string(
                    admin.get_database_backend(),
                    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ))
                .await;
        }
        Err(_) => println!("PostgreSQL: PATUH_TEST_POSTGRES_URL not set, not run"),
    }
}
