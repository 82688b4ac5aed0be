//! The import pipeline every command reads a spec through: a source, then the canonical form,
//! then the closure of the covered operations. Only this module joins the stages.

use serde_json::Value;

use crate::canonical::{CanonicalError, canonicalize};
use crate::closure::{ClosureError, covered_closure};
use crate::openapi::yaml;
use crate::sources::{self, SourceError, SourceKind};

/// Why a file could not be imported; each variant names the stage that refused it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ImportError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error("making the canonical form")]
    Canonical(#[from] CanonicalError),
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
}

/// Imports `text`, whichever source it is. What the canonical form could not settle is an
/// error only where the covered operations reach it: the rest of Mesh's API is left behind.
pub(crate) fn import(text: &str) -> Result<Imported, ImportError> {
    let source = sources::read(text)?;
    let canonical = canonicalize(source.document);
    let document = covered_closure(&canonical.document)?;
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
    })
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
