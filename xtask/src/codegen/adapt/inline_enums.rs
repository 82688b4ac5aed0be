//! `name_inline_response_enums`: only a named enum can be opened to unknown values.

use serde_json::{Map, Value, json};

use super::error::AdaptError;
use crate::openapi::operation_list;
use crate::openapi::refs::{escape_pointer, schema_ref};
use crate::openapi::walk::reachable_schemas;

/// Only a named enum can be opened to unknown values, so every enum a response reaches inline
/// is named after where it stands (`Res.mode` → `ResMode`, a list's items `…Item`) and moved
/// under `components/schemas`.
pub(super) fn name_inline_response_enums(document: &mut Value) -> Result<Vec<String>, AdaptError> {
    let mut roots = response_schemas(document);
    let schemas = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let root_values: Vec<Value> = roots
        .iter()
        .filter_map(|(pointer, _)| document.pointer(pointer).cloned())
        .collect();
    for name in reachable_schemas(&root_values, &schemas) {
        roots.push((
            format!("/components/schemas/{}", escape_pointer(&name)),
            name,
        ));
    }
    let mut inline = Vec::new();
    for (pointer, name) in &roots {
        let is_component = pointer.starts_with("/components/");
        if let Some(schema) = document.pointer(pointer) {
            find_inline_enums(schema, pointer, name, !is_component, &mut inline);
        }
    }
    let mut log = Vec::new();
    for (pointer, wanted) in inline {
        let Some(schema) = document.pointer(&pointer).cloned() else {
            continue;
        };
        let Some(components) = component_schemas_mut(document) else {
            continue;
        };
        let name = (1..)
            .map(|n| {
                if n == 1 {
                    wanted.clone()
                } else {
                    format!("{wanted}{n}")
                }
            })
            .find(|name| {
                components
                    .get(name)
                    .is_none_or(|existing| *existing == schema)
            })
            .unwrap_or(wanted);
        components.insert(name.clone(), schema);
        if let Some(place) = document.pointer_mut(&pointer) {
            *place = schema_ref(&name);
        }
        log.push(format!("#{pointer}: inline enum named `{name}`"));
    }
    Ok(log)
}

/// `components/schemas`, made if the document has none yet.
fn component_schemas_mut(document: &mut Value) -> Option<&mut Map<String, Value>> {
    document
        .as_object_mut()?
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()
}

/// Pointers to each response body schema, with a name for what it holds.
fn response_schemas(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for operation in operation_list(document) {
        let id = operation
            .value
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or(operation.method);
        let responses = operation.value.get("responses").and_then(Value::as_object);
        for (code, response) in responses.into_iter().flatten() {
            let content = response.get("content").and_then(Value::as_object);
            for (media_type, media) in content.into_iter().flatten() {
                if media.get("schema").is_some() {
                    let pointer = format!(
                        "{}/responses/{}/content/{}/schema",
                        operation.pointer(),
                        escape_pointer(code),
                        escape_pointer(media_type)
                    );
                    found.push((pointer, format!("{}Response{code}", pascal_case(id))));
                }
            }
        }
    }
    found
}

fn find_inline_enums(
    schema: &Value,
    pointer: &str,
    name: &str,
    counts_itself: bool,
    found: &mut Vec<(String, String)>,
) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if map.contains_key("enum") {
        if counts_itself {
            found.push((pointer.to_owned(), name.to_owned()));
        }
        return;
    }
    for (key, child) in map {
        let here = format!("{pointer}/{}", escape_pointer(key));
        match (key.as_str(), child) {
            ("properties", Value::Object(properties)) => {
                for (property, schema) in properties {
                    let at = format!("{here}/{}", escape_pointer(property));
                    find_inline_enums(
                        schema,
                        &at,
                        &format!("{name}{}", pascal_case(property)),
                        true,
                        found,
                    );
                }
            }
            ("items", _) => find_inline_enums(child, &here, &format!("{name}Item"), true, found),
            ("additionalProperties", _) => {
                find_inline_enums(child, &here, &format!("{name}Value"), true, found);
            }
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                for (i, member) in members.iter().enumerate() {
                    find_inline_enums(member, &format!("{here}/{i}"), name, true, found);
                }
            }
            _ => {}
        }
    }
}

/// `create_link_token` → `CreateLinkToken`, `goods-type` → `GoodsType`.
fn pascal_case(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}
