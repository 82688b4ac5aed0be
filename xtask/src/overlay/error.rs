//! Why an overlay could not be applied; each names the action by its number and target.

/// An overlay that cannot be read, or an action the document does not take.
#[derive(Debug, thiserror::Error)]
pub(crate) enum OverlayError {
    #[error("the overlay is not an Overlay document: {0}")]
    Unreadable(String),
    #[error("the overlay is version {found}; this tool reads Overlay 1.0.x")]
    UnsupportedVersion { found: String },
    #[error("{action}: the target is not an RFC 9535 JSONPath: {error}")]
    BadTarget { action: String, error: String },
    #[error(
        "{action}: the target matches nothing in the document; Mesh may have renamed or moved \
         what it points at"
    )]
    MatchesNothing { action: String },
    #[error("{action}: the action has neither `update` nor `remove: true`")]
    NothingToDo { action: String },
    #[error(
        "{action}: the document contradicts it at {at}: the overlay says {overlay}, the document \
         says {document}; fix or remove the action"
    )]
    Contradicted {
        action: String,
        at: String,
        overlay: String,
        document: String,
    },
    #[error(
        "{action}: {at} is {found}, which an update cannot merge into (Overlay 1.0 takes objects and arrays)"
    )]
    NotMergeable {
        action: String,
        at: String,
        found: &'static str,
    },
}
