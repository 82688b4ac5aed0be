//! In-memory adaptations that let progenitor take the spec as Mesh publishes it.
//!
//! The vendored document is never edited: each step rewrites a copy, says what it did (a line
//! in the codegen log and in the generated file's header), and does nothing when the spec no
//! longer needs it. `ADAPTATIONS` is the table of contents; each step has its own file.

mod error;
mod inline_enums;
mod open_responses;
mod operation_names;
mod request_media_type;
mod untyped_errors;

use serde_json::Value;

pub(crate) use error::AdaptError;
use inline_enums::name_inline_response_enums;
use open_responses::open_response_schemas;
use operation_names::name_operations;
use request_media_type::keep_one_request_media_type;
use untyped_errors::drop_untyped_error_responses;

/// One adaptation: a name for the log and the rewrite, which returns what it changed.
#[derive(Debug)]
pub(crate) struct Adaptation {
    pub(crate) name: &'static str,
    apply: fn(&mut Value) -> Result<Vec<String>, AdaptError>,
}

/// The adaptations, in the order they run.
pub(crate) const ADAPTATIONS: [Adaptation; 5] = [
    Adaptation {
        name: "name_operations",
        apply: name_operations,
    },
    Adaptation {
        name: "keep_one_request_media_type",
        apply: keep_one_request_media_type,
    },
    Adaptation {
        name: "drop_untyped_error_responses",
        apply: drop_untyped_error_responses,
    },
    Adaptation {
        name: "name_inline_response_enums",
        apply: name_inline_response_enums,
    },
    Adaptation {
        name: "open_response_schemas",
        apply: open_response_schemas,
    },
];

/// Runs every adaptation on `document`; returns one `name: change` line per change made.
pub(crate) fn adapt(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    for adaptation in &ADAPTATIONS {
        for change in (adaptation.apply)(document)? {
            log.push(format!("{}: {change}", adaptation.name));
        }
    }
    Ok(log)
}

#[cfg(test)]
mod tests;
