//! The one walk over a document: which values hold schemas (and so `$ref`s) and which are data,
//! and every `$ref` found that way. Every stage that walks a document walks it by these rules.

use std::collections::BTreeSet;

use serde_json::Value;

use super::refs::{escape_pointer, schema_name};

/// Keywords whose values are data, not schemas: a `$ref` inside an example is part of the
/// example, and never followed.
pub(crate) const DATA_KEYWORDS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Keywords whose values map names to objects (`properties: {example: {...}}` is a property
/// called `example`, not an example).
const NAMED_MAPS: [&str; 12] = [
    "properties",
    "paths",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "content",
    "callbacks",
    "links",
    "encoding",
];

/// What the keys of an object are: OpenAPI's keywords (a schema, an operation, a document), or
/// names (of properties, paths, components, status codes, media types).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keys {
    Keywords,
    Names,
}

impl Keys {
    /// What the keys of `key`'s value are, or `None` when that value is data the walk skips:
    /// a data keyword, or an extension (`x-...`).
    pub(crate) fn of_child(self, key: &str) -> Option<Keys> {
        match self {
            Self::Names => Some(Self::Keywords),
            Self::Keywords if DATA_KEYWORDS.contains(&key) || key.starts_with("x-") => None,
            Self::Keywords if NAMED_MAPS.contains(&key) => Some(Self::Names),
            Self::Keywords => Some(Self::Keywords),
        }
    }
}

/// Calls `visit(reference, location)` for every `$ref` in `value`, an object of OpenAPI keywords
/// (a document, an operation, a schema) standing at `location`.
pub(crate) fn for_each_ref(value: &Value, location: &str, visit: &mut impl FnMut(&str, &str)) {
    walk_refs(value, Keys::Keywords, location, visit);
}

fn walk_refs(value: &Value, keys: Keys, location: &str, visit: &mut impl FnMut(&str, &str)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (keys, key.as_str(), child) {
                    (Keys::Keywords, "$ref", Value::String(reference)) => {
                        visit(reference, location)
                    }
                    _ => {
                        if let Some(child_keys) = keys.of_child(key) {
                            let here = format!("{location}/{}", escape_pointer(key));
                            walk_refs(child, child_keys, &here, visit);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_refs(item, Keys::Keywords, &format!("{location}/{i}"), visit);
            }
        }
        _ => {}
    }
}

/// Calls `visit` on every `$ref` in `value` (an object of OpenAPI keywords), to rewrite it; the
/// same values are walked as by [`for_each_ref`].
pub(crate) fn for_each_ref_mut(value: &mut Value, visit: &mut impl FnMut(&mut String)) {
    walk_refs_mut(value, Keys::Keywords, visit);
}

fn walk_refs_mut(value: &mut Value, keys: Keys, visit: &mut impl FnMut(&mut String)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (keys, key.as_str(), child) {
                    (Keys::Keywords, "$ref", Value::String(reference)) => visit(reference),
                    (_, _, child) => {
                        if let Some(child_keys) = keys.of_child(key) {
                            walk_refs_mut(child, child_keys, visit);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                walk_refs_mut(item, Keys::Keywords, visit);
            }
        }
        _ => {}
    }
}

/// Every `$ref` in `value` with the pointer to where it stands.
pub(crate) fn collect_refs(value: &Value, location: &str, found: &mut Vec<(String, String)>) {
    for_each_ref(value, location, &mut |reference, at| {
        found.push((reference.to_owned(), at.to_owned()));
    });
}

/// The names of the component schemas `roots` reach through `$ref`s, transitively; `schemas` is
/// the document's `components/schemas`.
pub(crate) fn reachable_schemas<'a>(
    roots: impl IntoIterator<Item = &'a Value>,
    schemas: &Value,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&Value> = roots.into_iter().collect();
    while let Some(value) = pending.pop() {
        for_each_ref(value, "#", &mut |reference, _| {
            if let Some(name) =
                schema_name(reference).filter(|name| seen.insert((*name).to_owned()))
            {
                pending.extend(schemas.get(name));
            }
        });
    }
    seen
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn refs_of(value: &Value) -> Vec<(String, String)> {
        let mut found = Vec::new();
        collect_refs(value, "#", &mut found);
        found
    }

    #[test]
    fn a_ref_inside_an_example_default_enum_or_extension_is_data_and_not_followed() {
        let schema = json!({
            "example": {"$ref": "#/components/schemas/InExample"},
            "examples": {"one": {"value": {"$ref": "#/components/schemas/InExamples"}}},
            "default": {"$ref": "#/components/schemas/InDefault"},
            "enum": [{"$ref": "#/components/schemas/InEnum"}],
            "x-note": {"$ref": "#/components/schemas/InExtension"},
            "items": {"$ref": "#/components/schemas/Followed"}
        });
        assert_eq!(
            refs_of(&schema),
            [(
                "#/components/schemas/Followed".to_owned(),
                "#/items".to_owned()
            )]
        );
    }

    #[test]
    fn a_property_named_like_a_data_keyword_is_a_schema_and_followed() {
        let schema = json!({"properties": {
            "example": {"$ref": "#/components/schemas/A"},
            "default": {"items": {"$ref": "#/components/schemas/B"}},
            "x-id": {"$ref": "#/components/schemas/C"}
        }});
        let found: BTreeSet<String> = refs_of(&schema).into_iter().map(|(r, _)| r).collect();
        let expected: BTreeSet<String> = ["A", "B", "C"]
            .map(|name| format!("#/components/schemas/{name}"))
            .into();
        assert_eq!(found, expected);
    }

    #[test]
    fn refs_are_collected_with_escaped_locations() {
        let value = json!({"paths": {"/a/b": {"post": {"$ref": "#/x"}}}});
        assert_eq!(
            refs_of(&value),
            [("#/x".to_owned(), "#/paths/~1a~1b/post".to_owned())]
        );
    }

    #[test]
    fn reachable_schemas_follow_refs_transitively_but_not_through_examples() {
        let schemas = json!({
            "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"items": {"$ref": "#/components/schemas/C"}, "example": {"$ref": "#/components/schemas/D"}},
            "C": {"type": "string"},
            "D": {"type": "string"}
        });
        let root = json!({"schema": {"$ref": "#/components/schemas/A"}});
        let reached: Vec<String> = reachable_schemas([&root], &schemas).into_iter().collect();
        assert_eq!(reached, ["A", "B", "C"]);
    }
}
