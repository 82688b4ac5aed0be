//! `keep_one_request_media_type`: progenitor panics on more than one request media type.

use std::collections::BTreeSet;

use serde_json::Value;

use super::error::AdaptError;
use crate::openapi::operations_mut;

/// The media type kept when a request body is offered under several with the same schema.
const PREFERRED_REQUEST_MEDIA_TYPE: &str = "application/json";

/// Mesh offers the body as `application/json`, `text/json` and `application/*+json`;
/// progenitor panics on more than one request media type.
pub(super) fn keep_one_request_media_type(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut log = Vec::new();
    for (operation, op) in operations_mut(document) {
        let content = op
            .get_mut("requestBody")
            .and_then(|body| body.get_mut("content"));
        let Some(content) = content.and_then(Value::as_object_mut) else {
            continue;
        };
        if content.len() < 2 {
            continue;
        }
        let media_types = content.keys().cloned().collect::<Vec<_>>().join(", ");
        let schemas: BTreeSet<String> = content
            .values()
            .map(|m| m.get("schema").unwrap_or(&Value::Null).to_string())
            .collect();
        if schemas.len() > 1 {
            return Err(AdaptError::RequestBodiesDiffer {
                operation,
                media_types,
            });
        }
        let kept = if content.contains_key(PREFERRED_REQUEST_MEDIA_TYPE) {
            PREFERRED_REQUEST_MEDIA_TYPE.to_owned()
        } else {
            content.keys().next().cloned().unwrap_or_default()
        };
        content.retain(|media_type, _| *media_type == kept);
        log.push(format!(
            "{operation}: request body offered as {media_types} with one schema; kept {kept}"
        ));
    }
    Ok(log)
}
