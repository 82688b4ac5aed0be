//! Turns schemas in the docs site's rendering back into OpenAPI 3.0 schemas.
//!
//! The docs site marks inlined copies of named schemas with `refIdentifier`, spells `required`
//! as `requiredProperties` and writes "any value" as `type: any`; only that is undone here.
//! What it shares with other sources (one-member `allOf` wrappers, enum values copied beside a
//! `$ref`) is left for the canonical form; every other keyword passes through untouched.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::error::DocsPageError;
use crate::openapi::refs::{SCHEMA_REF_PREFIX, schema_name, schema_ref};

/// Keywords whose value is one schema.
const SCHEMA_KEYWORDS: [&str; 3] = ["items", "additionalProperties", "not"];
/// Keywords whose value is a list of schemas.
const SCHEMA_LIST_KEYWORDS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// Translates schemas and collects the named schemas they define or refer to.
#[derive(Debug, Default)]
pub(crate) struct SchemaTranslator {
    /// Named schemas: the page's `components.schemas` and those hoisted from `refIdentifier`s.
    pub(crate) components: BTreeMap<String, Value>,
}

impl SchemaTranslator {
    /// Adds a schema the page lists under `components.schemas`.
    pub(crate) fn declare(&mut self, name: &str, schema: &Value) -> Result<(), DocsPageError> {
        let location = format!("{SCHEMA_REF_PREFIX}{name}");
        let translated = self.translate(schema, &location)?;
        self.define(name, translated, &location)
    }

    /// Translates one schema found at `location` (a JSON pointer-like path, used in errors).
    pub(crate) fn translate(
        &mut self,
        schema: &Value,
        location: &str,
    ) -> Result<Value, DocsPageError> {
        let Value::Object(map) = schema else {
            return Ok(schema.clone());
        };
        let mut out = Map::new();
        let mut ref_identifier = None;
        for (key, value) in map {
            match key.as_str() {
                "refIdentifier" => ref_identifier = Some(value),
                "requiredProperties" => {
                    out.insert("required".to_owned(), value.clone());
                }
                "type" if value == "any" => {}
                "properties" => {
                    out.insert(key.clone(), self.translate_properties(value, location)?);
                }
                k if SCHEMA_KEYWORDS.contains(&k) => {
                    let child = self.translate(value, &format!("{location}/{k}"))?;
                    out.insert(key.clone(), child);
                }
                k if SCHEMA_LIST_KEYWORDS.contains(&k) => {
                    out.insert(
                        key.clone(),
                        self.translate_list(value, &format!("{location}/{k}"))?,
                    );
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        match ref_identifier {
            None => Ok(Value::Object(out)),
            Some(reference) => {
                let reference = reference.as_str().unwrap_or_default();
                let name =
                    schema_name(reference).ok_or_else(|| DocsPageError::UnsupportedReference {
                        reference: reference.to_owned(),
                        location: location.to_owned(),
                    })?;
                self.define(name, Value::Object(out), location)?;
                Ok(schema_ref(name))
            }
        }
    }

    fn translate_properties(
        &mut self,
        value: &Value,
        location: &str,
    ) -> Result<Value, DocsPageError> {
        let Value::Object(properties) = value else {
            return Ok(value.clone());
        };
        let mut out = Map::new();
        for (name, schema) in properties {
            let child = self.translate(schema, &format!("{location}/properties/{name}"))?;
            out.insert(name.clone(), child);
        }
        Ok(Value::Object(out))
    }

    fn translate_list(&mut self, value: &Value, location: &str) -> Result<Value, DocsPageError> {
        let Value::Array(members) = value else {
            return Ok(value.clone());
        };
        let translated = members
            .iter()
            .enumerate()
            .map(|(i, member)| self.translate(member, &format!("{location}/{i}")))
            .collect::<Result<_, _>>()?;
        Ok(Value::Array(translated))
    }

    /// Records a named schema; the same name must always mean the same schema.
    fn define(&mut self, name: &str, schema: Value, location: &str) -> Result<(), DocsPageError> {
        match self.components.get(name) {
            Some(existing) if *existing != schema => Err(DocsPageError::ConflictingSchema {
                name: name.to_owned(),
                location: location.to_owned(),
            }),
            Some(_) => Ok(()),
            None => {
                self.components.insert(name.to_owned(), schema);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ref_identifier_hoists_the_schema_and_required_properties_become_required() {
        let mut t = SchemaTranslator::default();
        let rendered = json!({
            "type": "object",
            "properties": {"userId": {"allOf": [{"type": "string", "maxLength": 300}]}},
            "refIdentifier": "#/components/schemas/Req",
            "requiredProperties": ["userId"],
            "additionalProperties": false
        });
        assert_eq!(
            t.translate(&rendered, "#").unwrap(),
            json!({"$ref": "#/components/schemas/Req"})
        );
        assert_eq!(
            t.components["Req"],
            json!({"type": "object", "properties": {"userId": {"allOf": [{"type": "string", "maxLength": 300}]}},
                   "required": ["userId"], "additionalProperties": false}),
            "the `allOf` wrapper is the canonical form's to remove"
        );
    }

    #[test]
    fn the_same_ref_identifier_with_two_shapes_is_an_error() {
        let mut t = SchemaTranslator::default();
        let a = json!({"type": "object", "refIdentifier": "#/components/schemas/X"});
        let b = json!({"type": "string", "refIdentifier": "#/components/schemas/X"});
        t.translate(&a, "#/a").unwrap();
        t.translate(&a, "#/a2").unwrap();
        let err = t.translate(&b, "#/b").unwrap_err();
        assert!(
            matches!(err, DocsPageError::ConflictingSchema { ref name, .. } if name == "X"),
            "{err}"
        );
    }

    #[test]
    fn type_any_means_any_value() {
        let mut t = SchemaTranslator::default();
        assert_eq!(
            t.translate(&json!({"type": "any"}), "#").unwrap(),
            json!({})
        );
    }

    #[test]
    fn refs_outside_components_schemas_are_rejected() {
        let mut t = SchemaTranslator::default();
        let err = t
            .translate(&json!({"refIdentifier": "#/definitions/X"}), "#/p")
            .unwrap_err();
        assert!(err.to_string().contains("#/definitions/X"), "{err}");
    }
}
