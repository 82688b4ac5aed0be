//! `spec update`: dates, the files it writes, its changelog entry, and what it refuses.

use std::path::PathBuf;

use super::*;
use crate::commands::loaded::load_upstream;
use crate::commands::upstream::Upstream;
use crate::workspace::{self, real_document};

#[test]
fn today_is_a_calendar_date() {
    let today = today();
    assert_eq!(today.len(), 10, "{today}");
    assert_eq!(
        today.parse::<jiff::civil::Date>().unwrap().to_string(),
        today
    );
}

/// A scratch workspace holding `spec` as its vendored document and the project's overlay.
fn scratch_workspace(name: &str, spec: &str) -> PathBuf {
    let repo = workspace::root();
    let root = std::env::temp_dir().join(format!("xtask-update-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(workspace::UPSTREAM_DIR)).unwrap();
    std::fs::write(root.join(workspace::SPEC), spec).unwrap();
    std::fs::copy(repo.join(workspace::OVERLAY), root.join(workspace::OVERLAY)).unwrap();
    let upstream = Upstream {
        file: "earlier.json".into(),
        overlay: true,
    };
    std::fs::write(
        root.join(workspace::UPSTREAM_DIR).join("earlier.json"),
        "{}",
    )
    .unwrap();
    std::fs::write(root.join(workspace::UPSTREAM_CURRENT), upstream.to_text()).unwrap();
    root
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

/// The vendored upstream document, as `spec upstream` names it.
fn vendored_upstream(repo: &Path) -> PathBuf {
    let upstream = Upstream::read(repo).unwrap().unwrap();
    repo.join(workspace::UPSTREAM_DIR).join(upstream.file)
}

#[test]
fn update_imports_regenerates_and_writes_a_dated_changelog_entry() {
    let repo = workspace::root();
    let older = read(&repo, "tests/fixtures/spec/older-capture.yaml");
    let root = scratch_workspace("older", &older);
    let upstream = vendored_upstream(&repo);
    spec_update(&root, &upstream, Some("2026-11-22".into())).unwrap();

    for file in [
        workspace::SPEC,
        workspace::GENERATED_CLIENT,
        workspace::UPSTREAM_CURRENT,
    ] {
        assert_eq!(read(&root, file), read(&repo, file), "{file}");
    }
    assert!(
        !root
            .join(workspace::UPSTREAM_DIR)
            .join("earlier.json")
            .exists(),
        "the file the spec came from before is removed"
    );
    let changelog = read(&root, workspace::CHANGELOG);
    assert!(
        changelog.starts_with("# Changes to the vendored spec"),
        "{changelog}"
    );
    let file_name = upstream.file_name().unwrap().to_string_lossy();
    let bytes = std::fs::metadata(&upstream).unwrap().len();
    assert!(
        changelog.contains(&format!(
            "## 2026-11-22: {}/{file_name} ({bytes} bytes) with {}",
            workspace::UPSTREAM_DIR,
            workspace::OVERLAY
        )),
        "{changelog}"
    );
    assert!(
        !changelog.contains(&repo.display().to_string()),
        "the changelog names a path of this machine: {changelog}"
    );
    assert!(
        changelog.contains("- `GetLinkTokenRequest.userId`: maxLength 50 → 300 (request)"),
        "{changelog}"
    );

    // Nothing changed the second time: no second entry.
    spec_update(&root, &upstream, Some("2026-11-23".into())).unwrap();
    assert_eq!(read(&root, workspace::CHANGELOG), changelog);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn update_from_one_real_document_to_the_next_reports_meshs_changes_only() {
    let root = scratch_workspace("real", "");
    // The earlier real document, imported with the overlay as `spec import` would have.
    let earlier = load_upstream(&root, &real_document("swagger-2024-11-29.json"), true).unwrap();
    std::fs::write(root.join(workspace::SPEC), vendored_text(&earlier.document)).unwrap();

    let later = real_document("swagger-2025-07-10.json");
    spec_update(&root, &later, Some("2026-11-30".into())).unwrap();

    // Stable whatever the checkout's path: the changelog names no path of this machine.
    let changelog = read(&root, workspace::CHANGELOG);
    for added_by_the_overlay in ["minAmount", "errorHash", "cryptoComPay", "bybitEuDirect"] {
        assert!(
            !changelog.contains(added_by_the_overlay),
            "{added_by_the_overlay} is the overlay's, not a change of Mesh's:\n{changelog}"
        );
    }
    insta::assert_snapshot!(changelog);
    assert_eq!(
        Upstream::read(&root).unwrap().unwrap(),
        Upstream {
            file: "swagger-2025-07-10.json".into(),
            overlay: true,
        }
    );
    let generated = read(&root, workspace::GENERATED_CLIENT);
    assert!(
        generated.contains("pub generate_pay_link: ::std::option::Option<bool>"),
        "the later document's transferOptions.generatePayLink is generated"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_docs_page_is_refused_as_an_upstream_and_pointed_to_spec_diff() {
    let repo = workspace::root();
    let root = scratch_workspace("page", &read(&repo, workspace::SPEC));
    let page = repo.join(workspace::DOCS_PAGE);
    let error = spec_update(&root, &page, Some("2026-11-30".into())).unwrap_err();
    assert!(
        error.to_string().contains("cargo xtask spec diff"),
        "{error}"
    );
    assert_eq!(
        read(&root, workspace::SPEC),
        read(&repo, workspace::SPEC),
        "nothing written"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn update_refuses_a_malformed_date_before_touching_anything() {
    let root = scratch_workspace("date", "openapi: 3.0.3\n");
    for bad in ["22/11/2026", "2026-02-30", "yesterday"] {
        let error = spec_update(&root, Path::new("unused"), Some(bad.into())).unwrap_err();
        assert!(error.to_string().contains("YYYY-MM-DD"), "{bad}: {error}");
    }
    assert_eq!(read(&root, workspace::SPEC), "openapi: 3.0.3\n");
    std::fs::remove_dir_all(&root).unwrap();
}
