//! The browser-facing checks, run with Node against the real server:
//! graphql-http's conformance audits, and the IDE and admin UI in Debian's
//! headless Chromium with every non-local request blocked.

use std::{path::PathBuf, process::Command};

use lyceum::seed::DEMO_PASSWORD;
use lyceum_tests::TestApp;
use tokio::sync::OnceCell;

fn admin_ui_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../admin-ui"))
}

/// Installs admin-ui's npm packages once per test run if they are missing.
async fn node_packages() {
    static INSTALLED: OnceCell<()> = OnceCell::const_new();
    INSTALLED
        .get_or_init(|| async {
            let dir = admin_ui_dir();
            if packages_current(&dir) {
                return;
            }
            let status = tokio::task::spawn_blocking(move || {
                Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund"])
                    .current_dir(dir)
                    .status()
            })
            .await
            .unwrap()
            .expect("these checks need Node.js 20+ and npm on PATH");
            assert!(status.success(), "npm ci in admin-ui failed");
        })
        .await;
}

/// npm records what it installed in node_modules/.package-lock.json; a
/// lock file changed since (a pull) means the packages may be stale.
fn packages_current(dir: &std::path::Path) -> bool {
    let modified = |path: PathBuf| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    match (
        modified(dir.join("node_modules/.package-lock.json")),
        modified(dir.join("package-lock.json")),
    ) {
        (Some(installed), Some(locked)) => installed >= locked,
        _ => false,
    }
}

/// Runs a Node script of admin-ui (a path inside it); success and all output.
async fn node(script: &str, args: Vec<String>, env: Vec<(&'static str, String)>) -> (bool, String) {
    node_packages().await;
    let script = script.to_owned();
    tokio::task::spawn_blocking(move || {
        let output = Command::new("node")
            .arg(script)
            .args(args)
            .envs(env)
            .current_dir(admin_ui_dir())
            .output()
            .expect("these checks need Node.js on PATH");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn graphql_over_http_conformance_audits_pass() {
    let app = TestApp::spawn().await;
    let (passed, output) = node("scripts/audit.mjs", vec![app.graphql_url()], vec![]).await;
    assert!(passed, "graphql-http audits failed:\n{output}");
    assert!(output.contains(" passed, 0 failed"), "{output}");
}

#[tokio::test]
async fn ide_and_admin_ui_work_offline_in_chromium() {
    let app = TestApp::spawn_with(|settings| settings.seed_demo_data = Some(true)).await;
    let (passed, output) = node(
        "scripts/e2e.mjs",
        vec![app.address.clone()],
        vec![
            ("E2E_ADMIN", "admin".to_owned()),
            ("E2E_MODERATOR", "moderator".to_owned()),
            ("E2E_LEARNER", "learner_ana".to_owned()),
            ("E2E_PASSWORD", DEMO_PASSWORD.to_owned()),
        ],
    )
    .await;
    assert!(passed, "browser checks failed:\n{output}");
    assert!(!output.contains("SKIP "), "{output}");
    assert!(
        output.contains("PASS admin: hiding a reported post in the queue hides it from learners"),
        "{output}"
    );
}

/// The admin UI's unit and component tests (Vitest, in jsdom).
#[tokio::test]
async fn admin_ui_unit_tests_pass() {
    let (passed, output) = node(
        "node_modules/vitest/vitest.mjs",
        vec!["run".to_owned()],
        vec![("NO_COLOR", "1".to_owned())],
    )
    .await;
    assert!(passed, "admin-ui unit tests failed:\n{output}");
    assert!(output.contains(" passed"), "{output}");
}
