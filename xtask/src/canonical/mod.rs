//! The second stage: one canonical form for every source, so that two renderings of the same
//! API are the same document, and everything downstream (closure, codegen, diff, the emulator)
//! reads only this form. Each rule below removes a difference of form, never of meaning; what a
//! rule cannot settle is left as it stands and reported, to be judged where the covered
//! operations reach it.

mod rewrites;
mod unsettled;

use serde_json::Value;

use crate::openapi::OPENAPI_VERSION;
pub(crate) use unsettled::CanonicalError;

// The vendored document describes a slice of Mesh's API, so it carries its own `info`: the
// docs page has none and Mesh's full document says "1.0" for every release; the version names
// the API the way its paths do (/api/v1).
pub(crate) const INFO_TITLE: &str = "Mesh Connect Integration API";
pub(crate) const INFO_VERSION: &str = "v1";

/// A document in the canonical form, and what its rules could not settle.
#[derive(Debug)]
pub(crate) struct Canonical {
    pub(crate) document: Value,
    /// Left as the source had it; each is an error where the covered operations reach it.
    pub(crate) unsettled: Vec<CanonicalError>,
}

/// `document` in the canonical form.
pub(crate) fn canonicalize(mut document: Value) -> Canonical {
    let mut unsettled = Vec::new();
    rewrites::name_security_schemes_after_what_they_are(&mut document, &mut unsettled);
    rewrites::state_security_on_each_operation(&mut document);
    rewrites::drop_tags(&mut document);
    rewrites::normalize_schemas(&mut document, &mut unsettled);
    rewrites::one_form_of_examples(&mut document, &mut unsettled);
    rewrites::drop_defaults(&mut document);
    if let Some(map) = document.as_object_mut() {
        map.insert("openapi".into(), Value::from(OPENAPI_VERSION));
        map.insert(
            "info".into(),
            serde_json::json!({"title": INFO_TITLE, "version": INFO_VERSION}),
        );
    }
    Canonical {
        document,
        unsettled,
    }
}

#[cfg(test)]
mod tests;
