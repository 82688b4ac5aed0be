//! Comparing two schemas found at the same place: types, flags, bounds, enums, properties.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::settle::pair_renamed_values;
use super::{LoneProperty, Walker, show};
use crate::diff::{Class, Side};
use crate::openapi::refs::{reference_annotations, referenced_schema};

/// Bounds where a larger value accepts less, and where a smaller one does.
const LOWER_BOUNDS: [&str; 3] = ["minLength", "minimum", "minItems"];
const UPPER_BOUNDS: [&str; 3] = ["maxLength", "maximum", "maxItems"];

impl Walker {
    /// Compares two schemas found at the same place. A reference annotated through `allOf`
    /// (`nullable`, `description`...) is the referenced schema with those keywords beside it.
    pub(super) fn compare(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
        let annotations = |schema: &Value| Value::Object(reference_annotations(schema));
        match (referenced_schema(old), referenced_schema(new)) {
            (Some(a), Some(b)) => {
                self.compare_inline(&annotations(old), &annotations(new), at, side);
                self.compare_named(a, b, at);
            }
            (Some(a), None) => {
                let resolved = annotated(self.old_schemas.get(a), annotations(old));
                self.compare_inline(&resolved, new, at, side);
            }
            (None, Some(b)) => {
                let resolved = annotated(self.new_schemas.get(b), annotations(new));
                self.compare_inline(old, &resolved, at, side);
            }
            (None, None) => self.compare_inline(old, new, at, side),
        }
    }

    pub(super) fn compare_named(&mut self, old_name: &str, new_name: &str, at: &str) {
        if old_name != new_name {
            let old_survives = self.new_schemas.get(old_name).is_some();
            let new_existed = self.old_schemas.get(new_name).is_some();
            if !old_survives && !new_existed {
                self.renames
                    .insert(old_name.to_owned(), new_name.to_owned());
            } else {
                let side = self.side_of(old_name, new_name);
                let detail = format!("now `{new_name}` instead of `{old_name}`");
                self.change(Class::Breaking, at, "type-changed", detail, Some(side));
            }
        }
        if !self
            .visited
            .insert((old_name.to_owned(), new_name.to_owned()))
        {
            return;
        }
        let side = self.side_of(old_name, new_name);
        let old = self.old_schemas.get(old_name).cloned().unwrap_or_default();
        let new = self.new_schemas.get(new_name).cloned().unwrap_or_default();
        self.compare_inline(&old, &new, new_name, side);
    }

    pub(super) fn side_of(&self, old_name: &str, new_name: &str) -> Side {
        match (self.old_sides.get(old_name), self.new_sides.get(new_name)) {
            (Some(o), Some(n)) => o.merge(*n),
            (Some(s), None) | (None, Some(s)) => *s,
            (None, None) => Side::Both,
        }
    }

    pub(super) fn compare_inline(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
        self.compare_docs(old, new, at, Some(side));
        for keyword in ["type", "format"] {
            let (o, n) = (old.get(keyword), new.get(keyword));
            if o != n {
                let detail = format!("{keyword} {} → {}", show(o), show(n));
                // A format only constrains what is sent; dropping it loosens.
                if keyword == "format" && (n.is_none() || !side.sends()) {
                    self.change(Class::Additive, at, "format-changed", detail, Some(side));
                } else {
                    self.change(Class::Breaking, at, "type-changed", detail, Some(side));
                }
            }
        }
        self.compare_nullable(old, new, at, side);
        self.compare_flags(old, new, at, side);
        self.compare_bounds(old, new, at, side);
        self.compare_enum(old.get("enum"), new.get("enum"), at, side);
        self.compare_additional_properties(old, new, at, side);
        self.compare_properties(old, new, at, side);
        match (old.get("items"), new.get("items")) {
            (Some(o), Some(n)) => self.compare(o, n, &format!("{at}[]"), side),
            (None, None) => {}
            _ => self.change(
                Class::Breaking,
                at,
                "type-changed",
                "items changed".into(),
                Some(side),
            ),
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            let list = |v: &Value| {
                v.get(keyword)
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            };
            let (o, n) = (list(old), list(new));
            if o.len() != n.len() {
                let detail = format!("{keyword} has {} members instead of {}", n.len(), o.len());
                self.change(
                    Class::Breaking,
                    at,
                    "composition-changed",
                    detail,
                    Some(side),
                );
            } else {
                for (o, n) in o.iter().zip(&n) {
                    self.compare(o, n, at, side);
                }
            }
        }
    }

    pub(super) fn compare_nullable(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
        let nullable = |v: &Value| v.get("nullable") == Some(&Value::Bool(true));
        match (nullable(old), nullable(new)) {
            // A response that may now be null breaks a reader; a request field that may no
            // longer be null breaks a sender.
            (false, true) if side.reads() => self.change(
                Class::Breaking,
                at,
                "nullable-changed",
                "may now be null".into(),
                Some(side),
            ),
            (false, true) => self.change(
                Class::Additive,
                at,
                "nullable-changed",
                "may now be null".into(),
                Some(side),
            ),
            (true, false) => {
                self.tightening(side, at, "nullable-changed", "may no longer be null".into())
            }
            _ => {}
        }
    }

