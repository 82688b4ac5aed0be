//! The import pipeline every command reads a spec through: a source, then the canonical form,
//! then the overlay, then the closure of the covered operations. Only this module joins the
//! stages.

use serde_json::Value;

use crate::canonical::{CanonicalError, canonicalize};
use crate::closure::{ClosureError, covered_closure};
use crate::covered::{CoveredOperation, all_covered, covered_in};
use crate::openapi::yaml;
use crate::overlay::{Applied, Overlay, OverlayError};
use crate::sources::{self, SourceError, SourceKind};

/// Why a file could not be imported; each variant names the stage that refused it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ImportError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("the document has no {missing}, which this project covers")]
    MissingOperations { missing: String },
    #[error("making the canonical form")]
    Canonical(#[from] CanonicalError),
    #[error("applying the overlay")]
    Overlay(#[from] OverlayError),
    #[error("keeping the covered operations")]
    Closure(#[from] ClosureError),
}

/// A file imported: the canonical document of the covered operations, and where it came from.
#[derive(Debug)]
pub(crate) struct Imported {
    pub(crate) document: Value,
    pub(crate) kind: SourceKind,
    /// The page's `Source:` URL, when the file names where it came from.
    pub(crate) source_url: Option<String>,
    /// The covered operations the file describes: Mesh's full document has them all, a docs
    /// page the one it is about.
    pub(crate) operations: Vec<&'static CoveredOperation>,
    /// What the overlay found, when one was applied.
    pub(crate) overlay: Option<Applied>,
}

/// Which covered operations a full document must describe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coverage {
    /// Every one: what the vendored spec is imported from (`spec import`, `spec update`).
    Every,
    /// Those it has: a document compared as it is, or the vendored spec of an earlier project.
    Described,
}

/// Imports `text`, whichever source it is: the covered operations it describes (a docs page
/// describes one; with [`Coverage::Every`] a full document must have them all), with `overlay`
/// applied to an OpenAPI document (a docs page is one of the renderings the overlay stands in
/// for, so it is read as it is). What the canonical form could not settle is an error only
/// where the covered operations reach it: the rest of Mesh's API is left behind.
pub(crate) fn import(
    text: &str,
    overlay: Option<&Overlay>,
    coverage: Coverage,
) -> Result<Imported, ImportError> {
    let source = sources::read(text)?;
    // What a full document lacks is said first, before any other judgement.
    if coverage == Coverage::Every && source.kind == SourceKind::FullDocument {
        let present = covered_in(&source.document);
        let missing: Vec<String> = all_covered()
            .into_iter()
            .filter(|covered| !present.contains(covered))
            .map(ToString::to_string)
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::MissingOperations {
                missing: missing.join(", "),
            });
        }
    }
    let mut canonical = canonicalize(source.document);
    let overlay = match source.kind {
        SourceKind::DocsPage => None,
        SourceKind::FullDocument => overlay
            .map(|overlay| overlay.apply(&mut canonical.document))
            .transpose()?,
    };
    let mut operations = covered_in(&canonical.document);
    if operations.is_empty() {
        // The closure of them all names the first one missing.
        operations = all_covered();
    }
    let document = covered_closure(&canonical.document, &operations)?;
    if let Some(reached) = canonical
        .unsettled
        .into_iter()
        .find(|unsettled| unsettled.stands_in(&document))
    {
        return Err(ImportError::Canonical(reached));
    }
    Ok(Imported {
        document,
        kind: source.kind,
        source_url: source.source_url,
        operations,
        overlay,
    })
}

/// `document` cut down to `operations`, to compare it with a source that describes only those.
pub(crate) fn restricted_to(
    document: &Value,
    operations: &[&CoveredOperation],
) -> Result<Value, ImportError> {
    Ok(covered_closure(document, operations)?)
}

/// The vendored document's text: a header, then the canonical YAML.
pub(crate) fn vendored_text(document: &Value) -> String {
    format!(
        "# Imported by `cargo xtask spec import` from Mesh's published API description.\n\
         # Do not edit by hand: openapi/README.md says where it comes from and how to update it.\n{}",
        yaml::to_canonical_string(document)
    )
}

#[cfg(test)]
mod tests;
