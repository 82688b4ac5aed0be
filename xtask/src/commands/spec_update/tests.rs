//! `spec update`: dates, the files it writes, its changelog entry, and switching the kind of source.

use std::path::PathBuf;

use super::*;
use crate::commands::upstream::Upstream;
use crate::sources::SourceKind;
use crate::workspace::{self, real_document};

#[test]
fn dates_must_be_iso() {
    assert!(is_iso_date("2026-11-22"));
    for bad in ["2026-1-22", "22-11-2026", "2026/11/22", "yesterday"] {
        assert!(!is_iso_date(bad), "{bad}");
    }
    assert!(is_iso_date(&today()));
}

/// A scratch workspace holding `spec` as its vendored document, imported from a `kind` file.
fn scratch_workspace(name: &str, spec: &str, kind: SourceKind) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-update-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join(workspace::UPSTREAM_DIR)).unwrap();
    std::fs::write(root.join(workspace::SPEC), spec).unwrap();
    let upstream = Upstream {
        file: "earlier".into(),
        kind,
        url: None,
    };
    std::fs::write(root.join(workspace::UPSTREAM_CURRENT), upstream.to_text()).unwrap();
    root
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

#[test]
fn update_imports_regenerates_and_writes_a_dated_changelog_entry() {
    let repo = workspace::root();
    let older = read(&repo, "tests/fixtures/spec/older-capture.yaml");
    let root = scratch_workspace("page", &older, SourceKind::DocsPage);
    let page = repo.join(workspace::UPSTREAM_PAGE);
    spec_update(&root, &page, Some("2026-11-22".into()), false).unwrap();

    assert_eq!(read(&root, workspace::SPEC), read(&repo, workspace::SPEC));
    assert_eq!(
        read(&root, workspace::GENERATED_CLIENT),
        read(&repo, workspace::GENERATED_CLIENT)
    );
    assert_eq!(
        read(&root, workspace::UPSTREAM_CURRENT),
        read(&repo, workspace::UPSTREAM_CURRENT)
    );
    let changelog = read(&root, workspace::CHANGELOG);
    assert!(
        changelog.starts_with("# Changes to the vendored spec"),
        "{changelog}"
    );
    assert!(changelog.contains("## 2026-11-22: https://docs.meshconnect.com/api-reference/managed-account-authentication/get-link-token-with-parameters.md (docs-site reference page)"), "{changelog}");
    assert!(
        changelog.contains("- `GetLinkTokenRequest.userId`: maxLength 50 → 300 (request)"),
        "{changelog}"
    );

    // Nothing changed the second time: no second entry.
    spec_update(&root, &page, Some("2026-11-23".into()), false).unwrap();
    assert_eq!(read(&root, workspace::CHANGELOG), changelog);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn update_from_one_real_document_to_the_next_writes_the_changelog_entry() {
    let root = scratch_workspace("real", "", SourceKind::FullDocument);
    // The earlier real document, imported as a team tracking Mesh's full document would have.
    let earlier = super::super::loaded::load(&real_document("swagger-2024-11-29.json")).unwrap();
    std::fs::write(root.join(workspace::SPEC), vendored_text(&earlier.document)).unwrap();

    let later = real_document("swagger-2025-07-10.json");
    spec_update(&root, &later, Some("2026-11-30".into()), false).unwrap();

    let changelog = read(&root, workspace::CHANGELOG)
        .replace(&later.display().to_string(), "swagger-2025-07-10.json");
    insta::assert_snapshot!(changelog);
    assert_eq!(
        Upstream::read(&root).unwrap().unwrap(),
        Upstream {
            file: "swagger-2025-07-10.json".into(),
            kind: SourceKind::FullDocument,
            url: None,
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
fn switching_the_kind_of_source_is_refused_unless_asked_for() {
    let repo = workspace::root();
    let root = scratch_workspace(
        "switch",
        &read(&repo, workspace::SPEC),
        SourceKind::DocsPage,
    );
    let document = real_document("swagger-2025-07-10.json");
    let error = spec_update(&root, &document, Some("2026-11-30".into()), false).unwrap_err();
    assert!(error.to_string().contains("--switch-kind"), "{error}");
    assert_eq!(
        read(&root, workspace::SPEC),
        read(&repo, workspace::SPEC),
        "nothing written"
    );

    spec_update(&root, &document, Some("2026-11-30".into()), true).unwrap();
    let changelog = read(&root, workspace::CHANGELOG);
    assert!(
        changelog.contains("(full OpenAPI document)")
            && changelog
                .contains("This compares a docs-site reference page with a full OpenAPI document"),
        "{changelog}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn update_refuses_a_malformed_date_before_touching_anything() {
    let root = scratch_workspace("date", "openapi: 3.0.3\n", SourceKind::DocsPage);
    let error =
        spec_update(&root, Path::new("unused"), Some("22/11/2026".into()), false).unwrap_err();
    assert!(error.to_string().contains("YYYY-MM-DD"), "{error}");
    assert_eq!(read(&root, workspace::SPEC), "openapi: 3.0.3\n");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn day_counts_become_calendar_dates() {
    assert_eq!(civil_date(0), "1970-01-01");
    assert_eq!(civil_date(11_016), "2000-02-29");
    assert_eq!(civil_date(11_017), "2000-03-01");
    assert_eq!(civil_date(20_414), "2025-11-22");
    assert_eq!(civil_date(-1), "1969-12-31");
}
