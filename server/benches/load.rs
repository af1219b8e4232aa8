//! The load benchmark (not a test): starts the real `patuh` server on a seeded database and drives
//! the pages and actions people use most with many concurrent users through `wrk`, a standard
//! HTTP load generator; prints requests per second, median and 99th-percentile latency, errors
//! and the server's peak memory per scenario, each against a baseline (the same bytes served as
//! a static file by the same server), then the budgets of issue #10 with a verdict each.
//!
//! ```text
//! scripts/bench.sh [--db sqlite|postgres] [--scale pemda|province|national]
//!                  [--users 100] [--seconds 15] [--only board,item]
//! ```
//!
//! (or `cargo bench -p patuh --bench load -- …` when `wrk` is installed and the site is built).
//! The dataset is made by `patuh demo seed --scale …`, which resumes and skips what exists, so a
//! second run starts at once. SQLite data lives in `~/.cache/patuh/bench/<scale>`; PostgreSQL uses
//! `PATUH_BENCH_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/patuh_bench_<scale>`,
//! created when missing).
//!
//! Why wrk and a small orchestrator rather than a Rust load-testing framework: wrk is the
//! field's reference open-loop-free HTTP benchmarker, packaged by every distribution, and its Lua
//! hooks cover the two stateful actions (a per-item revision for answer saves, a fresh form token
//! per survey response). What this file adds is only what wrk cannot know: the dataset's ids,
//! signed-in sessions, the baseline files and the server's memory.

