//! Turns schemas in the docs site's rendering back into OpenAPI 3.0 schemas.
//!
//! The docs site wraps every property in a one-member `allOf`, marks inlined copies of named
//! schemas with `refIdentifier`, spells `required` as `requiredProperties`, writes "any value"
//! as `type: any`, and copies a referenced enum's values next to its `$ref`. Only that rendering
//! is undone here; every other keyword passes through untouched.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::import::ImportError;

pub(crate) const SCHEMA_REF_PREFIX: &str = "#/components/schemas/";

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
    pub(crate) fn declare(&mut self, name: &str, schema: &Value) -> Result<(), ImportError> {
        let location = format!("{SCHEMA_REF_PREFIX}{name}");
        let translated = self.translate(schema, &location)?;
        self.define(name, translated, &location)
    }

    /// Translates one schema found at `location` (a JSON pointer-like path, used in errors).
    pub(crate) fn translate(
        &mut self,
        schema: &Value,
        location: &str,
    ) -> Result<Value, ImportError> {
        let Value::Object(map) = schema else {
            return Ok(schema.clone());
        };
        // The docs site's wrapper: a lone one-member `allOf` means its member.
        if let (1, Some([only])) = (
            map.len(),
            map.get("allOf")
                .and_then(Value::as_array)
                .map(Vec::as_slice),
        ) {
            return self.translate(only, location);
        }
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
                let name = schema_name(reference.as_str().unwrap_or_default(), location)?;
                self.define(name, Value::Object(out), location)?;
                Ok(schema_ref(name))
            }
        }
    }

    fn translate_properties(
        &mut self,
        value: &Value,
        location: &str,
    ) -> Result<Value, ImportError> {
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

    fn translate_list(&mut self, value: &Value, location: &str) -> Result<Value, ImportError> {
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
    fn define(&mut self, name: &str, schema: Value, location: &str) -> Result<(), ImportError> {
        match self.components.get(name) {
            Some(existing) if *existing != schema => Err(ImportError::ConflictingSchema {
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

    /// Removes the enum values the docs site copies next to a `$ref` to an enum with the same
    /// values (`{enum: [..], allOf: [{$ref: E}]}` means just `allOf: [{$ref: E}]`).
    pub(crate) fn drop_inlined_enums(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                if let Some(inlined) = self.enum_inlined_from_ref(map) {
                    map.remove("enum");
                    if map.get("type") == inlined.get("type") {
                        map.remove("type");
                    }
                }
                map.values_mut().for_each(|v| self.drop_inlined_enums(v));
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.drop_inlined_enums(v)),
            _ => {}
        }
    }

    fn enum_inlined_from_ref(&self, map: &Map<String, Value>) -> Option<&Value> {
        let values = map.get("enum")?;
        let [member] = map.get("allOf")?.as_array()?.as_slice() else {
            return None;
        };
        let name = member
            .get("$ref")?
            .as_str()?
            .strip_prefix(SCHEMA_REF_PREFIX)?;
        let target = self.components.get(name)?;
        (target.get("enum") == Some(values)).then_some(target)
    }
}

/// The name in a `#/components/schemas/<name>` reference.
pub(crate) fn schema_name<'a>(reference: &'a str, location: &str) -> Result<&'a str, ImportError> {
    reference
        .strip_prefix(SCHEMA_REF_PREFIX)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| ImportError::UnsupportedReference {
            reference: reference.to_owned(),
            location: location.to_owned(),
        })
}

pub(crate) fn schema_ref(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("{SCHEMA_REF_PREFIX}{name}") })
}

/// Every `$ref` in `value` (outside examples) with where it stands, for checking they resolve.
pub(crate) fn collect_refs(value: &Value, location: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(r)) => found.push((r.clone(), location.to_owned())),
                    ("example" | "examples", _) => {}
                    _ => collect_refs(child, &format!("{location}/{key}"), found),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, &format!("{location}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lone_allof_wrappers_are_unwrapped_and_siblings_kept() {
        let mut t = SchemaTranslator::default();
        let rendered = json!({"allOf": [{"allOf": [{"$ref": "#/components/schemas/B"}],
                                         "description": "d", "nullable": true, "deprecated": true}]});
        assert_eq!(
            t.translate(&rendered, "#").unwrap(),
            json!({"allOf": [{"$ref": "#/components/schemas/B"}],
                   "description": "d", "nullable": true, "deprecated": true})
        );
    }

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
            json!({"type": "object", "properties": {"userId": {"type": "string", "maxLength": 300}},
                   "required": ["userId"], "additionalProperties": false})
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
            matches!(err, ImportError::ConflictingSchema { ref name, .. } if name == "X"),
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
    fn enum_values_copied_beside_their_ref_are_dropped_only_when_identical() {
        let mut t = SchemaTranslator::default();
        t.declare("S", &json!({"type": "string", "enum": ["ok", "no"]}))
            .unwrap();
        let mut same = json!({"enum": ["ok", "no"], "allOf": [{"$ref": "#/components/schemas/S"}], "readOnly": true});
        t.drop_inlined_enums(&mut same);
        assert_eq!(
            same,
            json!({"allOf": [{"$ref": "#/components/schemas/S"}], "readOnly": true})
        );
        let mut narrower = json!({"enum": ["ok"], "allOf": [{"$ref": "#/components/schemas/S"}]});
        let before = narrower.clone();
        t.drop_inlined_enums(&mut narrower);
        assert_eq!(narrower, before);
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
