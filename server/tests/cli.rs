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
