//! The inverse of reading a page, for tests: an OpenAPI document of one operation written the
//! way the docs site renders it, so that a page and a full document that agree can be made from
//! one real document.

use serde_json::{Map, Value, json};

use crate::openapi::refs::{SCHEMA_REF_PREFIX, referenced_schema};
use crate::openapi::{operations, yaml};

/// `document`'s single operation as a docs-site page with the given `Source:` URL.
pub(crate) fn render_docs_page(document: &Value, source_url: &str) -> String {
    let (name, operation) = operations(document)
        .into_iter()
        .next()
        .expect("a document with one operation");
    let (method, path) = name.split_once(' ').expect("METHOD /path");
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let renderer = Renderer { schemas: &schemas };
    let mut request = json!({
        "security": renderer.security(document, operation),
        "parameters": {"path": {}, "query": {}, "header": {}, "cookie": {}},
    });
    if let Some(body) = operation.get("requestBody") {
        request["body"] = renderer.content(body);
    }
    let responses: Map<String, Value> = operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(code, response)| (code.clone(), renderer.content(response)))
        .collect();
    let rendering = json!({
        "paths": {
            "path": path,
            "method": method.to_ascii_lowercase(),
            "servers": document.get("servers"),
            "request": request,
            "response": responses,
            "deprecated": false,
            "type": "path",
        },
        "components": {"schemas": schemas
            .iter()
            .map(|(name, schema)| (name.clone(), renderer.schema(schema)))
            .collect::<Map<_, _>>()},
    });
    let text = |key: &str| {
        operation
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
    };
    format!(
        "# Source: {source_url}\n\n# {}\n\n> {}\n\n## OpenAPI\n\n````yaml {} {path}\n{}````\n",
        text("summary"),
        text("description"),
        method.to_ascii_lowercase(),
        yaml::to_canonical_string(&rendering)
    )
}

struct Renderer<'a> {
    schemas: &'a Map<String, Value>,
}

impl Renderer<'_> {
    /// A request body or response: `{<media type>: {schemaArray, examples, description}}`.
    fn content(&self, holder: &Value) -> Value {
        let description = holder.get("description").cloned().unwrap_or(Value::Null);
        let media_types = holder.get("content").and_then(Value::as_object);
        Value::Object(
            media_types
                .into_iter()
                .flatten()
                .map(|(media_type, media)| {
                    let mut entry = Map::new();
                    match media.get("schema") {
                        Some(schema) if schema.as_object().is_some_and(Map::is_empty) => {
                            entry.insert("schemaArray".into(), json!([{"type": "any"}]));
                            entry.insert("examples".into(), json!({"example": {"value": "<any>"}}));
                        }
                        Some(schema) => {
                            entry.insert("schemaArray".into(), json!([self.inlined(schema)]));
                        }
                        None => {}
                    }
                    if let Some(examples) = media.get("examples") {
                        entry.insert("examples".into(), examples.clone());
                    }
                    entry.insert("description".into(), description.clone());
                    (media_type.clone(), Value::Object(entry))
                })
                .collect(),
        )
    }

    /// A body's named schema is printed in place and marked with `refIdentifier`.
    fn inlined(&self, schema: &Value) -> Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let name = reference.trim_start_matches(SCHEMA_REF_PREFIX);
                let mut inlined = self.schema(&self.schemas[name]);
                inlined["refIdentifier"] = json!(reference);
                inlined
            }
            None => self.schema(schema),
        }
    }

    /// The site's schema rendering: properties wrapped in a one-member `allOf`, `required` as
    /// `requiredProperties`, and a referenced enum's values copied beside the reference.
    fn schema(&self, schema: &Value) -> Value {
        let Some(map) = schema.as_object() else {
            return schema.clone();
        };
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "required" => {
                    out.insert("requiredProperties".into(), value.clone());
                }
                "properties" => {
                    let properties = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, property)| {
                            (name.clone(), json!({"allOf": [self.schema(property)]}))
                        })
                        .collect();
                    out.insert(key.clone(), Value::Object(properties));
                }
                "items" | "additionalProperties" => {
                    out.insert(key.clone(), self.schema(value));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(values) = referenced_schema(schema)
            .filter(|_| schema.get("allOf").is_some())
            .and_then(|name| self.schemas.get(name)?.get("enum"))
        {
            out.insert("enum".into(), values.clone());
        }
        Value::Object(out)
    }

    /// Each requirement as the site's parameter listing of the schemes it needs.
    fn security(&self, document: &Value, operation: &Value) -> Value {
        let schemes = document.pointer("/components/securitySchemes");
        let requirements = operation.get("security").and_then(Value::as_array);
        Value::Array(
            requirements
                .into_iter()
                .flatten()
                .map(|requirement| {
                    let mut header = Map::new();
                    for name in requirement
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, _)| k)
                    {
                        let scheme = schemes
                            .and_then(|s| s.get(name))
                            .cloned()
                            .unwrap_or_default();
                        header.insert(
                            name.clone(),
                            json!({"type": scheme["type"], "description": scheme["description"]}),
                        );
                    }
                    json!({"title": "Client Secret & Client Id",
                           "parameters": {"query": {}, "header": header, "cookie": {}}})
                })
                .collect(),
        )
    }
}
