//! Helpers for the workspace-level tests: the generated crate's sources and its surface.

pub mod public_api;
pub mod surface;

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The source progenitor generated for `crates/mesh-link-api`.
pub fn generated_client_source() -> std::io::Result<String> {
    std::fs::read_to_string(workspace_root().join("crates/mesh-link-api/src/generated.rs"))
}

/// The OpenAPI document `mesh-link-api` was generated from, parsed.
pub fn spec_document() -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT)
}

// The workspace README's Rust examples compile as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
