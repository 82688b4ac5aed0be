//! The diff stage: what changed between two canonical documents, for a client of the covered
//! operations, each change classified as breaking, additive or docs-only.

mod render;
mod sides;
mod walk;

use serde::Serialize;
use serde_json::Value;

/// How a change affects a client: we send requests and read responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Class {
    /// Something we send is gone or tightened, a value we may send is removed, a response field
    /// we read is gone, or a generated name we compile against changed.
    Breaking,
    /// New fields, values, operations or looser constraints: nothing that worked stops working.
    Additive,
    /// Descriptions, summaries, examples.
    DocsOnly,
}

/// Whether a schema is sent in requests, read in responses, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Side {
    Request,
    Response,
    Both,
}

impl Side {
    pub(crate) fn merge(self, other: Self) -> Self {
        if self == other { self } else { Self::Both }
    }

    pub(crate) fn sends(self) -> bool {
        matches!(self, Self::Request | Self::Both)
    }

    pub(crate) fn reads(self) -> bool {
        matches!(self, Self::Response | Self::Both)
    }
}

/// One change, where it is and what it means.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Change {
    pub(crate) class: Class,
    /// `Schema.property`, `Schema.list[]`, or `POST /path request body` / `... response 200`.
    pub(crate) location: String,
    /// A stable machine name: `property-removed`, `enum-value-renamed`, `schema-renamed`...
    pub(crate) kind: &'static str,
    pub(crate) detail: String,
    pub(crate) side: Option<Side>,
}

/// The changes between two documents, with labels for where each came from.
#[derive(Debug)]
pub(crate) struct Report {
    pub(crate) old: String,
    pub(crate) new: String,
    /// A caution for the reader, printed under the title.
    pub(crate) note: Option<String>,
    pub(crate) changes: Vec<Change>,
}

impl Report {
    /// Whether a change of class `threshold` or a worse one is present (`--fail-on`).
    pub(crate) fn reaches(&self, threshold: Class) -> bool {
        self.changes.iter().any(|c| c.class <= threshold)
    }
}

/// Compares two canonical documents (as the import pipeline makes them).
pub(crate) fn diff(old_label: &str, old: &Value, new_label: &str, new: &Value) -> Report {
    let mut changes = walk::compare_documents(old, new);
    changes.sort();
    changes.dedup();
    Report {
        old: old_label.to_owned(),
        new: new_label.to_owned(),
        note: None,
        changes,
    }
}

/// Lines a difference of form alone would cause (before the canonical form existed, each did):
/// a report between two renderings of the same content has none of them.
#[cfg(test)]
pub(crate) const FORM_ARTIFACTS: [&str; 7] = [
    "security",
    "allOf",
    "example added",
    "examples removed",
    "type object → none",
    "request body.",
    "ApiResult.status",
];

#[cfg(test)]
mod tests;
