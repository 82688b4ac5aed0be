//! The third stage: the covered operations and everything they reach, transitively, through
//! `$ref`s and security requirements; the rest of Mesh's API is left behind.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::covered::CoveredOperation;
use crate::openapi::is_empty;
use crate::openapi::refs::{COMPONENTS_PREFIX, component, escape_pointer};
use crate::openapi::walk::collect_refs;

/// Why the covered operations could not be cut out of a document.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ClosureError {
    #[error("the document has no {operation}, which this project covers")]
    CoveredOperationMissing { operation: String },
    #[error(
        "{location}: `$ref` {reference} must point at a component of this document ({COMPONENTS_PREFIX}<kind>/<name>)"
    )]
    UnsupportedReference { reference: String, location: String },
    #[error("{location}: `$ref` {reference} names a component that is not in the document")]
    DanglingReference { reference: String, location: String },
    #[error("`$ref` cycle: {chain} never reaches a schema")]
    RefCycle { chain: String },
}

/// `operations` of a canonical `document`, with the components they reach.
pub(crate) fn covered_closure(
    document: &Value,
    operations: &[&CoveredOperation],
) -> Result<Value, ClosureError> {
    let mut paths = Map::new();
    let mut security_names = BTreeSet::new();
    for covered in operations {
        let item = document.get("paths").and_then(|p| p.get(covered.path));
        let operation = item.and_then(|i| i.get(covered.method)).ok_or_else(|| {
            ClosureError::CoveredOperationMissing {
                operation: covered.to_string(),
            }
        })?;
        for requirement in operation
            .get("security")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            security_names.extend(
                requirement
                    .as_object()
                    .into_iter()
                    .flat_map(|r| r.keys().cloned()),
            );
        }
        let mut path_item = Map::new();
        if let Some(parameters) = item
            .and_then(|i| i.get("parameters"))
            .filter(|p| !is_empty(p))
        {
            path_item.insert("parameters".into(), parameters.clone());
        }
        path_item.insert(covered.method.to_owned(), operation.clone());
        match paths.get_mut(covered.path).and_then(Value::as_object_mut) {
            Some(existing) => existing.extend(path_item),
            None => {
                paths.insert(covered.path.to_owned(), Value::Object(path_item));
            }
        }
    }
    let paths = Value::Object(paths);
    let mut components = reachable_components(document, &paths)?;
    if !security_names.is_empty() {
        let mut schemes = Map::new();
        for name in security_names {
            let reference = format!(
                "{COMPONENTS_PREFIX}securitySchemes/{}",
                escape_pointer(&name)
            );
            let scheme = resolve(document, &reference, "#/paths (security)")?;
            schemes.insert(name, scheme.clone());
        }
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    let mut closure = json!({
        "openapi": document.get("openapi"),
        "info": document.get("info"),
        "paths": paths,
        "components": components,
    });
    if let Some(servers) = document.get("servers").filter(|s| !is_empty(s)) {
        closure["servers"] = servers.clone();
    }
    Ok(closure)
}

/// `components`, holding only what `root` reaches through `$ref`s, transitively.
fn reachable_components(
    document: &Value,
    root: &Value,
) -> Result<Map<String, Value>, ClosureError> {
    let mut components = Map::new();
    let mut seen = BTreeSet::new();
    let mut pending = Vec::new();
    collect_refs(root, "#/paths", &mut pending);
    while let Some((reference, location)) = pending.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        let (kind, name) = split(&reference, &location)?;
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

fn split<'a>(reference: &'a str, location: &str) -> Result<(&'a str, &'a str), ClosureError> {
    component(reference).ok_or_else(|| ClosureError::UnsupportedReference {
        reference: reference.to_owned(),
        location: location.to_owned(),
    })
}

fn resolve<'a>(
    document: &'a Value,
    reference: &str,
    location: &str,
) -> Result<&'a Value, ClosureError> {
    let (kind, name) = split(reference, location)?;
    document
        .pointer(&format!("/components/{kind}/{name}"))
        .ok_or_else(|| ClosureError::DanglingReference {
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
fn check_alias_chain(document: &Value, start: &str) -> Result<(), ClosureError> {
    let mut chain = vec![start.to_owned()];
    let mut current = resolve(document, start, start)?;
    while let Some(next) = current
        .get("$ref")
        .and_then(Value::as_str)
        .filter(|_| is_pure_ref(current))
    {
        if chain.iter().any(|r| r == next) {
            chain.push(next.to_owned());
            return Err(ClosureError::RefCycle {
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
