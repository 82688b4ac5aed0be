//! `$ref`s and JSON pointers: how one part of a document names another (`walk` finds them).

use serde_json::{Map, Value, json};

/// Where named schemas live.
pub(crate) const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";
/// Where every named component lives.
pub(crate) const COMPONENTS_PREFIX: &str = "#/components/";

/// The name in a `#/components/schemas/<name>` reference.
pub(crate) fn schema_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix(SCHEMA_REF_PREFIX)
        .filter(|name| !name.is_empty() && !name.contains('/'))
}

/// A schema that is a reference to the named schema.
pub(crate) fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("{SCHEMA_REF_PREFIX}{name}") })
}

/// The schema name `schema` refers to: a plain `$ref`, or a one-member `allOf` holding one,
/// which is how OpenAPI 3.0 annotates a reference (`nullable`, `description`, `readOnly`...).
pub(crate) fn referenced_schema(schema: &Value) -> Option<&str> {
    reference_in(schema.as_object()?)
}

/// [`referenced_schema`] of a schema's keywords.
pub(crate) fn reference_in(map: &Map<String, Value>) -> Option<&str> {
    if let Some(reference) = map.get("$ref") {
        return schema_name(reference.as_str()?);
    }
    match map.get("allOf")?.as_array()?.as_slice() {
        [member] => schema_name(member.as_object()?.get("$ref")?.as_str()?),
        _ => None,
    }
}

/// The keywords beside a reference: for `{allOf: [$ref], nullable: true}`, `{nullable: true}`.
pub(crate) fn reference_annotations(schema: &Value) -> Map<String, Value> {
    schema
        .as_object()
        .map(|map| {
            map.iter()
                .filter(|(key, _)| *key != "$ref" && *key != "allOf")
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// `#/components/<kind>/<name>` → (`kind`, `name`).
pub(crate) fn component(reference: &str) -> Option<(&str, &str)> {
    reference
        .strip_prefix(COMPONENTS_PREFIX)
        .and_then(|rest| rest.split_once('/'))
        .filter(|(kind, name)| !kind.is_empty() && !name.is_empty() && !name.contains('/'))
}

/// The component (`#/components/<kind>/<name>`) or operation (`#/paths/<path>/<method>`) that
/// `location` stands in; other locations are their own root.
pub(crate) fn pointer_root(location: &str) -> &str {
    let end = location
        .match_indices('/')
        .nth(3)
        .map_or(location.len(), |(at, _)| at);
    match location.split('/').nth(1) {
        Some("components" | "paths") => &location[..end],
        _ => location,
    }
}

/// A JSON pointer segment for `key` (RFC 6901: `~` → `~0`, `/` → `~1`).
pub(crate) fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The key a JSON Pointer segment names: [`escape_pointer`] undone.
pub(crate) fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_read_plain_or_through_its_annotating_all_of() {
        assert_eq!(
            referenced_schema(&json!({"$ref": "#/components/schemas/A"})),
            Some("A")
        );
        let annotated = json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true});
        assert_eq!(referenced_schema(&annotated), Some("A"));
        assert_eq!(
            reference_annotations(&annotated),
            json!({"nullable": true}).as_object().cloned().unwrap()
        );
        assert_eq!(
            referenced_schema(&json!({"allOf": [{"type": "string"}]})),
            None
        );
        assert_eq!(
            referenced_schema(&json!({"$ref": "#/definitions/A"})),
            None,
            "only component schemas"
        );
    }

    #[test]
    fn a_location_stands_in_its_component_or_operation() {
        assert_eq!(
            pointer_root("#/components/schemas/R/properties/status/allOf/0"),
            "#/components/schemas/R"
        );
        assert_eq!(
            pointer_root("#/paths/~1api~1v1~1linktoken/post/requestBody/content"),
            "#/paths/~1api~1v1~1linktoken/post"
        );
        assert_eq!(
            pointer_root("#/components/schemas/R"),
            "#/components/schemas/R"
        );
        assert_eq!(pointer_root("#/info/title"), "#/info/title");
    }

    #[test]
    fn component_references_split_into_kind_and_name() {
        assert_eq!(
            component("#/components/securitySchemes/Key"),
            Some(("securitySchemes", "Key"))
        );
        assert_eq!(component("#/components/schemas/"), None);
        assert_eq!(component("other.yaml#/components/schemas/A"), None);
    }
}
