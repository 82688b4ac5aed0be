//! What the spec says the query of a `GET` operation may hold: each parameter's type and rules,
//! and a query string read into typed values, or the problems Mesh answers 400 for.

use jsonschema::Validator;
use jsonschema::error::ValidationErrorKind;
use mesh_link_api::rules as code;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Number, Value};

use crate::problems::{Problem, explain};
use crate::schema::{compile, to_json_schema};

/// The parameters of one operation's query, compiled from the spec.
#[derive(Debug)]
pub(crate) struct QuerySpec {
    parameters: Vec<Parameter>,
}

#[derive(Debug)]
struct Parameter {
    name: String,
    shape: Shape,
    validator: Validator,
}

/// How a parameter's text becomes JSON before its schema judges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Integer,
    Number,
    Boolean,
    Text,
    /// Repeated `Name=a&Name=b`, each item text (a UUID, an enum value).
    List,
}

impl QuerySpec {
    /// The query of `GET path`, if the document has that operation.
    pub(crate) fn from_operation(
        document: &Value,
        path: &str,
        components: &Value,
    ) -> Result<Option<Self>, String> {
        let Some(operation) = document
            .get("paths")
            .and_then(|paths| paths.get(path))
            .and_then(|item| item.get("get"))
        else {
            return Ok(None);
        };
        let listed = operation
            .get("parameters")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut parameters = Vec::new();
        for parameter in listed.iter().filter(|p| p["in"] == "query") {
            let Some(name) = parameter["name"].as_str() else {
                continue;
            };
            let schema = parameter
                .get("schema")
                .cloned()
                .unwrap_or(Value::Bool(true));
            let shape = match schema.get("type").and_then(Value::as_str) {
                Some("integer") => Shape::Integer,
                Some("number") => Shape::Number,
                Some("boolean") => Shape::Boolean,
                Some("array") => Shape::List,
                _ => Shape::Text,
            };
            parameters.push(Parameter {
                name: name.to_owned(),
                shape,
                validator: compile(to_json_schema(&schema), components)?,
            });
        }
        Ok(Some(Self { parameters }))
    }

    /// The query's values by parameter name, typed as the spec says (a parameter the spec does
    /// not list is ignored, as Mesh's framework does); or every problem with them.
    pub(crate) fn read(&self, query: Option<&str>) -> Result<Map<String, Value>, Vec<Problem>> {
        let mut given: Vec<(String, String)> = Vec::new();
        let mut problems = Vec::new();
        for pair in query
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match (decoded(name), decoded(value)) {
                (Some(name), Some(value)) => given.push((name, value)),
                _ => problems.push(Problem::invalid("query", "is not UTF-8 once decoded")),
            }
        }
        let mut values = Map::new();
        for parameter in &self.parameters {
            let mut texts = given
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(&parameter.name))
                .map(|(_, value)| value.as_str());
            let value = match parameter.shape {
                Shape::List => Value::Array(texts.map(|t| Value::String(t.to_owned())).collect()),
                shape => match texts.next() {
                    None => continue,
                    Some(text) => match typed(shape, text) {
                        Some(value) => value,
                        None => {
                            problems.push(Problem::invalid(
                                parameter.name.as_str(),
                                format!("must be {}", shape_words(shape)),
                            ));
                            continue;
                        }
                    },
                },
            };
            if value == Value::Array(Vec::new()) {
                continue;
            }
            problems.extend(parameter.validator.iter_errors(&value).map(|error| {
                let mut problem = explain(&error);
                problem.field = match problem.field.as_str() {
                    "body" => parameter.name.clone(),
                    item => format!("{}{item}", parameter.name),
                };
                problem.code = match (error.kind(), problem.code) {
                    (ValidationErrorKind::MaxItems { .. }, _) => Some(code::TOO_MANY),
                    (_, Some(code::TOO_LONG)) if parameter.name == "UserId" => {
                        Some(code::TOO_LONG_FOR_QUERY)
                    }
                    (_, code) => code,
                };
                problem
            }));
            values.insert(parameter.name.clone(), value);
        }
        if problems.is_empty() {
            Ok(values)
        } else {
            Err(problems)
        }
    }
}

/// `a+b%20c` as `a b c`; `None` when the bytes are not UTF-8.
fn decoded(text: &str) -> Option<String> {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

fn typed(shape: Shape, text: &str) -> Option<Value> {
    match shape {
        Shape::Integer => text.parse::<i64>().ok().map(Value::from),
        Shape::Number => text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number),
        Shape::Boolean => match text.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Shape::Text | Shape::List => Some(Value::String(text.to_owned())),
    }
}

fn shape_words(shape: Shape) -> &'static str {
    match shape {
        Shape::Integer => "an integer",
        Shape::Number => "a number",
        Shape::Boolean => "true or false",
        Shape::Text | Shape::List => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::components_of;

    fn query() -> QuerySpec {
        let document: Value = serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).unwrap();
        let components = components_of(&document);
        QuerySpec::from_operation(&document, mesh_link_api::wire::TRANSFERS_PATH, &components)
            .unwrap()
            .expect("the vendored spec has the transfers query")
    }

    /// Each problem's field and shared code.
    type Named = Vec<(String, Option<&'static str>)>;

    fn read(text: &str) -> Result<Map<String, Value>, Named> {
        query()
            .read(Some(text))
            .map_err(|problems| problems.into_iter().map(|p| (p.field, p.code)).collect())
    }

    #[test]
    fn values_are_typed_as_the_spec_says() {
        let values = read("Count=5&Statuses=pending&Statuses=failed&DescendingOrder=True&ClientTransactionId=a+b%26c&Unknown=1").unwrap();
        assert_eq!(values["Count"], 5);
        assert_eq!(values["Statuses"], serde_json::json!(["pending", "failed"]));
        assert_eq!(values["DescendingOrder"], true);
        assert_eq!(values["ClientTransactionId"], "a b&c");
        assert!(!values.contains_key("Unknown"));
    }

    #[test]
    fn what_the_spec_refuses_is_named_with_the_shared_codes() {
        let user = "u".repeat(51);
        let statuses = "Statuses=pending&".repeat(6);
        let problems = read(&format!(
            "{statuses}UserId={user}&Count=ten&Id=not-a-uuid&OrderBy=colour&Statuses=lost"
        ))
        .unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
        assert!(fields.contains(&"Count"), "{problems:?}");
        assert!(fields.contains(&"Id"), "{problems:?}");
        assert!(fields.contains(&"OrderBy"), "{problems:?}");
        assert!(fields.contains(&"Statuses[6]"), "{problems:?}");
        assert!(problems.contains(&("UserId".to_owned(), Some(code::TOO_LONG_FOR_QUERY))));
        assert!(problems.contains(&("Statuses".to_owned(), Some(code::TOO_MANY))));
    }
}
