//! Importing a full OpenAPI 3.0 document (Mesh's `/swagger/v1/swagger.json`): keep the covered
//! operations and everything they reach, in the same normalized form as a docs-page import.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::covered::COVERED_OPERATIONS;
use crate::import::{INFO_TITLE, INFO_VERSION, ImportError, escape_pointer, is_empty};
use crate::rendering::collect_refs;

const COMPONENTS_PREFIX: &str = "#/components/";

/// The covered operations of `document` with the components they reach, normalized.
pub(crate) fn import_openapi_document(document: &Value) -> Result<Value, ImportError> {
    check_version(document)?;
    let mut paths = Map::new();
    let mut security_names = BTreeSet::new();
    for covered in &COVERED_OPERATIONS {
        let item = document.get("paths").and_then(|p| p.get(covered.path));
        let operation = item.and_then(|i| i.get(covered.method)).ok_or_else(|| {
            ImportError::CoveredOperationMissing {
                operation: format!("{} {}", covered.method.to_uppercase(), covered.path),
            }
        })?;
        let mut operation = operation.clone();
        // A single-operation document states its security on the operation, as the docs page does.
        let security = operation
            .get("security")
            .or_else(|| document.get("security"))
            .cloned();
        if let Some(Value::Array(requirements)) = &security {
            security_names.extend(
                requirements
                    .iter()
                    .filter_map(Value::as_object)
                    .flat_map(|r| r.keys().cloned()),
            );
        }
        match security {
            Some(security) if !is_empty(&security) => operation["security"] = security,
            _ => {
                if let Some(op) = operation.as_object_mut() {
                    op.remove("security");
                }
            }
        }
        let mut path_item = Map::new();
        if let Some(parameters) = item
            .and_then(|i| i.get("parameters"))
            .filter(|p| !is_empty(p))
        {
            path_item.insert("parameters".into(), parameters.clone());
        }
        path_item.insert(covered.method.to_owned(), operation);
        paths.insert(covered.path.to_owned(), Value::Object(path_item));
    }
    let paths = Value::Object(paths);
    let mut components = reachable_components(document, &paths)?;
    if !security_names.is_empty() {
        let mut schemes = Map::new();
        for name in security_names {
            let scheme = document
                .pointer(&format!(
                    "/components/securitySchemes/{}",
                    escape_pointer(&name)
                ))
                .ok_or_else(|| ImportError::DanglingReference {
                    reference: format!("security scheme {name}"),
                    location: "#/security".to_owned(),
                })?;
            schemes.insert(name, scheme.clone());
        }
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    let version = document
        .pointer("/info/version")
        .and_then(Value::as_str)
        .unwrap_or(INFO_VERSION);
    let mut imported = json!({
        "openapi": crate::import::OPENAPI_VERSION,
        "info": {"title": INFO_TITLE, "version": version},
        "paths": paths,
        "components": components,
    });
    if let Some(servers) = document.get("servers").filter(|s| !is_empty(s)) {
        imported["servers"] = servers.clone();
    }
    Ok(imported)
}

fn check_version(document: &Value) -> Result<(), ImportError> {
    match unsupported_version(document) {
        None => Ok(()),
        Some(found) => Err(ImportError::UnsupportedVersion { found }),
    }
}

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

/// `components`, holding only what `root` reaches through `$ref`s, transitively.
fn reachable_components(document: &Value, root: &Value) -> Result<Map<String, Value>, ImportError> {
    let mut components = Map::new();
    let mut seen = BTreeSet::new();
    let mut pending = Vec::new();
    collect_refs(root, "#/paths", &mut pending);
    while let Some((reference, location)) = pending.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        let (kind, name) = split_ref(&reference, &location)?;
        let target = resolve(document, &reference, &location)?;
        if is_pure_ref(target) {
            check_alias_chain(document, &reference)?;
        }
        collect_refs(target, &reference, &mut pending);
        let section = components
            .entry(kind.to_owned())
            .or_insert_with(|| json!({}));
        if let Some(section) = section.as_object_mut() {
            section.insert(name.to_owned(), target.clone());
        }
    }
    Ok(components)
}

/// `#/components/schemas/Name` → (`schemas`, `Name`).
fn split_ref<'a>(reference: &'a str, location: &str) -> Result<(&'a str, &'a str), ImportError> {
    reference
        .strip_prefix(COMPONENTS_PREFIX)
        .and_then(|rest| rest.split_once('/'))
        .filter(|(kind, name)| !kind.is_empty() && !name.is_empty() && !name.contains('/'))
        .ok_or_else(|| ImportError::UnsupportedReference {
            reference: reference.to_owned(),
            location: location.to_owned(),
        })
}

fn resolve<'a>(
    document: &'a Value,
    reference: &str,
    location: &str,
) -> Result<&'a Value, ImportError> {
    let (kind, name) = split_ref(reference, location)?;
    document
        .pointer(&format!("/components/{kind}/{}", escape_pointer(name)))
        .ok_or_else(|| ImportError::DanglingReference {
            reference: reference.to_owned(),
            location: location.to_owned(),
        })
}

fn is_pure_ref(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|m| m.len() == 1 && m.contains_key("$ref"))
}

/// A schema that is only a `$ref` must lead, through others like it, to a real schema.
fn check_alias_chain(document: &Value, start: &str) -> Result<(), ImportError> {
    let mut chain = vec![start.to_owned()];
    let mut current = resolve(document, start, start)?;
    while let Some(next) = current
        .get("$ref")
        .and_then(Value::as_str)
        .filter(|_| is_pure_ref(current))
    {
        if chain.iter().any(|r| r == next) {
            chain.push(next.to_owned());
            return Err(ImportError::RefCycle {
                chain: chain.join(" → "),
            });
        }
        chain.push(next.to_owned());
        current = resolve(document, next, start)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
