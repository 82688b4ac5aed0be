//! The small OpenAPI vocabulary every stage shares: versions, operations, references, pointers,
//! the one walk over a document, and the YAML form. Nothing here knows about a source format or
//! a stage.

pub(crate) mod refs;
pub(crate) mod walk;
pub(crate) mod yaml;

use serde_json::{Map, Value};

/// The OpenAPI version of the canonical form (the newest 3.0.x, the line progenitor reads).
pub(crate) const OPENAPI_VERSION: &str = "3.0.3";

/// The keys of a path item that are operations.
pub(crate) const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// What `document` is, when it is not OpenAPI 3.0.x (the only version progenitor reads).
pub(crate) fn unsupported_version(document: &Value) -> Option<String> {
    let version = |key: &str| {
        document
            .get(key)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    };
    match (version("openapi"), version("swagger")) {
        (Some(v), _) if v.starts_with("3.0.") => None,
        (Some(v), _) => Some(format!("OpenAPI {v}")),
        (None, Some(v)) => Some(format!("Swagger {v}")),
        (None, None) => Some("no OpenAPI document (it has no `openapi` version)".to_owned()),
    }
}

/// Whether `value` says nothing: null, or an empty mapping or list.
pub(crate) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// Every operation of `document` as (`METHOD /path`, operation object), in document order.
pub(crate) fn operations_mut(document: &mut Value) -> Vec<(String, &mut Map<String, Value>)> {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let mut operations = Vec::new();
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if let Some(operation) = operation
                .as_object_mut()
                .filter(|_| HTTP_METHODS.contains(&method.as_str()))
            {
                operations.push((format!("{} {path}", method.to_uppercase()), operation));
            }
        }
    }
    operations
}

/// One operation of a document, with where it stands.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Operation<'a> {
    pub(crate) path: &'a str,
    pub(crate) method: &'a str,
    pub(crate) value: &'a Value,
}

impl Operation<'_> {
    /// `POST /api/v1/linktoken`.
    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// The JSON pointer to the operation object.
    pub(crate) fn pointer(&self) -> String {
        format!("/paths/{}/{}", refs::escape_pointer(self.path), self.method)
    }
}

/// Every operation of `document`, in document order.
pub(crate) fn operation_list(document: &Value) -> Vec<Operation<'_>> {
    let paths = document.get("paths").and_then(Value::as_object);
    paths
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flatten()
                .filter(|(method, _)| HTTP_METHODS.contains(&method.as_str()))
                .map(move |(method, value)| Operation {
                    path,
                    method,
                    value,
                })
        })
        .collect()
}

/// Every operation of `document` as `METHOD /path` → operation.
pub(crate) fn operations(document: &Value) -> std::collections::BTreeMap<String, &Value> {
    operation_list(document)
        .into_iter()
        .map(|operation| (operation.label(), operation.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_other_than_3_0_are_named() {
        assert_eq!(unsupported_version(&json!({"openapi": "3.0.1"})), None);
        assert_eq!(
            unsupported_version(&json!({"openapi": "3.1.0"})).as_deref(),
            Some("OpenAPI 3.1.0")
        );
        assert_eq!(
            unsupported_version(&json!({"swagger": "2.0"})).as_deref(),
            Some("Swagger 2.0")
        );
    }

    #[test]
    fn operations_skip_path_item_keys_that_are_not_methods() {
        let document = json!({"paths": {"/a": {"parameters": [], "post": {"x": 1}, "get": {}}}});
        let found: Vec<String> = operations(&document).into_keys().collect();
        assert_eq!(found, ["GET /a", "POST /a"]);
    }
}
