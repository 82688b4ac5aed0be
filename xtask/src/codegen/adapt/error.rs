//! Why the spec could not be adapted for progenitor.

/// Why the spec could not be adapted for progenitor.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AdaptError {
    #[error(
        "{operation}: the request body has different schemas per media type ({media_types}); progenitor takes one"
    )]
    RequestBodiesDiffer {
        operation: String,
        media_types: String,
    },
    #[error(
        "{operation}: error responses have different body types ({bodies}); progenitor needs one per operation"
    )]
    ErrorBodiesDiffer { operation: String, bodies: String },
    #[error(
        "{location}: an inline enum in a response was left unnamed, so it cannot be opened to unknown values"
    )]
    InlineResponseEnum { location: String },
}