use app::domain::instrument::Answer;
use app::server::entities::{
    assignment, cycle, membership, office_grant, office_member, skm_period, tenant, user,
    work_package,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, Database, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The budgets of the issue.
const P99_BUDGET_MS: f64 = 50.0;
const RATIO_BUDGET: f64 = 0.5;
const FIRST_LOAD_BUDGET_KB: f64 = 300.0;
const IDLE_RSS_BUDGET_MB: f64 = 40.0;
const START_BUDGET_S: f64 = 1.0;

struct Options {
    db: String,
    scale: String,
    users: u32,
    seconds: u32,
    only: Option<Vec<String>>,
}

fn options() -> Options {
    let mut o = Options {
        db: "sqlite".into(),
        scale: String::new(),
        users: 100,
        seconds: 15,
        only: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--db" => o.db = value,
            "--scale" => o.scale = value,
            "--users" => o.users = value.parse().expect("--users is a number"),
            "--seconds" => o.seconds = value.parse().expect("--seconds is a number"),
            "--only" => o.only = Some(value.split(',').map(str::to_owned).collect()),
            // `cargo bench` passes `--bench`.
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    if o.scale.is_empty() {
        o.scale = if o.db == "postgres" {
            "national"
        } else {
            "province"
        }
        .into();
    }
    o
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the server crate is in the workspace")
        .to_path_buf()
}

/// The environment that points the `patuh` binary at the benchmark database.
fn database_env(o: &Options) -> (Vec<(String, String)>, String) {
    if o.db == "postgres" {
        let url = std::env::var("PATUH_BENCH_POSTGRES_URL").unwrap_or_else(|_| {
            format!("postgres://postgres@127.0.0.1:5432/patuh_bench_{}", o.scale)
        });
        (vec![("PATUH_DATABASE_URL".into(), url.clone())], url)
    } else {
        let home = std::env::var("HOME").unwrap_or_else(|_| "/tmp".into());
        let dir = PathBuf::from(home)
            .join(".cache/patuh/bench")
            .join(&o.scale);
        std::fs::create_dir_all(&dir).expect("benchmark data directory");
        (
            vec![("PATUH_DATA_DIR".into(), dir.display().to_string())],
            format!("sqlite://{}/patuh.db", dir.display()),
        )
    }
}

/// Creates the PostgreSQL database when it is missing.
async fn ensure_database(url: &str) {
    if !url.starts_with("postgres") {
        return;
    }
    let mut parsed = url::Url::parse(url).expect("a valid PostgreSQL URL");
    let name = parsed.path().trim_start_matches('/').to_owned();
    parsed.set_path("/postgres");
    let admin = Database::connect(parsed.as_str())
        .await
        .expect("PostgreSQL reachable");
    let exists = admin
        .query_one(Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"),
        ))
        .await
        .expect("pg_database readable")
        .is_some();
    if !exists {
        admin
            .execute(Statement::from_string(
                admin.get_database_backend(),
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .expect("benchmark database created");
    }
}

fn patuh(env: &[(String, String)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_patuh"));
    cmd.current_dir(workspace())
        .envs(env.iter().cloned())
        .env("PATUH_LOG", "warn");
    cmd
}

fn run_checked(mut cmd: Command, what: &str) {
    let status = cmd.status().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(status.success(), "{what} failed: {status}");
}

/// Resident memory of `pid` in MiB (`VmRSS`).
fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Samples the server's memory every 20 ms while a scenario runs; the peak in MiB.
struct RssPeak {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    handle: std::thread::JoinHandle<()>,
}

impl RssPeak {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let handle = {
            let (stop, peak) = (stop.clone(), peak.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let kb = (rss_mb(pid) * 1024.0) as u64;
                    peak.fetch_max(kb, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        };
        RssPeak { stop, peak, handle }
    }

    fn finish(self) -> f64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.handle.join();
        self.peak.load(Ordering::Relaxed) as f64 / 1024.0
    }
}

/// What `wrk` reported.
#[derive(Debug, Default, Clone)]
struct Figures {
    requests_per_s: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: u64,
    errors: u64,
    peak_rss_mb: f64,
}

fn millis(text: &str) -> f64 {
    let t = text.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix("m") {
        (n, 60_000.0)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (t, 1.0)
    };
    number.parse::<f64>().unwrap_or(f64::NAN) * factor
}

fn parse_wrk(out: &str) -> Figures {
    let mut f = Figures::default();
    for line in out.lines() {
        let t = line.trim();
        if let Some(v) = t.strip_prefix("Requests/sec:") {
            f.requests_per_s = v.trim().parse().unwrap_or(0.0);
        } else if let Some(v) = t.strip_prefix("50%") {
            f.p50_ms = millis(v);
        } else if let Some(v) = t.strip_prefix("99%") {
            f.p99_ms = millis(v);
        } else if let Some(v) = t.strip_prefix("Non-2xx or 3xx responses:") {
            f.errors += v.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(v) = t.strip_prefix("Socket errors:") {
            f.errors += v
                .split(',')
                .filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok())
                .sum::<u64>();
        } else if t.contains(" requests in ") {
            f.requests = t
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
        }
    }
    f
}

/// Runs `wrk` with `script` against `url` while sampling the server's memory.
fn wrk(o: &Options, pid: u32, url: &str, script: &str) -> Figures {
    let file = tempfile::Builder::new()
        .suffix(".lua")
        .tempfile()
        .expect("a temporary script");
    std::fs::write(file.path(), script).expect("script written");
    let rss = RssPeak::start(pid);
    let out = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{}", o.users),
            &format!("-d{}s", o.seconds),
            "--timeout",
            "10s",
            "--latency",
            "-s",
        ])
        .arg(file.path())
        .arg(url)
        .output()
        .expect("wrk runs (install it: apt-get install wrk, or run scripts/bench.sh)");
    let peak = rss.finish();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut f = parse_wrk(&text);
    f.peak_rss_mb = peak;
    if f.requests == 0 {
        eprintln!("{text}\n{}", String::from_utf8_lossy(&out.stderr));
    }
    f
}

fn lua_string(s: &str) -> String {
    format!("{s:?}")
}

/// A wrk script sending one fixed request.
fn fixed_script(method: &str, path: &str, cookie: Option<&str>, body: Option<&str>) -> String {
    let mut s = String::new();
    s.push_str(&format!("wrk.method = {}\n", lua_string(method)));
    s.push_str(&format!("wrk.path = {}\n", lua_string(path)));
    s.push_str("wrk.headers[\"Accept-Encoding\"] = \"br, gzip\"\n");
    if let Some(c) = cookie {
        s.push_str(&format!("wrk.headers[\"Cookie\"] = {}\n", lua_string(c)));
    }
    if let Some(b) = body {
        s.push_str("wrk.headers[\"Content-Type\"] = \"application/x-www-form-urlencoded\"\n");
        s.push_str("wrk.headers[\"Accept\"] = \"application/json\"\n");
        s.push_str("wrk.headers[\"Sec-Fetch-Site\"] = \"same-origin\"\n");
        s.push_str(&format!("wrk.body = {}\n", lua_string(b)));
    }
    s
}

/// Saves answers round-robin over `items` (pemda slug, session cookie, item id, answer text),
/// each item starting at revision 1: an item comes round again only after every other item was
/// sent once, long after its own save came back, so the revision it sends is the current one.
/// The items come from several pemda (each saved by its own coordinator), so that there are
/// many more of them than connections.
fn save_script(items: &[(String, String, Uuid, String)]) -> String {
    let mut s = String::new();
    s.push_str("local items = {\n");
    for (slug, cookie, id, answer) in items {
        s.push_str(&format!(
            "  {{ {}, {}, {}, {} }},\n",
            lua_string(slug),
            lua_string(cookie),
            lua_string(&id.to_string()),
            lua_string(&urlencode(answer))
        ));
    }
    s.push_str("}\n");
    s.push_str(
        r#"local n = 0
request = function()
  local i = n % #items
  local round = math.floor(n / #items)
  n = n + 1
  local it = items[i + 1]
  local headers = { ["Cookie"] = it[2], ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json", ["Accept-Encoding"] = "br, gzip", ["Sec-Fetch-Site"] = "same-origin" }
  local body = "slug=" .. it[1] .. "&id=" .. it[3] .. "&revision=" .. (1 + round) .. "&answer=" .. it[4]
  return wrk.format("POST", "/api/butir/simpan", headers, body)
end
"#,
    );
    s
}

/// Public survey responses, each with its own form token and answers.
fn survey_script(code: &str) -> String {
    format!(
        r#"math.randomseed(os.time())
local headers = {{ ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept-Encoding"] = "br, gzip", ["Sec-Fetch-Site"] = "same-origin" }}
request = function()
  local token = string.format("%08x%08x%08x%08x", math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
  local body = "token=" .. token
  for u = 1, 9 do
    body = body .. "&u" .. u .. "=" .. math.random(1, 4)
  end
  body = body .. "&umur=" .. math.random(18, 77) .. "&jenis_kelamin=" .. (math.random(0, 1) == 0 and "L" or "P") .. "&saran=Antrean+lebih+cepat"
  return wrk.format("POST", "/s/{code}", headers, body)
end
"#
    )
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The text a person would type for `answer`.
fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Level(v) => v.to_string(),
        Answer::YesNo(b) => if *b { "ya" } else { "tidak" }.into(),
        Answer::Choice(c) => c.clone(),
        Answer::Number(x) => x.to_string(),
        Answer::NotApplicable => "na".into(),
    }
}

/// One pemda's items for the save scenario: slug, coordinator email, (item, answer text).
type SaveSet = (String, String, Vec<(Uuid, String)>);

/// Who and what the scenarios use, read from the seeded database.
struct Fixture {
    slug: String,
    cycle: Uuid,
    coordinator: String,
    mentor: String,
    item: Uuid,
    /// (pemda slug, coordinator email, items with their answer text).
    saves: Vec<SaveSet>,
    survey: Option<String>,
    tenants: u64,
    items_total: u64,
}

async fn fixture(db: &sea_orm::DatabaseConnection) -> Fixture {
    let tenants = tenant::Entity::find().count(db).await.unwrap();
    let items_total = assignment::Entity::find().count(db).await.unwrap();
    // The generated pemda with the most items (the demo pemda is small).
    let active = cycle::Entity::find()
        .filter(cycle::Column::Status.eq("active"))
        .all(db)
        .await
        .unwrap();
    let mut best: Option<(u64, cycle::Model)> = None;
    for c in active.into_iter().take(50) {
        let n = assignment::Entity::find()
            .filter(assignment::Column::CycleId.eq(c.id))
            .count(db)
            .await
            .unwrap();
        if best.as_ref().is_none_or(|(m, _)| n > *m) {
            best = Some((n, c));
        }
    }
    let (_, c) = best.expect("an active cycle: seed the dataset first");
    let t = tenant::Entity::find_by_id(c.tenant_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let email_of = |id: Uuid| async move {
        user::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .email
    };
    let coordinator = membership::Entity::find()
        .filter(membership::Column::TenantId.eq(t.id))
        .filter(membership::Column::Role.eq("coordinator"))
        .filter(membership::Column::DisabledAt.is_null())
        .one(db)
        .await
        .unwrap()
        .expect("the pemda has a coordinator");
    let grant = office_grant::Entity::find()
        .filter(office_grant::Column::TenantId.eq(t.id))
        .one(db)
        .await
        .unwrap()
        .expect("a mentor office serves the pemda");
    let mentor = office_member::Entity::find()
        .filter(office_member::Column::OfficeId.eq(grant.office_id))
        .one(db)
        .await
        .unwrap()
        .expect("the office has a mentor");
    // The item with the longest thread.
    let counts = db
        .query_all(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT assignment_id, COUNT(*) AS n FROM comments WHERE cycle_id = $1 \
             GROUP BY assignment_id ORDER BY n DESC LIMIT 1",
            [c.id.into()],
        ))
        .await
        .unwrap();
    let item = match counts.first() {
        Some(row) => row.try_get::<Uuid>("", "assignment_id").unwrap(),
        None => {
            assignment::Entity::find()
                .filter(assignment::Column::CycleId.eq(c.id))
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    // Answered items in packages still open for answers, from up to six pemda; their revision
    // is set to 1 so the save script knows it.
    let mut saves = Vec::new();
    let mut cycles_for_saves = vec![c.clone()];
    cycles_for_saves.extend(
        cycle::Entity::find()
            .filter(cycle::Column::Status.eq("active"))
            .filter(cycle::Column::Id.ne(c.id))
            .order_by_asc(cycle::Column::Id)
            .limit(5)
            .all(db)
            .await
            .unwrap(),
    );
    for sc in cycles_for_saves {
        let Some(coordinator) = membership::Entity::find()
            .filter(membership::Column::TenantId.eq(sc.tenant_id))
            .filter(membership::Column::Role.eq("coordinator"))
            .filter(membership::Column::DisabledAt.is_null())
            .one(db)
            .await
            .unwrap()
        else {
            continue;
        };
        let slug = tenant::Entity::find_by_id(sc.tenant_id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .slug;
        let open: Vec<Uuid> = work_package::Entity::find()
            .filter(work_package::Column::CycleId.eq(sc.id))
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .filter(|p| app::domain::cycle::PackageStatus::from_code(&p.status).editable())
            .map(|p| p.opd_id)
            .collect();
        let mut items = Vec::new();
        for a in assignment::Entity::find()
            .filter(assignment::Column::CycleId.eq(sc.id))
            .filter(assignment::Column::Answer.is_not_null())
            .order_by_asc(assignment::Column::Id)
            .all(db)
            .await
            .unwrap()
        {
            if !a.opd_id.is_some_and(|o| open.contains(&o)) {
                continue;
            }
            let Some(answer) = a
                .answer
                .as_deref()
                .and_then(|j| serde_json::from_str::<Answer>(j).ok())
            else {
                continue;
            };
            items.push((a.id, answer_text(&answer)));
        }
        if items.is_empty() {
            continue;
        }
        assignment::Entity::update_many()
            .col_expr(
                assignment::Column::Revision,
                sea_orm::sea_query::Expr::value(1),
            )
            .filter(assignment::Column::Id.is_in(items.iter().map(|(id, _)| *id)))
            .exec(db)
            .await
            .unwrap();
        saves.push((slug, email_of(coordinator.user_id).await, items));
    }
    let today = chrono::Utc::now().date_naive();
    let survey = skm_period::Entity::find()
        .filter(skm_period::Column::ClosedAt.is_null())
        .filter(skm_period::Column::RequireCode.eq(false))
        .filter(skm_period::Column::StartsOn.lte(today))
        .filter(skm_period::Column::EndsOn.gte(today))
        .limit(1)
        .one(db)
        .await
        .unwrap()
        .map(|p| p.code);
    Fixture {
        slug: t.slug,
        cycle: c.id,
        coordinator: email_of(coordinator.user_id).await,
        mentor: email_of(mentor.user_id).await,
        item,
        saves,
        survey,
        tenants,
        items_total,
    }
}

/// Signs in; the session cookie (`name=value`).
async fn sign_in(base: &str, email: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/masuk"))
        .header("accept", "application/json")
        .form(&[
            ("email", email),
            ("password", app::server::demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{email} signs in");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("patuh_sesi="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// Fetches `path` as a browser would (compressed), checks it succeeds; the body (uncompressed).
async fn fetch(base: &str, path: &str, cookie: Option<&str>) -> Vec<u8> {
    let mut req = reqwest::Client::new().get(format!("{base}{path}"));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "{path} answers {}", res.status());
    res.bytes().await.unwrap().to_vec()
}

/// Bytes transferred for the first visit to `path`, measured in headless Chromium
/// (`end2end/first-load.mjs`): the page and everything the browser fetched until it had
/// hydrated, as it crossed the wire (headers and brotli/gzip bodies), grouped for the report as
/// page, main wasm, route chunks, JavaScript, CSS and the rest.
async fn first_load(base: &str, path: &str) -> (u64, Vec<(String, u64)>) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/first-load.mjs");
    let out = Command::new("node")
        .arg(&script)
        .arg(format!("{base}{path}"))
        .output()
        .expect("node runs (scripts/bench.sh installs the end2end packages and Chromium)");
    assert!(
        out.status.success(),
        "first-load measurement failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("first-load.mjs prints JSON");
    let mut groups: Vec<(String, u64, u32)> = Vec::new();
    for file in report["files"].as_array().into_iter().flatten() {
        let name = file[0].as_str().unwrap_or_default();
        let bytes = file[1].as_f64().unwrap_or(0.0) as u64;
        let group = if name == path {
            "page"
        } else if name == format!("/pkg/{}.wasm", app::BUNDLE_NAME)
            || name == format!("/pkg/{}_bg.wasm", app::BUNDLE_NAME)
        {
            "main wasm"
        } else if name.ends_with(".wasm") {
            "route chunks"
        } else if name.ends_with(".js") {
            "js"
        } else if name.ends_with(".css") {
            "css"
        } else {
            "other"
        };
        match groups.iter_mut().find(|(g, _, _)| g == group) {
            Some(g) => {
                g.1 += bytes;
                g.2 += 1;
            }
            None => groups.push((group.to_owned(), bytes, 1)),
        }
    }
    let parts = groups
        .into_iter()
        .map(|(g, bytes, n)| (if n > 1 { format!("{g} ({n} files)") } else { g }, bytes))
        .collect::<Vec<_>>();
    (parts.iter().map(|(_, n)| n).sum(), parts)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "MISSED"
    }
}

#[tokio::main]
async fn main() {
    let o = options();
    if Command::new("wrk").arg("--version").output().is_err() {
        eprintln!("wrk is not installed: run scripts/bench.sh, which installs it");
        std::process::exit(2);
    }
    let (env, url) = database_env(&o);
    ensure_database(&url).await;

    // The dataset (resumable: a complete one is skipped at once).
    let seeding = Instant::now();
    let mut seed = patuh(&env);
    seed.args(["demo", "seed"]).stdout(Stdio::null());
    run_checked(seed, "patuh demo seed");
    let mut seed = patuh(&env);
    seed.args(["demo", "seed", "--scale", &o.scale]);
    run_checked(seed, "patuh demo seed --scale");
    println!(
        "dataset: {} on {} ready in {:.1} s",
        o.scale,
        o.db,
        seeding.elapsed().as_secs_f64()
    );

    // The server, on a free port; time from start to the first answer.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let site_root = std::env::var("PATUH_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace().join("target/site"));
    let started = Instant::now();
    let mut server: Child = patuh(&env)
        .arg("serve")
        .env("PATUH_LISTEN", format!("127.0.0.1:{port}"))
        .env("PATUH_SITE_ROOT", &site_root)
        .env("PATUH_SKM__SUBMISSIONS_PER_MINUTE", "1000000000")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server starts");
    let client = reqwest::Client::new();
    loop {
        if let Ok(res) = client.get(format!("{base}/healthz")).send().await {
            if res.status().is_success() {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not answer within a minute"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let start_s = started.elapsed().as_secs_f64();
    let pid = server.id();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle_mb = rss_mb(pid);

    let db = app::server::db::connect(&url)
        .await
        .expect("database opens");
    // The demo pemda's public surveys (made with the demo history; idempotent).
    if let Err(e) = app::server::skm::seed_demo(&db).await {
        eprintln!("demo surveys not seeded: {e}");
    }
    let fx = fixture(&db).await;
    let coordinator = sign_in(&base, &fx.coordinator).await;
    let mentor = sign_in(&base, &fx.mentor).await;
    let (first_kb, first_parts) = {
        let (bytes, parts) = first_load(&base, "/masuk").await;
        (bytes as f64 / 1024.0, parts)
    };

    // Scenarios: (name, what it is, method, path, cookie, body-or-script).
    enum Kind {
        Get(Option<String>),
        Post(Option<String>, String),
        Script(String),
    }
    let board = format!("/t/{}/siklus/{}", fx.slug, fx.cycle);
    let dashboard = format!("/t/{}/siklus/{}/dasbor", fx.slug, fx.cycle);
    let item = format!("/t/{}/butir/{}", fx.slug, fx.item);
    let sign_in_body = format!(
        "email={}&password={}",
        urlencode(&fx.coordinator),
        urlencode(app::server::demo::DEMO_PASSWORD)
    );
    let mut scenarios: Vec<(&str, String, Kind)> = vec![
        (
            "sign-in",
            "POST /api/masuk".into(),
            Kind::Post(None, sign_in_body),
        ),
        (
            "board",
            format!("GET {board}"),
            Kind::Get(Some(coordinator.clone())),
        ),
        (
            "item",
            format!("GET {item}"),
            Kind::Get(Some(mentor.clone())),
        ),
        (
            "dashboard",
            format!("GET {dashboard}"),
            Kind::Get(Some(coordinator.clone())),
        ),
        (
            "mentor-queue",
            "GET /mentor".into(),
            Kind::Get(Some(mentor.clone())),
        ),
    ];
    let mut save_items = Vec::new();
    for (slug, email, items) in &fx.saves {
        let cookie = sign_in(&base, email).await;
        for (id, answer) in items {
            save_items.push((slug.clone(), cookie.clone(), *id, answer.clone()));
        }
    }
    if !save_items.is_empty() {
        scenarios.push((
            "answer-save",
            format!(
                "POST /api/butir/simpan ({} items, {} pemda)",
                save_items.len(),
                fx.saves.len()
            ),
            Kind::Script(save_script(&save_items)),
        ));
    }
    if let Some(code) = &fx.survey {
        scenarios.push((
            "survey-submit",
            format!("POST /s/{code}"),
            Kind::Script(survey_script(code)),
        ));
    }

    println!();
    println!(
        "machine: {} · {} cores · {:.0} GiB; database: {} ({}; {} pemda, {} items); {} users, {} s per scenario",
        cpu_model(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        memory_gib(),
        o.db,
        o.scale,
        fx.tenants,
        fx.items_total,
        o.users,
        o.seconds
    );
    println!(
        "pemda under load: {} (coordinator {}, mentor {})",
        fx.slug, fx.coordinator, fx.mentor
    );
    println!();
    println!(
        "{:<14} {:>9} {:>9} {:>9} {:>8} {:>9} {:>11} {:>7}  {:<30}",
        "scenario",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "peak MB",
        "base req/s",
        "ratio",
        "request"
    );
    let baseline_dir = site_root.join("bench");
    std::fs::create_dir_all(&baseline_dir).expect("baseline folder in the site root");
    let mut misses: Vec<String> = Vec::new();
    for (name, what, kind) in scenarios {
        if o.only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|n| n == name))
        {
            continue;
        }
        // The baseline: the scenario's own response bytes as a static file.
        let body = match &kind {
            Kind::Get(cookie) => {
                let path = what.trim_start_matches("GET ");
                fetch(&base, path, cookie.as_deref()).await
            }
            _ => fetch(&base, "/masuk", None).await,
        };
        let file = format!("{name}.html");
        std::fs::write(baseline_dir.join(&file), &body).expect("baseline written");
        let baseline = wrk(
            &o,
            pid,
            &format!("{base}/bench/{file}"),
            &fixed_script("GET", &format!("/bench/{file}"), None, None),
        );
        let script = match &kind {
            Kind::Get(cookie) => fixed_script(
                "GET",
                what.trim_start_matches("GET "),
                cookie.as_deref(),
                None,
            ),
            Kind::Post(cookie, body) => fixed_script(
                "POST",
                what.trim_start_matches("POST "),
                cookie.as_deref(),
                Some(body),
            ),
            Kind::Script(s) => s.clone(),
        };
        let f = wrk(&o, pid, &base, &script);
        let ratio = f.requests_per_s / baseline.requests_per_s.max(f64::MIN_POSITIVE);
        println!(
            "{:<14} {:>9.0} {:>9.1} {:>9.1} {:>8} {:>9.0} {:>11.0} {:>7.2}  {:<30}",
            name,
            f.requests_per_s,
            f.p50_ms,
            f.p99_ms,
            f.errors,
            f.peak_rss_mb,
            baseline.requests_per_s,
            ratio,
            what
        );
        if f.p99_ms >= P99_BUDGET_MS {
            misses.push(format!(
                "{name}: p99 {:.1} ms ≥ {P99_BUDGET_MS} ms",
                f.p99_ms
            ));
        }
        if ratio < RATIO_BUDGET {
            misses.push(format!(
                "{name}: {:.0}% of the baseline's throughput < {:.0}%",
                ratio * 100.0,
                RATIO_BUDGET * 100.0
            ));
        }
        if f.errors > 0 {
            misses.push(format!("{name}: {} failed responses", f.errors));
        }
    }
    let _ = std::fs::remove_dir_all(&baseline_dir);

    println!();
    println!(
        "first page load (/masuk in Chromium, as transferred): {first_kb:.0} KB   [{}]   budget ≤ {FIRST_LOAD_BUDGET_KB:.0} KB: {}",
        first_parts
            .iter()
            .map(|(p, n)| format!("{p} {:.0} KB", *n as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(", "),
        verdict(first_kb <= FIRST_LOAD_BUDGET_KB)
    );
    println!(
        "idle memory after start: {idle_mb:.1} MB   budget ≤ {IDLE_RSS_BUDGET_MB:.0} MB: {}",
        verdict(idle_mb <= IDLE_RSS_BUDGET_MB)
    );
    println!(
        "start to ready on the existing database: {start_s:.2} s   budget ≤ {START_BUDGET_S:.0} s: {}",
        verdict(start_s <= START_BUDGET_S)
    );
    println!(
        "per-request budgets (p99 < {P99_BUDGET_MS:.0} ms, ≥ {:.0}% of baseline, no errors): {}",
        RATIO_BUDGET * 100.0,
        if misses.is_empty() {
            "all met".to_owned()
        } else {
            format!("missed — {}", misses.join("; "))
        }
    );
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = server.wait();
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn memory_gib() -> f64 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0)
}
