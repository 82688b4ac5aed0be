//! A spec file read and imported, the vendored one among them, and what importing one writes.

use std::path::Path;

use anyhow::Context as _;
use serde_json::Value;

use super::upstream::Upstream;
use crate::files::Output;
use crate::pipeline::{self, vendored_text};
use crate::sources::SourceKind;
use crate::workspace;

/// A file read and imported, with what it was and where it came from.
pub(super) struct Loaded {
    pub(super) document: Value,
    pub(super) kind: SourceKind,
    /// The page's `Source:` URL, or the path given.
    pub(super) origin: String,
    /// Where Mesh publishes this kind of file, to fetch its next version from.
    pub(super) url: Option<String>,
    pub(super) text: String,
    pub(super) file_name: String,
}

pub(super) fn load(path: &Path) -> anyhow::Result<Loaded> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let imported =
        pipeline::import(&text).with_context(|| format!("cannot import {}", path.display()))?;
    let file_name = imported
        .source_url
        .as_deref()
        .and_then(|url| url.rsplit('/').next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "imported".to_owned());
    let origin = imported
        .source_url
        .clone()
        .unwrap_or_else(|| path.display().to_string());
    Ok(Loaded {
        document: imported.document,
        kind: imported.kind,
        origin,
        url: imported.source_url,
        text,
        file_name,
    })
}

/// The vendored document, read as any other source, with the kind of file it came from.
pub(super) fn vendored(root: &Path) -> anyhow::Result<Loaded> {
    let mut loaded = load(&root.join(workspace::SPEC))?;
    loaded.origin = format!("{} (vendored)", workspace::SPEC);
    if let Some(upstream) = Upstream::read(root)? {
        loaded.kind = upstream.kind;
    }
    Ok(loaded)
}

/// What importing `loaded` writes: the document, the vendored copy, and the record of both.
pub(super) fn import_outputs(loaded: &Loaded) -> Vec<Output> {
    let upstream = Upstream {
        file: loaded.file_name.clone(),
        kind: loaded.kind,
        url: loaded.url.clone(),
    };
    vec![
        (workspace::SPEC.to_owned(), vendored_text(&loaded.document)),
        (
            format!("{}/{}", workspace::UPSTREAM_DIR, loaded.file_name),
            loaded.text.clone(),
        ),
        (workspace::UPSTREAM_CURRENT.to_owned(), upstream.to_text()),
    ]
}
