//! The spec's doubles (Mesh's amounts, fees, rates) become `ExactNumber`: written and read as
//! their text, never rounded through `f64`. progenitor converts a schema only when it matches
//! one it is given exactly (descriptions aside), so each shape the document uses is given.

use proc_macro2::{TokenStream, TokenTree};
use progenitor::{GenerationSettings, TypeImpl};
use schemars::schema::{InstanceType, NumberValidation, SchemaObject};
use serde_json::Value;

/// The type every double becomes, as the generated code names it.
pub(crate) const EXACT_NUMBER: &str = "crate::ExactNumber";

/// Makes every double shape in `document` an `ExactNumber`.
pub(crate) fn convert_doubles(settings: &mut GenerationSettings, document: &Value) {
    for schema in double_shapes(document) {
        settings.with_conversion(
            schema,
            EXACT_NUMBER,
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
}

/// Whether progenitor's output still holds an `f64`: a number shape no conversion matched.
pub(crate) fn has_double(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "f64",
        TokenTree::Group(group) => has_double(&group.stream()),
        TokenTree::Punct(_) | TokenTree::Literal(_) => false,
    })
}

/// Each distinct `type: number, format: double` schema, as progenitor reads it into schemars
/// (OpenAPI 3.0's boolean `exclusiveMinimum` moves the bound over); the plain one always.
fn double_shapes(document: &Value) -> Vec<SchemaObject> {
    let mut shapes = vec![shape(&Value::Null)];
    let mut pending = vec![document];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(fields) => {
                let is_double = fields.get("type").and_then(Value::as_str) == Some("number")
                    && fields.get("format").and_then(Value::as_str) == Some("double");
                if is_double {
                    let found = shape(value);
                    if !shapes.contains(&found) {
                        shapes.push(found);
                    }
                }
                pending.extend(fields.values());
            }
            Value::Array(items) => pending.extend(items),
            _ => {}
        }
    }
    shapes
}

fn shape(schema: &Value) -> SchemaObject {
    let bound = |name: &str| schema.get(name).and_then(Value::as_f64);
    let exclusive = |name: &str| schema.get(name).and_then(Value::as_bool) == Some(true);
    let (minimum, exclusive_minimum) = if exclusive("exclusiveMinimum") {
        (None, bound("minimum"))
    } else {
        (bound("minimum"), None)
    };
    let (maximum, exclusive_maximum) = if exclusive("exclusiveMaximum") {
        (None, bound("maximum"))
    } else {
        (bound("maximum"), None)
    };
    let validation = NumberValidation {
        multiple_of: bound("multipleOf"),
        maximum,
        exclusive_maximum,
        minimum,
        exclusive_minimum,
    };
    SchemaObject {
        instance_type: Some(InstanceType::Number.into()),
        format: Some("double".to_owned()),
        number: (validation != NumberValidation::default()).then(|| Box::new(validation)),
        ..SchemaObject::default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn each_bounded_double_is_a_shape_of_its_own_and_plain_ones_are_one() {
        let document = json!({"components": {"schemas": {
            "A": {"type": "number", "format": "double", "description": "an amount"},
            "B": {"properties": {
                "fee": {"type": "number", "format": "double", "minimum": 0, "maximum": 1},
                "again": {"type": "number", "format": "double", "minimum": 0, "maximum": 1, "nullable": true},
                "rate": {"type": "number", "format": "double", "minimum": 0, "exclusiveMinimum": true},
                "count": {"type": "integer", "format": "int32", "minimum": 0},
            }},
        }}});
        let shapes = double_shapes(&document);
        assert_eq!(shapes.len(), 3, "{shapes:#?}");
        let rate = shapes
            .iter()
            .find_map(|s| s.number.as_ref().filter(|n| n.exclusive_minimum.is_some()))
            .expect("the exclusive bound moved over");
        assert_eq!((rate.minimum, rate.exclusive_minimum), (None, Some(0.0)));
    }

    #[test]
    fn an_f64_anywhere_in_the_output_is_found_and_a_doc_mentioning_one_is_not() {
        let with: TokenStream = "pub struct A { pub x: Option<Vec<f64>> }".parse().unwrap();
        let without: TokenStream = "#[doc = \"not an f64\"] pub struct A { pub x: u8 }"
            .parse()
            .unwrap();
        assert!(has_double(&with));
        assert!(!has_double(&without));
    }
}
