//! A spec file read and imported, the vendored one among them.

use std::path::Path;

use anyhow::{Context as _, bail};
use serde_json::Value;

use crate::covered::CoveredOperation;
use crate::overlay::{Applied, Overlay};
use crate::pipeline::{self, Coverage};
use crate::sources::SourceKind;
use crate::workspace;

/// A file read and imported, with what it was and where it came from.
pub(super) struct Loaded {
    pub(super) document: Value,
    pub(super) kind: SourceKind,
    /// The page's `Source:` URL, or the path given.
    pub(super) origin: String,
    pub(super) text: String,
    pub(super) file_name: String,
    /// The covered operations it describes.
    pub(super) operations: Vec<&'static CoveredOperation>,
    /// What the overlay found, when one was applied.
    pub(super) overlay: Option<Applied>,
}

/// Reads and imports `path`; with [`Coverage::Every`] a full document lacking a covered
/// operation is refused for that first.
pub(super) fn load(
    path: &Path,
    overlay: Option<&Overlay>,
    coverage: Coverage,
) -> anyhow::Result<Loaded> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let imported = pipeline::import(&text, overlay, coverage)
        .with_context(|| format!("cannot import {}", path.display()))?;
    let file_name = path.file_name().map_or_else(
        || "imported".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let origin = imported
        .source_url
        .unwrap_or_else(|| path.display().to_string());
    Ok(Loaded {
        document: imported.document,
        kind: imported.kind,
        origin,
        text,
        file_name,
        operations: imported.operations,
        overlay: imported.overlay,
    })
}

/// A file the vendored spec can be imported from: Mesh's full document, with the overlay
/// unless `with_overlay` is false. A docs page describes one operation, so it is refused.
pub(super) fn load_upstream(
    root: &Path,
    path: &Path,
    with_overlay: bool,
) -> anyhow::Result<Loaded> {
    let overlay = if with_overlay {
        Some(read_overlay(root)?)
    } else {
        None
    };
    let loaded = load(path, overlay.as_ref(), Coverage::Every)?;
    if loaded.kind == SourceKind::DocsPage {
        bail!(
            "{} is a docs-site page: the vendored spec comes from Mesh's full OpenAPI document \
             (`cargo xtask spec upstream` says where to fetch it), with {} for what only the \
             docs say. To see what the page says differently, run `cargo xtask spec diff {}`",
            path.display(),
            workspace::OVERLAY,
            path.display()
        );
    }
    note_redundant_actions(&loaded);
    Ok(loaded)
}

/// Tells the maintainer which overlay actions the document has caught up with.
pub(super) fn note_redundant_actions(loaded: &Loaded) {
    for action in loaded.overlay.iter().flat_map(|applied| &applied.redundant) {
        eprintln!(
            "note: {}: {action} can be removed: the document now says the same",
            workspace::OVERLAY
        );
    }
}

/// The overlay, `openapi/overlay.yaml`.
pub(super) fn read_overlay(root: &Path) -> anyhow::Result<Overlay> {
    let path = root.join(workspace::OVERLAY);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Overlay::parse(&text).with_context(|| format!("cannot read {}", path.display()))
}

/// The vendored document, read as any other source.
pub(super) fn vendored(root: &Path) -> anyhow::Result<Loaded> {
    let mut loaded = load(&root.join(workspace::SPEC), None, Coverage::Described)?;
    loaded.origin = format!("{} (vendored)", workspace::SPEC);
    Ok(loaded)
}
