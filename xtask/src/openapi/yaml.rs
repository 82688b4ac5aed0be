//! Reading YAML into JSON values and writing the canonical YAML form of a document.

use serde_json::{Map, Value};
use serde_yaml_ng::Value as Yaml;

/// Parses YAML text (anchors and aliases resolved, `<<` merges applied) into a JSON value.
pub(crate) fn parse(text: &str) -> Result<Value, serde_yaml_ng::Error> {
    let mut yaml: Yaml = serde_yaml_ng::from_str(text)?;
    yaml.apply_merge()?;
    Ok(to_json(yaml))
}

fn to_json(yaml: Yaml) -> Value {
    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => number_to_json(&n),
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| (key_to_string(key), to_json(value)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => to_json(tagged.value),
    }
}

fn number_to_json(n: &serde_yaml_ng::Number) -> Value {
    if let Some(i) = n.as_u64() {
        Value::from(i)
    } else if let Some(i) = n.as_i64() {
        Value::from(i)
    } else {
        // NaN and infinities have no JSON form; OpenAPI documents do not use them.
        n.as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

// Unquoted YAML keys such as `200:` are numbers; OpenAPI means them as strings.
fn key_to_string(key: Yaml) -> String {
    match key {
        Yaml::String(s) => s,
        Yaml::Number(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Null => "null".to_owned(),
        other => serde_yaml_ng::to_string(&other)
            .unwrap_or_default()
            .trim_end()
            .to_owned(),
    }
}

/// Where a key goes in the canonical output: the document's own keys in the order OpenAPI
/// readers expect, every other mapping sorted by key so that equal documents give equal bytes.
fn document_key_rank(key: &str) -> usize {
    const ORDER: [&str; 6] = [
        "openapi",
        "info",
        "servers",
        "security",
        "paths",
        "components",
    ];
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

/// Writes `document` as canonical YAML: top-level keys in OpenAPI order, all other keys sorted.
pub(crate) fn to_canonical_string(document: &Value) -> String {
    let yaml = match document {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| {
                (document_key_rank(a), a.as_str()).cmp(&(document_key_rank(b), b.as_str()))
            });
            Yaml::Mapping(
                keys.into_iter()
                    .map(|k| (Yaml::String(k.clone()), to_sorted_yaml(&map[k])))
                    .collect(),
            )
        }
        other => to_sorted_yaml(other),
    };
    serde_yaml_ng::to_string(&yaml).unwrap_or_default()
}

fn to_sorted_yaml(value: &Value) -> Yaml {
    match value {
        Value::Null => Yaml::Null,
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Number(n) => number_to_yaml(n),
        Value::String(s) => Yaml::String(s.clone()),
        Value::Array(items) => Yaml::Sequence(items.iter().map(to_sorted_yaml).collect()),
        Value::Object(map) => Yaml::Mapping(sorted_entries(map)),
    }
}

fn sorted_entries(map: &Map<String, Value>) -> serde_yaml_ng::Mapping {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    keys.into_iter()
        .map(|k| (Yaml::String(k.clone()), to_sorted_yaml(&map[k])))
        .collect()
}

fn number_to_yaml(n: &serde_json::Number) -> Yaml {
    if let Some(u) = n.as_u64() {
        Yaml::Number(u.into())
    } else if let Some(i) = n.as_i64() {
        Yaml::Number(i.into())
    } else {
        Yaml::Number(n.as_f64().unwrap_or_default().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn anchors_aliases_and_numeric_keys_become_plain_json() {
        let text = "a: &x {maxLength: 300}\nb: *x\nresponses:\n  200: ok\n";
        let value = parse(text).unwrap();
        assert_eq!(
            value,
            json!({"a": {"maxLength": 300}, "b": {"maxLength": 300}, "responses": {"200": "ok"}})
        );
    }

    #[test]
    fn canonical_output_orders_document_keys_then_sorts_the_rest() {
        let doc = json!({
            "components": {"schemas": {"B": {"type": "string"}, "A": {"type": "object"}}},
            "paths": {},
            "info": {"version": "v1", "title": "t"},
            "openapi": "3.0.3"
        });
        let text = to_canonical_string(&doc);
        let expected = "openapi: 3.0.3\ninfo:\n  title: t\n  version: v1\npaths: {}\n\
                        components:\n  schemas:\n    A:\n      type: object\n    B:\n      type: string\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn canonical_output_round_trips() {
        let doc =
            json!({"openapi": "3.0.3", "x": {"d": "line one\r\nline two", "n": 0.5, "m": -3}});
        assert_eq!(parse(&to_canonical_string(&doc)).unwrap(), doc);
    }
}
