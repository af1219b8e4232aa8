//! Benchmark (not a test): a cycle dashboard for a pemda with 40 OPDs × 100 indicators (4,000
//! items, half of them verified by a mentor, one closed cycle before it for the trend), on
//! SQLite and, when `PATUH_TEST_POSTGRES_URL` is set, on PostgreSQL. Prints the number of
//! database queries and the latency of the dashboard, the board and the mentor overview, and
//! the time and size of the XLSX and PDF reports.
//!
//! `cargo bench -p patuh --bench dashboard` (optionally `PATUH_BENCH_RUNS=50`).

use app::server::entities::{
    assignment, instrument, instrument_version, membership, opd, review, unit, user,
};
use app::server::state::AppState;
use patuh_server::config::Config;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, EntityTrait, QueryFilter, Set,
    Statement,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

const OPDS: usize = 40;
const INDICATORS: usize = 100;

/// The Ombudsman 2023 instrument grown to `INDICATORS` indicators by repeating its own.
fn instrument_with_100(db_doc: &str) -> String {
    let mut doc = app::domain::instrument::from_yaml(db_doc).expect("built-in parses");
    let mut total: usize = doc.indicators().len();
    let mut round = 1;
    while total < INDICATORS {
        for s in doc.sections.iter_mut() {
            let originals: Vec<_> = s.indicators.clone();
            for i in originals {
                if total >= INDICATORS {
                    break;
                }
                let mut copy = i.clone();
                copy.code = format!("{}-R{round}", i.code);
                s.indicators.push(copy);
                total += 1;
            }
        }
        round += 1;
    }
    doc.version = "bench-100".into();
    app::domain::instrument::to_yaml(&doc).expect("serialises")
}

