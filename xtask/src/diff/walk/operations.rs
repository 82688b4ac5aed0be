//! Comparing the operations: servers, parameters, request bodies, responses and their content.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{Walker, show};
use crate::diff::{Class, Side};
use crate::openapi::operations;

impl Walker {
    pub(super) fn compare_servers(&mut self, old: Option<&Value>, new: Option<&Value>) {
        if old != new {
            let urls = |v: Option<&Value>| {
                let list = v
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                list.iter()
                    .filter_map(|s| s.get("url")?.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let detail = format!("servers changed from [{}] to [{}]", urls(old), urls(new));
            self.change(Class::Breaking, "servers", "servers-changed", detail, None);
        }
    }

    pub(super) fn compare_operations(&mut self, old: &Value, new: &Value) {
        let old_ops = operations(old);
        let new_ops = operations(new);
        for (name, op) in &old_ops {
            match new_ops.get(name) {
                None => self.change(
                    Class::Breaking,
                    name,
                    "operation-removed",
                    "operation removed".into(),
                    None,
                ),
                Some(new_op) => self.compare_operation(name, op, new_op),
            }
        }
        for name in new_ops.keys().filter(|n| !old_ops.contains_key(*n)) {
            self.change(
                Class::Additive,
                name,
                "operation-added",
                "operation added".into(),
                None,
            );
        }
    }

    pub(super) fn compare_operation(&mut self, name: &str, old: &Value, new: &Value) {
        self.compare_docs(old, new, name, None);
        if old.get("operationId") != new.get("operationId") {
            let detail = format!(
                "operationId {} → {} (the generated method is renamed)",
                show(old.get("operationId")),
                show(new.get("operationId"))
            );
            self.change(Class::Breaking, name, "operation-id-changed", detail, None);
        }
        if old.get("security") != new.get("security") {
            self.change(
                Class::Breaking,
                name,
                "security-changed",
                "security requirements changed".into(),
                None,
            );
        }
        self.compare_parameters(name, old.get("parameters"), new.get("parameters"));
        self.compare_request_body(name, old.get("requestBody"), new.get("requestBody"));
        self.compare_responses(name, old.get("responses"), new.get("responses"));
    }

    pub(super) fn compare_parameters(
        &mut self,
        operation: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        let keyed = |v: Option<&Value>| -> BTreeMap<String, Value> {
            let list = v
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            list.iter()
                .map(|p| {
                    (
                        format!("{} parameter {}", show(p.get("in")), show(p.get("name"))),
                        p.clone(),
                    )
                })
                .collect()
        };
        let (old, new) = (keyed(old), keyed(new));
        for (key, parameter) in &old {
            let at = format!("{operation} {key}");
            match new.get(key) {
                None => self.change(
                    Class::Breaking,
                    &at,
                    "parameter-removed",
                    "parameter removed".into(),
                    Some(Side::Request),
                ),
                Some(new_parameter) => {
                    self.compare_required_flag(&at, parameter, new_parameter, Side::Request);
                    let (o, n) = (
                        parameter.get("schema").unwrap_or(&Value::Null),
                        new_parameter.get("schema").unwrap_or(&Value::Null),
                    );
                    self.compare(o, n, &at, Side::Request);
                }
            }
        }
        for (key, parameter) in new.iter().filter(|(k, _)| !old.contains_key(*k)) {
            let at = format!("{operation} {key}");
            if parameter.get("required") == Some(&Value::Bool(true)) {
                self.change(
                    Class::Breaking,
                    &at,
                    "parameter-added",
                    "required parameter added".into(),
                    Some(Side::Request),
                );
            } else {
                self.change(
                    Class::Additive,
                    &at,
                    "parameter-added",
                    "optional parameter added".into(),
                    Some(Side::Request),
                );
            }
        }
    }

    pub(super) fn compare_required_flag(&mut self, at: &str, old: &Value, new: &Value, side: Side) {
        let required = |v: &Value| v.get("required") == Some(&Value::Bool(true));
        match (required(old), required(new)) {
            (false, true) => self.tightening(side, at, "now-required", "now required".into()),
            (true, false) => self.change(
                Class::Additive,
                at,
                "now-optional",
                "now optional".into(),
                Some(side),
            ),
            _ => {}
        }
    }

    pub(super) fn compare_request_body(
        &mut self,
        operation: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        let at = format!("{operation} request body");
        let (old, new) = (old.unwrap_or(&Value::Null), new.unwrap_or(&Value::Null));
        self.compare_docs(old, new, &at, Some(Side::Request));
        self.compare_required_flag(&at, old, new, Side::Request);
        self.compare_content(&at, old.get("content"), new.get("content"), Side::Request);
    }

    pub(super) fn compare_responses(
        &mut self,
        operation: &str,
        old: Option<&Value>,
        new: Option<&Value>,
    ) {
        let empty = Map::new();
        let old = old.and_then(Value::as_object).unwrap_or(&empty);
        let new = new.and_then(Value::as_object).unwrap_or(&empty);
        for (code, response) in old {
            let at = format!("{operation} response {code}");
            match new.get(code) {
                // Losing the success answer breaks a client; losing an error answer does not.
                None if code.starts_with('2') => self.change(
                    Class::Breaking,
                    &at,
                    "response-removed",
                    "response removed".into(),
                    Some(Side::Response),
                ),
                None => self.change(
                    Class::Additive,
                    &at,
                    "response-removed",
                    "response removed".into(),
                    Some(Side::Response),
                ),
                Some(new_response) => {
                    self.compare_docs(response, new_response, &at, Some(Side::Response));
                    self.compare_content(
                        &at,
                        response.get("content"),
                        new_response.get("content"),
                        Side::Response,
                    );
                }
            }
        }
        for code in new.keys().filter(|c| !old.contains_key(*c)) {
            let at = format!("{operation} response {code}");
            self.change(
                Class::Additive,
                &at,
                "response-added",
                "response added".into(),
                Some(Side::Response),
            );
        }
    }

    /// Media types added or removed, and the schema of each kept one.
    pub(super) fn compare_content(
        &mut self,
        at: &str,
        old: Option<&Value>,
        new: Option<&Value>,
        side: Side,
    ) {
        let empty = Map::new();
        let old = old.and_then(Value::as_object).unwrap_or(&empty);
        let new = new.and_then(Value::as_object).unwrap_or(&empty);
        for (media_type, media) in old {
            match new.get(media_type) {
                // Clients send and expect JSON; other media types are alternatives.
                None if media_type == "application/json" => {
                    self.change(
                        Class::Breaking,
                        at,
                        "media-type-removed",
                        format!("{media_type} removed"),
                        Some(side),
                    );
                }
                None => self.change(
                    Class::Additive,
                    at,
                    "media-type-removed",
                    format!("{media_type} removed"),
                    Some(side),
                ),
                Some(new_media) => {
                    self.compare_docs(media, new_media, at, Some(side));
                    let schema = |m: &Value| m.get("schema").cloned().unwrap_or(Value::Null);
                    self.compare(&schema(media), &schema(new_media), at, side);
                }
            }
        }
        for media_type in new.keys().filter(|m| !old.contains_key(*m)) {
            self.change(
                Class::Additive,
                at,
                "media-type-added",
                format!("{media_type} added"),
                Some(side),
            );
        }
    }
}
