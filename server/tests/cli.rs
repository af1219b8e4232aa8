//! The `patuh` binary as an administrator uses it from a shell.

mod support;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn patuh(data_dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_patuh"))
        .args(args)
        .env_remove("PATUH_DATABASE_URL")
        .env("PATUH_DATA_DIR", data_dir)
        .env("PATUH_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn help_is_available_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "create", "--help"],
        vec!["demo", "seed", "--help"],
        vec!["instrument", "--help"],
        vec!["instrument", "score", "--help"],
        vec!["skm", "ikm", "--help"],
    ] {
        let out = patuh(dir.path(), &args, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
        assert!(text(&out).contains("Usage"), "{args:?}");
    }
}

#[tokio::test]
async fn admin_create_makes_an_operator_who_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let out = patuh(
        dir.path(),
        &[
            "admin",
            "create",
            "--email",
            "Ops@Patuh.example",
            "--name",
            "Operator Satu",
            "--password-stdin",
        ],
        Some("kata sandi yang cukup panjang\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ops@patuh.example"));

    // Same email again: refused with a clear message, non-zero exit.
    let again = patuh(
        dir.path(),
        &[
            "admin",
            "create",
            "--email",
            "ops@patuh.example",
            "--name",
            "Lain",
            "--password-stdin",
        ],
        Some("kata sandi yang cukup panjang\n"),
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("already used"), "{}", text(&again));

    // Too short a password: refused.
    let weak = patuh(
        dir.path(),
        &[
            "admin",
            "create",
            "--email",
            "dua@patuh.example",
            "--name",
            "Dua",
            "--password-stdin",
        ],
        Some("pendek\n"),
    );
    assert!(!weak.status.success());
    assert!(text(&weak).contains("--password"), "{}", text(&weak));

    // The operator signs in to a server on the same database.
    let db = app::server::db::connect(&format!("sqlite://{}/patuh.db", dir.path().display()))
        .await
        .unwrap();
    let state = app::server::state::AppState {
        db,
        settings: Default::default(),
        storage: app::server::storage::Storage::local(
            &std::env::temp_dir().join("patuh-test-files"),
        )
        .unwrap(),
        live: Default::default(),
    };
    let user = app::server::auth::sign_in(
        &state,
        "ops@patuh.example",
        "kata sandi yang cukup panjang",
        "test",
    )
    .await
    .expect("operator signs in");
    assert!(user.is_operator);
}

#[test]
fn demo_seed_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let first = patuh(dir.path(), &["demo", "seed"], None);
    assert!(first.status.success(), "{}", text(&first));
    assert!(text(&first).contains("koordinator@kab-contoh.test"));
    let second = patuh(dir.path(), &["demo", "seed"], None);
    assert!(second.status.success(), "{}", text(&second));
    let count = Command::new("sqlite3")
        .arg(dir.path().join("patuh.db"))
        .arg("select count(*) from users")
        .output();
    if let Ok(out) = count {
        if out.status.success() {
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "6");
        }
    }
}

