//! Where the maintainers' files live, relative to the workspace root.

use std::path::PathBuf;

/// The vendored OpenAPI document every generated file derives from.
pub(crate) const SPEC: &str = "openapi/mesh-linktoken.yaml";
/// Mesh's docs-site page for `POST /api/v1/linktoken` as captured: compared with the vendored
/// spec to find what belongs in the overlay.
#[cfg(test)]
pub(crate) const DOCS_PAGE: &str = "openapi/docs/get-link-token-with-parameters.md";
/// What Mesh documents outside its full document, applied on import.
pub(crate) const OVERLAY: &str = "openapi/overlay.yaml";
/// Where the vendored upstream file goes.
pub(crate) const UPSTREAM_DIR: &str = "openapi/upstream";
/// Names the vendored file `openapi/mesh-linktoken.yaml` was last imported from.
pub(crate) const UPSTREAM_CURRENT: &str = "openapi/upstream/CURRENT";
/// What each `spec update` changed, newest first.
pub(crate) const CHANGELOG: &str = "openapi/CHANGELOG.md";
/// The generated client.
pub(crate) const GENERATED_CLIENT: &str = "crates/mesh-link-api/src/generated.rs";
/// The vendored document as JSON, which `mesh-link-api` embeds (its readers need no YAML parser).
pub(crate) const EMBEDDED_SPEC: &str = "crates/mesh-link-api/src/openapi.json";

/// Earlier versions of Mesh's full document, for the spec tools' tests.
#[cfg(test)]
const EARLIER_DOCUMENTS: &str = "tests/fixtures/mesh-openapi";

/// Mesh's real published documents that this project imports: an earlier one and the one the
/// vendored spec comes from.
#[cfg(test)]
pub(crate) const REAL_DOCUMENTS: [&str; 2] = ["swagger-2024-11-29.json", "swagger-2025-07-10.json"];

/// A real document of Mesh's by file name: the vendored upstream, or an earlier version.
#[cfg(test)]
pub(crate) fn real_document(name: &str) -> PathBuf {
    let upstream = root().join(UPSTREAM_DIR).join(name);
    if upstream.exists() {
        upstream
    } else {
        root().join(EARLIER_DOCUMENTS).join(name)
    }
}

/// Where cargo builds: `CARGO_TARGET_DIR`, or `target/` under the workspace root.
pub(crate) fn target_dir(root: &std::path::Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The workspace root: the parent of this crate's directory.
pub(crate) fn root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map_or_else(|| manifest_dir.clone(), PathBuf::from)
}
