//! The browser-facing checks, run with Node against the real server:
//! graphql-http's conformance audits, and the IDE and admin UI in Debian's
//! headless Chromium with every non-local request blocked.

use std::{path::PathBuf, process::Command};

use lyceum_tests::{PASSWORD, TestApp};
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
            if dir.join("node_modules/graphql-http").exists()
                && dir.join("node_modules/playwright-core").exists()
            {
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

async fn node(script: &str, args: Vec<String>, env: Vec<(&'static str, String)>) -> (bool, String) {
    node_packages().await;
    let script = script.to_owned();
    tokio::task::spawn_blocking(move || {
        let output = Command::new("node")
            .arg(format!("scripts/{script}"))
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
    let (passed, output) = node("audit.mjs", vec![app.graphql_url()], vec![]).await;
    assert!(passed, "graphql-http audits failed:\n{output}");
    assert!(output.contains(" passed, 0 failed"), "{output}");
}

#[tokio::test]
async fn ide_and_admin_ui_work_offline_in_chromium() {
    let app = TestApp::spawn().await;
    app.admin("ui_admin").await;
    let (passed, output) = node(
        "e2e.mjs",
        vec![app.address.clone()],
        vec![
            ("E2E_LOGIN", "ui_admin".to_owned()),
            ("E2E_PASSWORD", PASSWORD.to_owned()),
        ],
    )
    .await;
    assert!(passed, "browser checks failed:\n{output}");
    assert!(output.contains("Signed in as"), "{output}");
}
