//! The rewrites that make the canonical form, one function each.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::unsettled::CanonicalError;
use crate::openapi::refs::{escape_pointer, reference_in};
use crate::openapi::walk::Keys;
use crate::openapi::{is_empty, operation_list, operations_mut};

/// Boolean keywords whose default is `false`: written out, they say nothing.
const FALSE_BY_DEFAULT: [&str; 5] = [
    "deprecated",
    "nullable",
    "readOnly",
    "writeOnly",
    "uniqueItems",
];

/// Counting keywords whose default is `0`: `minLength: 0` allows what no `minLength` allows.
const ZERO_BY_DEFAULT: [&str; 3] = ["minLength", "minItems", "minProperties"];

/// A security scheme is what it is (`apiKey` in a header called `X-Client-Id`), not its label:
/// Mesh's full document calls that scheme `Client-Id`, the docs page `X-Client-Id`.
/// Two schemes that are the same thing keep their labels, as does every other scheme then.
pub(super) fn name_security_schemes_after_what_they_are(
    document: &mut Value,
    unsettled: &mut Vec<CanonicalError>,
) {
    let Some(schemes) = document
        .pointer_mut("/components/securitySchemes")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut renames = BTreeMap::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for (label, scheme) in schemes.iter() {
        let name = identity(label, scheme);
        if let Some(first) = taken.insert(name.clone(), label.clone()) {
            unsettled.push(CanonicalError::SecuritySchemesClash {
                first,
                second: label.clone(),
                what: describe_scheme(scheme),
            });
            return;
        }
        renames.insert(label.clone(), name);
    }
    *schemes = std::mem::take(schemes)
        .into_iter()
        .map(|(label, scheme)| (renames[&label].clone(), scheme))
        .collect();
    let rename_requirements = |security: &mut Value| {
        for requirement in security.as_array_mut().into_iter().flatten() {
            if let Some(map) = requirement.as_object_mut() {
                *map = std::mem::take(map)
                    .into_iter()
                    .map(|(label, scopes)| (renames.get(&label).cloned().unwrap_or(label), scopes))
                    .collect();
            }
        }
    };
    if let Some(security) = document.get_mut("security") {
        rename_requirements(security);
    }
    for (_, operation) in operations_mut(document) {
        if let Some(security) = operation.get_mut("security") {
            rename_requirements(security);
        }
    }
}

/// An API key is named after the header, query parameter or cookie that carries it; other
/// kinds of scheme keep their label.
fn identity(label: &str, scheme: &Value) -> String {
    match (
        scheme.get("type").and_then(Value::as_str),
        scheme.get("name").and_then(Value::as_str),
    ) {
        (Some("apiKey"), Some(name)) if !name.is_empty() => name.to_owned(),
        _ => label.to_owned(),
    }
}

fn describe_scheme(scheme: &Value) -> String {
    let field = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or("?");
    format!(
        "{} `{}` in the {}",
        field("type"),
        field("name"),
        field("in")
    )
}

/// Security stated once for the document applies to every operation that states none; the
/// canonical form states it on each operation, as a single-operation docs page does.
pub(super) fn state_security_on_each_operation(document: &mut Value) {
    let global = document
        .as_object_mut()
        .and_then(|map| map.remove("security"));
    for (_, operation) in operations_mut(document) {
        let own = operation.remove("security");
        match own.or_else(|| global.clone()) {
            Some(security) if !is_empty(&security) => {
                operation.insert("security".into(), security);
            }
            _ => {}
        }
    }
}

/// Tags group operations in documentation; a client never sees them.
pub(super) fn drop_tags(document: &mut Value) {
    if let Some(map) = document.as_object_mut() {
        map.remove("tags");
    }
    for (_, operation) in operations_mut(document) {
        operation.remove("tags");
    }
}

/// Enum values copied beside a reference to the enum are dropped (a copy that disagrees stays),
/// then one-member `allOf` wrappers are unwrapped; `allOf: [$ref]` stays where keywords annotate
/// the reference.
pub(super) fn normalize_schemas(document: &mut Value, unsettled: &mut Vec<CanonicalError>) {
    let named = document
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    normalize_schema_tree(document, Keys::Keywords, "#", &named, unsettled);
}

fn normalize_schema_tree(
    value: &mut Value,
    keys: Keys,
    location: &str,
    named: &Value,
    unsettled: &mut Vec<CanonicalError>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if let Some(child_keys) = keys.of_child(key) {
                    let here = format!("{location}/{}", escape_pointer(key));
                    normalize_schema_tree(child, child_keys, &here, named, unsettled);
                }
            }
            if keys == Keys::Names {
                return;
            }
            if let Err(disagreement) = drop_copied_enum(map, location, named) {
                unsettled.push(disagreement);
            }
            if let Some(member) = lone_all_of_member(map) {
                *value = member;
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let here = format!("{location}/{i}");
                normalize_schema_tree(item, Keys::Keywords, &here, named, unsettled);
            }
        }
        _ => {}
    }
}

