//! What the vendored spec says a link-token request must be: its media types and its schema.

use jsonschema::Validator;
use serde_json::Value;

pub(crate) use mesh_link_api::wire::{CATALOG_PATHS, LINK_TOKEN_PATH, TRANSFERS_PATH};

use crate::query_spec::QuerySpec;
use crate::schema::{compile, components_of, to_json_schema};

/// Why a spec could not be turned into a request validator.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    /// The text is not JSON (nor YAML, with the `yaml` feature).
    #[error("the spec does not parse: {reason}")]
    Parse {
        /// What the parser said.
        reason: String,
    },
    /// The spec has no request body for the link-token operation.
    #[error("the spec has no request body for POST {LINK_TOKEN_PATH}")]
    NoRequestBody,
    /// The request schema is not a schema a validator can compile.
    #[error("the request schema does not compile: {0}")]
    Schema(String),
}

fn parse_document(text: &str) -> Result<Value, SpecError> {
    serde_json::from_str(text).or_else(|not_json| parse_yaml(text, not_json))
}

#[cfg(feature = "yaml")]
fn parse_yaml(text: &str, _: serde_json::Error) -> Result<Value, SpecError> {
    serde_yaml_ng::from_str(text).map_err(|e| SpecError::Parse {
        reason: e.to_string(),
    })
}

#[cfg(not(feature = "yaml"))]
fn parse_yaml(_: &str, not_json: serde_json::Error) -> Result<Value, SpecError> {
    Err(SpecError::Parse {
        reason: format!("{not_json} (a YAML document needs mesh-mock's `yaml` feature)"),
    })
}

/// The request rules of `POST /api/v1/linktoken`, and of the transfers query when the spec has
/// that operation, compiled from a spec.
#[derive(Debug)]
pub(crate) struct RequestSpec {
    media_types: Vec<String>,
    validator: Validator,
    transfers_query: Option<QuerySpec>,
}

impl RequestSpec {
    /// Compiles the request rules from the text of an OpenAPI 3.0 document.
    pub(crate) fn from_openapi(text: &str) -> Result<Self, SpecError> {
        let document = parse_document(text)?;
        let pointer = format!(
            "/paths/{}/post/requestBody/content",
            LINK_TOKEN_PATH.replace('/', "~1")
        );
        let content = document
            .pointer(&pointer)
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
            .ok_or(SpecError::NoRequestBody)?;
        let media_types: Vec<String> = content.keys().cloned().collect();
        let schema = content
            .values()
            .find_map(|media| media.get("schema"))
            .ok_or(SpecError::NoRequestBody)?;
        let components = components_of(&document);
        let validator = compile(to_json_schema(schema), &components).map_err(SpecError::Schema)?;
        let transfers_query = QuerySpec::from_operation(&document, TRANSFERS_PATH, &components)
            .map_err(SpecError::Schema)?;
        Ok(Self {
            media_types,
            validator,
            transfers_query,
        })
    }

    /// The rules of `GET /api/v1/transfers/managed/mesh`'s query, if the spec has it.
    pub(crate) fn transfers_query(&self) -> Option<&QuerySpec> {
        self.transfers_query.as_ref()
    }

    /// The media types the spec lists for the request body (`application/*+json` is a range).
    pub(crate) fn accepts_media_type(&self, essence: &str) -> bool {
        self.media_types
            .iter()
            .any(|listed| media_type_matches(listed, essence))
    }

    pub(crate) fn media_types(&self) -> &[String] {
        &self.media_types
    }

    pub(crate) fn validator(&self) -> &Validator {
        &self.validator
    }
}

/// `application/*+json` matches `application/vnd.mesh+json`; other listed types match exactly.
fn media_type_matches(listed: &str, essence: &str) -> bool {
    match listed.split_once("/*+") {
        Some((top, suffix)) => essence
            .strip_prefix(top)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|sub| {
                sub.len() > suffix.len() + 1 && sub.ends_with(&format!("+{suffix}"))
            }),
        None => listed.eq_ignore_ascii_case(essence),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn media_type_ranges_match_suffixes_only() {
        assert!(media_type_matches(
            "application/*+json",
            "application/vnd.mesh+json"
        ));
        assert!(!media_type_matches(
            "application/*+json",
            "application/json"
        ));
        assert!(!media_type_matches("application/*+json", "text/vnd+json"));
        assert!(media_type_matches("text/json", "TEXT/JSON"));
    }

    #[test]
    fn the_vendored_spec_compiles() {
        let spec = RequestSpec::from_openapi(mesh_link_api::OPENAPI_DOCUMENT).unwrap();
        assert!(spec.accepts_media_type("application/json"));
        assert!(spec.validator().is_valid(&json!({"userId": "u"})));
        assert!(!spec.validator().is_valid(&json!({})));
    }

    #[test]
    fn a_spec_without_the_operation_is_an_error() {
        let err = RequestSpec::from_openapi("openapi: 3.0.3\npaths: {}\n").unwrap_err();
        assert!(matches!(err, SpecError::NoRequestBody), "{err}");
    }
}
