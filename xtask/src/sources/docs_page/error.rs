//! Why a docs page could not be read.

use crate::openapi::refs::SCHEMA_REF_PREFIX;

/// Why a page could not be read. Each message says what was expected.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DocsPageError {
    #[error("the page has no fenced ```yaml code block; expected the docs site's OpenAPI block")]
    NoYamlBlock,
    #[error("the page's YAML block does not parse")]
    YamlSyntax(#[from] serde_yaml_ng::Error),
    #[error("the YAML block is not the docs site's rendering of an operation: {0}")]
    NotDocsRendering(String),
    #[error(
        "the operation under `paths` has no `{field}`; the docs site's rendering gives `path` and `method`"
    )]
    MissingOperationField { field: &'static str },
    #[error("`paths.{field}` is {found}; expected {expected}")]
    InvalidOperationField {
        field: &'static str,
        found: String,
        expected: &'static str,
    },
    #[error("{location}: {what} is not supported by the importer yet")]
    Unsupported { location: String, what: String },
    #[error("the operation declares no responses (`paths.response` is missing or empty)")]
    NoResponses,
    #[error("{location}: `$ref` {reference} must point into {SCHEMA_REF_PREFIX}")]
    UnsupportedReference { reference: String, location: String },
    #[error("{location}: schema `{name}` is given two different shapes on this page")]
    ConflictingSchema { name: String, location: String },
    #[error("{location}: the media types give different descriptions ({first:?} and {second:?})")]
    ConflictingDescriptions {
        location: String,
        first: String,
        second: String,
    },
}