#[test]
fn unwritable_data_directory_fails_fast_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the data directory should be: nobody, not even root, can write there.
    let blocker = dir.path().join("berkas");
    std::fs::write(&blocker, b"bukan folder").unwrap();
    let out = patuh(&blocker.join("data"), &["serve"], None);
    assert_eq!(out.status.code(), Some(1));
    let message = text(&out);
    assert!(message.contains("data directory"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn migrate_reports_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = patuh(dir.path(), &["migrate"], None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("up to date"));
}

#[test]
fn instrument_commands_list_check_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    // The built-ins are in the library from the first start of any command.
    let list = patuh(dir.path(), &["instrument", "list"], None);
    assert!(list.status.success(), "{}", text(&list));
    let listed = text(&list);
    for line in [
        "ombudsman-kepatuhan@2023",
        "ombudsman-kepatuhan@2021",
        "pekppp@2022",
        "skm@2017",
        "standar-pelayanan@2014",
    ] {
        assert!(listed.contains(line), "{line} in {listed}");
    }
    assert!(listed.contains("compiled from public sources"));

    // Export as YAML to standard output and as XLSX to a file; both check clean.
    let yaml = patuh(
        dir.path(),
        &["instrument", "export", "pekppp@2022", "--format", "yaml"],
        None,
    );
    assert!(yaml.status.success(), "{}", text(&yaml));
    let exported = app::domain::instrument::from_yaml(&String::from_utf8_lossy(&yaml.stdout))
        .expect("the export reads back");
    assert_eq!(
        exported,
        app::domain::instrument::builtin::builtin_version("pekppp", "2022").unwrap()
    );
    let xlsx = dir.path().join("pekppp.xlsx");
    let out = patuh(
        dir.path(),
        &[
            "instrument",
            "export",
            "pekppp@2022",
            "--format",
            "xlsx",
            "--output",
            xlsx.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let check = patuh(
        dir.path(),
        &["instrument", "check", xlsx.to_str().unwrap()],
        None,
    );
    assert!(check.status.success(), "{}", text(&check));
    assert!(text(&check).contains("pekppp@2022"), "{}", text(&check));

    // A broken file: every problem with its line, exit 1, nothing stored.
    let broken = dir.path().join("rusak.yaml");
    let source = String::from_utf8_lossy(&yaml.stdout)
        .replacen("version: '2022'", "version: rusak", 1)
        .replacen("weight: ", "weight: -", 1);
    std::fs::write(&broken, source).unwrap();
    let check = patuh(
        dir.path(),
        &["instrument", "check", broken.to_str().unwrap()],
        None,
    );
    assert!(!check.status.success());
    assert!(text(&check).contains("baris "), "{}", text(&check));
    assert!(text(&check).contains("bobot harus"), "{}", text(&check));
    let import = patuh(
        dir.path(),
        &["instrument", "import", broken.to_str().unwrap()],
        None,
    );
    assert!(!import.status.success());
    let list = patuh(dir.path(), &["instrument", "list"], None);
    assert!(!text(&list).contains("rusak"));

    // A fixed file under a new label imports as a draft, then publishes; a published version
    // cannot be imported over.
    let fixed = dir.path().join("baru.yaml");
    std::fs::write(
        &fixed,
        String::from_utf8_lossy(&yaml.stdout).replacen("version: '2022'", "version: '2026'", 1),
    )
    .unwrap();
    let import = patuh(
        dir.path(),
        &["instrument", "import", fixed.to_str().unwrap()],
        None,
    );
    assert!(import.status.success(), "{}", text(&import));
    assert!(text(&import).contains("draft"));
    let import = patuh(
        dir.path(),
        &["instrument", "import", "--publish", fixed.to_str().unwrap()],
        None,
    );
    assert!(import.status.success(), "{}", text(&import));
    let again = patuh(
        dir.path(),
        &["instrument", "import", fixed.to_str().unwrap()],
        None,
    );
    assert!(!again.status.success());
    assert!(text(&again).contains("frozen"), "{}", text(&again));
    assert!(text(&patuh(dir.path(), &["instrument", "list"], None)).contains("pekppp@2026"));
}

#[test]
fn instrument_score_reconciles_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let version =
        app::domain::instrument::builtin::builtin_version("ombudsman-kepatuhan", "2023").unwrap();
    // Every indicator at level 2 of 0–3: two thirds of 100.
    let mut csv = String::from("indicator_code,answer\n");
    for i in version.indicators() {
        csv.push_str(&format!("{},2\n", i.code));
    }
    let answers = dir.path().join("jawaban.csv");
    std::fs::write(&answers, &csv).unwrap();
    let out = patuh(
        dir.path(),
        &[
            "instrument",
            "score",
            "ombudsman-kepatuhan@2023",
            "--answers",
            answers.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("Nilai: 66,67"), "{report}");
    assert!(report.contains("Predikat: C"), "{report}");
    assert!(
        report.contains("Menuju predikat B (≥ 78,00): kurang 11,33 poin"),
        "{report}"
    );
    assert!(
        report.contains("Dimensi Input") || report.contains("Input"),
        "{report}"
    );

    // Unknown indicators and unreadable answers: each with its row, exit 1.
    std::fs::write(
        &answers,
        format!("{csv}ZZZ-9,2\n{},lumayan\n", version.indicators()[0].code),
    )
    .unwrap();
    let out = patuh(
        dir.path(),
        &[
            "instrument",
            "score",
            "ombudsman-kepatuhan@2023",
            "--answers",
            answers.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    let report = text(&out);
    let rows = version.indicators().len() + 2;
    assert!(
        report.contains(&format!("baris {rows}: indikator \"ZZZ-9\"")),
        "{report}"
    );
    assert!(
        report.contains("dijawab dua kali") || report.contains("lumayan"),
        "{report}"
    );
}

#[test]
fn skm_ikm_prints_nrr_ikm_and_mutu_with_either_weight() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tanggapan.csv");
    // Semicolons, as Indonesian Excel saves CSV; profile columns are ignored here.
    std::fs::write(
        &csv,
        "U1;U2;U3;U4;U5;U6;U7;U8;U9;umur\n4;4;4;4;4;4;4;4;4;30\n4;4;4;4;4;4;4;4;4;41\n",
    )
    .unwrap();
    let path = csv.to_str().unwrap();
    let out = patuh(dir.path(), &["skm", "ikm", "--csv", path], None);
    assert!(out.status.success(), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("Responden: 2"), "{t}");
    assert!(t.contains("U1    Persyaratan"), "{t}");
    assert!(t.contains("IKM: 100,00   Mutu: A (Sangat Baik)"), "{t}");
    let out = patuh(
        dir.path(),
        &["skm", "ikm", "--csv", path, "--weight", "0.111"],
        None,
    );
    let t = text(&out);
    assert!(
        t.contains("IKM: 99,90   Mutu: A"),
        "the spreadsheet convention: {t}"
    );
    assert!(t.contains("bukan hasil resmi"), "{t}");
    // A bad row: named, nothing computed, exit 1.
    std::fs::write(
        &csv,
        "U1,U2,U3,U4,U5,U6,U7,U8,U9\n4,4,4,4,4,4,4,4,4\n4,4,7,4,4,4,4,4,4\n",
    )
    .unwrap();
    let out = patuh(dir.path(), &["skm", "ikm", "--csv", path], None);
    assert!(!out.status.success());
    let t = text(&out);
    assert!(t.contains("baris 3, kolom U3"), "{t}");
    assert!(!t.contains("IKM:"), "{t}");
}