fn summary(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {label:<28} median {:>8.1} ms   p95 {:>8.1} ms   max {:>8.1} ms",
        ms(times[times.len() / 2]),
        ms(times[(times.len() * 95 / 100).min(times.len() - 1)]),
        ms(*times.last().unwrap())
    );
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
    config.log = "warn".into();
    config.database_url = database_url.map(Into::into);
    let (_app, _) = patuh_server::startup::Application::build(&config)
        .await
        .expect("server builds");
    let mut db = app::server::db::connect(&config.database_url())
        .await
        .unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let state = AppState {
        db,
        settings: Arc::new(config.settings()),
        storage: config.storage().unwrap(),
        live: Default::default(),
    };
    let db = &state.db;
    let coordinator = user::Entity::find()
        .filter(user::Column::Email.eq("koordinator@kab-contoh.test"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mentor = user::Entity::find()
        .filter(user::Column::Email.eq("mentor@ombudsman-contoh.test"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let tenant_id = membership::Entity::find()
        .filter(membership::Column::UserId.eq(coordinator.id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .tenant_id;

    // A 100-indicator version of the Ombudsman instrument, published.
    let ombudsman = instrument::Entity::find()
        .filter(instrument::Column::Code.eq("ombudsman-kepatuhan"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let builtin = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(ombudsman.id))
        .filter(instrument_version::Column::Version.eq("2023"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let version = instrument_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        instrument_id: Set(ombudsman.id),
        version: Set("bench-100".into()),
        status: Set("published".into()),
        builtin: Set(false),
        public_sources: Set(true),
        indicator_count: Set(INDICATORS as i32),
        document: Set(instrument_with_100(&builtin.document)),
        revision: Set(1),
        copied_from: Set(None),
        created_at: Set(now),
        created_by: Set(None),
        updated_at: Set(now),
        updated_by: Set(None),
        published_at: Set(Some(now)),
        published_by: Set(None),
    }
    .insert(db)
    .await
    .unwrap();

    // 40 OPDs with one lokus unit each.
    let mut units = Vec::new();
    for n in 0..OPDS {
        let o = opd::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant_id),
            code: Set(format!("BENCH-{n:02}")),
            name: Set(format!("Dinas Uji {n:02}")),
            is_lokus: Set(true),
            head_name: Set(None),
            created_at: Set(now),
        }
        .insert(db)
        .await
        .unwrap();
        let u = unit::ActiveModel {
            id: Set(Uuid::now_v7()),
            tenant_id: Set(tenant_id),
            opd_id: Set(o.id),
            code: Set(format!("BENCH-U{n:02}")),
            name: Set(format!("Unit Layanan Uji {n:02}")),
            head_name: Set(None),
            is_lokus: Set(true),
            created_at: Set(now),
        }
        .insert(db)
        .await
        .unwrap();
        units.push(u.id);
    }
    let scope = app::server::scope::tenant_scope(&state, &coordinator, "kab-contoh")
        .await
        .unwrap();
    let seed = Instant::now();
    let mut cycles = Vec::new();
    for (name, year) in [("Penilaian Uji 2025", 2025), ("Penilaian Uji 2026", 2026)] {
        let id = app::server::cycles::create(
            &state,
            &scope,
            app::server::cycles::NewCycle {
                name: name.into(),
                version_id: version.id,
                starts_on: format!("{year}-01-15"),
                ends_on: format!("{year}-12-15"),
                self_deadline: format!("{year}-06-30"),
                review_from: None,
                review_until: None,
                official_on: None,
                units: units.clone(),
                copy_from: None,
            },
        )
        .await
        .unwrap();
        app::server::cycles::set_status(
            &state,
            &scope,
            id,
            app::domain::cycle::CycleStatus::Active,
            1,
        )
        .await
        .unwrap();
        // Answers by level, one statement per level.
        for (level, modulo) in [(3, 0), (2, 1), (1, 2)] {
            db.execute(Statement::from_string(
                db.get_database_backend(),
                format!(
                    "UPDATE assignments SET answer = '{{\"level\":{level}}}' WHERE cycle_id = '{id}' AND \
                     length(indicator_code) % 3 = {modulo}"
                ),
            ))
            .await
            .unwrap();
        }
        cycles.push(id);
    }
    // Half of this year's items accepted by the mentor.
    let items = assignment::Entity::find()
        .filter(assignment::Column::CycleId.eq(cycles[1]))
        .all(db)
        .await
        .unwrap();
    let rows: Vec<review::ActiveModel> = items
        .iter()
        .step_by(2)
        .map(|a| review::ActiveModel {
            assignment_id: Set(a.id),
            tenant_id: Set(tenant_id),
            cycle_id: Set(a.cycle_id),
            status: Set("accepted".into()),
            reason: Set(None),
            verified_answer: Set(Some("{\"level\":2}".into())),
            justification: Set(Some("bench".into())),
            reviewer_id: Set(Some(mentor.id)),
            reviewed_at: Set(Some(now)),
            queued_at: Set(now),
            revision: Set(2),
        })
        .collect();
    for chunk in rows.chunks(500) {
        review::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .unwrap();
    }
    assignment::Entity::update_many()
        .col_expr(assignment::Column::Ready, Expr::value(true))
        .filter(assignment::Column::CycleId.is_in(cycles.clone()))
        .exec(db)
        .await
        .unwrap();
    let closed = app::server::entities::cycle::Entity::find_by_id(cycles[0])
        .one(db)
        .await
        .unwrap()
        .unwrap();
    app::server::cycles::set_status(
        &state,
        &scope,
        cycles[0],
        app::domain::cycle::CycleStatus::Closed,
        closed.revision,
    )
    .await
    .unwrap();
    println!(
        "{name}: {OPDS} OPDs × {INDICATORS} indicators = {} items per cycle (seeded in {:.1} s)",
        items.len(),
        seed.elapsed().as_secs_f64()
    );

    let runs: usize = std::env::var("PATUH_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let current = cycles[1];
    count.store(0, Ordering::SeqCst);
    let d = app::server::dashboard::dashboard(&state, &scope, current)
        .await
        .unwrap();
    println!(
        "  dashboard: {} database queries; pemda {:.2} ({}), {} OPDs ranked, {} trend points",
        count.load(Ordering::SeqCst),
        d.pemda.as_ref().map_or(0.0, |p| p.value),
        d.pemda
            .as_ref()
            .and_then(|p| p.band.as_ref())
            .map_or("–".to_owned(), |b| b.code.clone()),
        d.opds.len(),
        d.trend.len()
    );
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        app::server::dashboard::dashboard(&state, &scope, current)
            .await
            .unwrap();
        times.push(t.elapsed());
    }
    summary("dashboard", times);
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        app::server::cycles::board(&state, &scope, current)
            .await
            .unwrap();
        times.push(t.elapsed());
    }
    summary("board", times);
    let mut times = Vec::new();
    count.store(0, Ordering::SeqCst);
    for _ in 0..runs {
        let t = Instant::now();
        app::server::dashboard::regional(&state, &mentor, None, None)
            .await
            .unwrap();
        times.push(t.elapsed());
    }
    println!(
        "  mentor overview: {} database queries per call",
        count.load(Ordering::SeqCst) / runs
    );
    summary("mentor overview", times);
    for kind in [
        app::server::report::Kind::Xlsx,
        app::server::report::Kind::Pdf,
    ] {
        let t = Instant::now();
        let report = app::server::report::load(&state, &scope, current)
            .await
            .unwrap();
        let file = app::server::report::write(report, kind).await.unwrap();
        println!(
            "  report {:<5} {:>8.1} ms, {:>7} KiB",
            kind.extension(),
            t.elapsed().as_secs_f64() * 1000.0,
            file.metadata().unwrap().len() / 1024
        );
    }
}

#[tokio::main]
async fn main() {
    run("SQLite", None).await;
    if let Ok(admin_url) = std::env::var("PATUH_TEST_POSTGRES_URL") {
        let name = format!("patuh_bench_{}", Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url)
            .await
            .expect("PostgreSQL reachable");
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
    } else {
        println!("PostgreSQL: PATUH_TEST_POSTGRES_URL not set, skipped");
    }
}