/// `{enum: [..], allOf: [$ref E]}` says no more than `allOf: [$ref E]` when E has those values;
/// a `type` beside the reference that E also has says nothing either.
fn drop_copied_enum(
    map: &mut Map<String, Value>,
    location: &str,
    named: &Value,
) -> Result<(), CanonicalError> {
    let Some(name) = reference_in(map).map(str::to_owned) else {
        return Ok(());
    };
    let Some(target) = named.get(&name) else {
        return Ok(());
    };
    if let (Some(copy), Some(original)) = (map.get("enum"), target.get("enum")) {
        let values = |v: &Value| -> BTreeSet<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .map(Value::to_string)
                .collect()
        };
        let (copy, original) = (values(copy), values(original));
        if copy != original {
            let listed = |set: BTreeSet<&String>| {
                let list: Vec<&str> = set.into_iter().map(String::as_str).collect();
                if list.is_empty() {
                    "none".to_owned()
                } else {
                    list.join(", ")
                }
            };
            return Err(CanonicalError::EnumCopyDisagrees {
                location: location.to_owned(),
                schema: name,
                only_in_copy: listed(copy.difference(&original).collect()),
                only_in_schema: listed(original.difference(&copy).collect()),
            });
        }
        map.remove("enum");
    }
    if map.get("type").is_some() && map.get("type") == target.get("type") {
        map.remove("type");
    }
    Ok(())
}

/// The member of `{allOf: [member]}` when nothing stands beside it.
fn lone_all_of_member(map: &Map<String, Value>) -> Option<Value> {
    if map.len() != 1 {
        return None;
    }
    match map.get("allOf")?.as_array()?.as_slice() {
        [member] if member.is_object() => Some(member.clone()),
        _ => None,
    }
}

/// A media type's or parameter's example is written `examples: {example: {value: ..}}`, as the
/// docs page writes it, whether the source said `example: ..` or that; when the two disagree,
/// both stay.
pub(super) fn one_form_of_examples(document: &mut Value, unsettled: &mut Vec<CanonicalError>) {
    let mut holders = Vec::new();
    collect_example_holders(document, &mut holders);
    for pointer in holders {
        let Some(holder) = document
            .pointer_mut(&pointer)
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let Some(example) = holder.remove("example") else {
            continue;
        };
        let single = json!({"example": {"value": example}});
        match holder.get("examples") {
            None => {
                holder.insert("examples".into(), single);
            }
            Some(examples)
                if examples.pointer("/example/value") == single.pointer("/example/value") => {}
            Some(_) => {
                holder.insert("example".into(), example);
                unsettled.push(CanonicalError::ExamplesDisagree {
                    location: format!("#{pointer}"),
                });
            }
        }
    }
}

/// Pointers to the media type objects and parameters of every operation.
fn collect_example_holders(document: &Value, found: &mut Vec<String>) {
    for (path, item) in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let pointer = format!("/paths/{}/parameters", escape_pointer(path));
        parameters(
            item.get("parameters").unwrap_or(&Value::Null),
            &pointer,
            found,
        );
    }
    for operation in operation_list(document) {
        let pointer = operation.pointer();
        let value = operation.value;
        parameters(
            value.get("parameters").unwrap_or(&Value::Null),
            &format!("{pointer}/parameters"),
            found,
        );
        content(
            value.pointer("/requestBody/content"),
            &format!("{pointer}/requestBody/content"),
            found,
        );
        for (code, response) in value
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let at = format!("{pointer}/responses/{}/content", escape_pointer(code));
            content(response.get("content"), &at, found);
        }
    }
}

fn parameters(list: &Value, pointer: &str, found: &mut Vec<String>) {
    for (i, parameter) in list.as_array().into_iter().flatten().enumerate() {
        let at = format!("{pointer}/{i}");
        found.push(at.clone());
        content(parameter.get("content"), &format!("{at}/content"), found);
    }
}

fn content(content: Option<&Value>, pointer: &str, found: &mut Vec<String>) {
    for media_type in content
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        found.push(format!("{pointer}/{}", escape_pointer(media_type)));
    }
}

/// `deprecated: false`, `minLength: 0` and their kind say nothing; operations and schemas lose
/// them.
pub(super) fn drop_defaults(document: &mut Value) {
    drop_defaults_in(document, Keys::Keywords);
}

fn drop_defaults_in(value: &mut Value, keys: Keys) {
    match value {
        Value::Object(map) => {
            if keys == Keys::Keywords {
                map.retain(|key, value| {
                    let key = key.as_str();
                    !(FALSE_BY_DEFAULT.contains(&key) && *value == Value::Bool(false)
                        || ZERO_BY_DEFAULT.contains(&key) && value.as_u64() == Some(0))
                });
            }
            for (key, child) in map.iter_mut() {
                if let Some(child_keys) = keys.of_child(key) {
                    drop_defaults_in(child, child_keys);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                drop_defaults_in(item, Keys::Keywords);
            }
        }
        _ => {}
    }
}
