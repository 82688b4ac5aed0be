//! The second stage: one canonical form for every source, so that two renderings of the same
//! API are the same document, and everything downstream (closure, codegen, diff, the emulator)
//! reads only this form. Each rule below removes a difference of form, never of meaning.

mod rules;

use serde_json::Value;

use crate::openapi::OPENAPI_VERSION;

// The vendored document describes a slice of Mesh's API, so it carries its own `info`: the
// docs page has none and Mesh's full document says "1.0" for every release; the version names
// the API the way its paths do (/api/v1).
pub(crate) const INFO_TITLE: &str = "Mesh Connect Integration API";
pub(crate) const INFO_VERSION: &str = "v1";

/// Why a document has no canonical form. Each names where in the document it stands.
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

/// `document` in the canonical form.
pub(crate) fn canonicalize(mut document: Value) -> Result<Value, CanonicalError> {
    rules::name_security_schemes_after_what_they_are(&mut document)?;
    rules::state_security_on_each_operation(&mut document);
    rules::drop_tags(&mut document);
    rules::normalize_schemas(&mut document)?;
    rules::one_form_of_examples(&mut document)?;
    rules::drop_defaults(&mut document);
    if let Some(map) = document.as_object_mut() {
        map.insert("openapi".into(), Value::from(OPENAPI_VERSION));
        map.insert(
            "info".into(),
            serde_json::json!({"title": INFO_TITLE, "version": INFO_VERSION}),
        );
    }
    Ok(document)
}

#[cfg(test)]
mod tests;
