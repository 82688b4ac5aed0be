//! What a rule of the canonical form could not settle, and where in a document it stands.

use serde_json::Value;

use crate::openapi::refs::{escape_pointer, pointer_root};

/// What a rule of the canonical form could not settle. Each names where in the document it stands.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CanonicalError {
    #[error(
        "{location}: the enum values beside the reference to `{schema}` disagree with `{schema}` \
         (only beside the reference: {only_in_copy}; only in `{schema}`: {only_in_schema})"
    )]
    EnumCopyDisagrees {
        location: String,
        schema: String,
        only_in_copy: String,
        only_in_schema: String,
    },
    #[error(
        "{location}: `example` and `examples` give different examples; OpenAPI allows one of them"
    )]
    ExamplesDisagree { location: String },
    #[error(
        "security schemes `{first}` and `{second}` are both the {what}; the canonical form names a \
         scheme after what it is, so it cannot tell them apart"
    )]
    SecuritySchemesClash {
        first: String,
        second: String,
        what: String,
    },
}

impl CanonicalError {
    /// Whether the part of the document this is about is in `document`: a component or an
    /// operation that a closure kept.
    pub(crate) fn stands_in(&self, document: &Value) -> bool {
        let locations = match self {
            Self::EnumCopyDisagrees { location, .. } | Self::ExamplesDisagree { location } => {
                vec![location.clone()]
            }
            Self::SecuritySchemesClash { first, second, .. } => [first, second]
                .map(|label| format!("#/components/securitySchemes/{}", escape_pointer(label)))
                .to_vec(),
        };
        locations.iter().any(|location| {
            let root = pointer_root(location);
            document.pointer(root.trim_start_matches('#')).is_some()
        })
    }
}