    pub(super) fn compare_flags(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
        for flag in ["deprecated", "readOnly", "writeOnly", "uniqueItems"] {
            let set = |v: &Value| v.get(flag) == Some(&Value::Bool(true));
            if set(old) != set(new) {
                let detail = if set(new) {
                    format!("now {flag}")
                } else {
                    format!("no longer {flag}")
                };
                if flag == "uniqueItems" && set(new) {
                    self.tightening(side, at, "constraint-tightened", detail);
                } else {
                    self.change(Class::Additive, at, "flag-changed", detail, Some(side));
                }
            }
        }
    }

    pub(super) fn compare_bounds(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
        for keyword in LOWER_BOUNDS.iter().chain(&UPPER_BOUNDS) {
            let (o, n) = (
                old.get(*keyword).and_then(Value::as_f64),
                new.get(*keyword).and_then(Value::as_f64),
            );
            if o == n {
                continue;
            }
            let is_lower = LOWER_BOUNDS.contains(keyword);
            // An absent bound accepts everything on its side.
            let tighter = match (o, n) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(o), Some(n)) => {
                    if is_lower {
                        n > o
                    } else {
                        n < o
                    }
                }
                (None, None) => false,
            };
            let detail = format!(
                "{keyword} {} → {}",
                show(old.get(*keyword)),
                show(new.get(*keyword))
            );
            self.bound_changed(side, at, tighter, detail);
        }
        for keyword in ["exclusiveMinimum", "exclusiveMaximum", "pattern"] {
            let (o, n) = (old.get(keyword), new.get(keyword));
            if o != n {
                let detail = format!("{keyword} {} → {}", show(o), show(n));
                let loosened = n.is_none() || n == Some(&Value::Bool(false));
                self.bound_changed(side, at, !loosened, detail);
            }
        }
    }

    pub(super) fn compare_enum(
        &mut self,
        old: Option<&Value>,
        new: Option<&Value>,
        at: &str,
        side: Side,
    ) {
        let values = |v: Option<&Value>| -> Vec<String> {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old, new) = (values(old), values(new));
        let mut removed: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
        let mut added: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
        for (from, to) in pair_renamed_values(&mut removed, &mut added) {
            let detail = format!("enum value `{from}` renamed to `{to}`");
            self.change(
                Class::Breaking,
                at,
                "enum-value-renamed",
                detail,
                Some(side),
            );
        }
        if !removed.is_empty() {
            let detail = format!("enum values removed: {}", list(&removed));
            // A value we may send is gone; a value we may read no longer comes, which is harmless.
            let class = if side.sends() {
                Class::Breaking
            } else {
                Class::Additive
            };
            self.change(class, at, "enum-values-removed", detail, Some(side));
        }
        if !added.is_empty() {
            let detail = format!("enum values added: {}", list(&added));
            self.change(Class::Additive, at, "enum-values-added", detail, Some(side));
        }
    }

    pub(super) fn compare_additional_properties(
        &mut self,
        old: &Value,
        new: &Value,
        at: &str,
        side: Side,
    ) {
        let closed = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
        match (closed(old), closed(new)) {
            (false, true) => self.tightening(
                side,
                at,
                "constraint-tightened",
                "no longer accepts unknown fields".into(),
            ),
            (true, false) => self.change(
                Class::Additive,
                at,
                "constraint-loosened",
                "now accepts unknown fields".into(),
                Some(side),
            ),
            _ => {}
        }
    }

    pub(super) fn compare_properties(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
        let empty = Map::new();
        let props = |v: &Value| {
            v.get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_else(|| empty.clone())
        };
        let required = |v: &Value| -> BTreeSet<String> {
            v.get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|x| x.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (old_props, new_props) = (props(old), props(new));
        let (old_required, new_required) = (required(old), required(new));
        for (name, old_schema) in &old_props {
            let here = format!("{at}.{name}");
            match new_props.get(name) {
                None => self.removed_properties.push(LoneProperty {
                    owner: at.to_owned(),
                    name: name.clone(),
                    required: old_required.contains(name),
                    side,
                }),
                Some(new_schema) => {
                    match (old_required.contains(name), new_required.contains(name)) {
                        (false, true) => {
                            self.tightening(side, &here, "now-required", "now required".into())
                        }
                        // A response field that may now be missing breaks a reader.
                        (true, false) if side.reads() => self.change(
                            Class::Breaking,
                            &here,
                            "now-optional",
                            "now optional (may be missing)".into(),
                            Some(side),
                        ),
                        (true, false) => self.change(
                            Class::Additive,
                            &here,
                            "now-optional",
                            "now optional".into(),
                            Some(side),
                        ),
                        _ => {}
                    }
                    self.compare(old_schema, new_schema, &here, side);
                }
            }
        }
        for name in new_props.keys().filter(|n| !old_props.contains_key(*n)) {
            self.added_properties.push(LoneProperty {
                owner: at.to_owned(),
                name: name.clone(),
                required: new_required.contains(name),
                side,
            });
        }
    }
}

fn annotated(schema: Option<&Value>, annotations: Value) -> Value {
    let mut merged = schema.cloned().unwrap_or_else(|| Value::Object(Map::new()));
    if let (Some(merged), Value::Object(annotations)) = (merged.as_object_mut(), annotations) {
        merged.extend(annotations);
    }
    merged
}

fn list(values: &[&String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
