//! Walks two documents side by side from each covered operation, following `$ref`s in step, so
//! a schema found under a new name at the same place is a rename and a property found under a
//! new parent is a move.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::sides::schema_sides;
use super::{Change, Class, Side};
use crate::openapi::operations;
use crate::openapi::refs::{reference_annotations, referenced_schema};

/// Keywords that only document.
const DOCS_KEYWORDS: [&str; 5] = ["description", "summary", "title", "example", "examples"];
/// Bounds where a larger value accepts less, and where a smaller one does.
const LOWER_BOUNDS: [&str; 3] = ["minLength", "minimum", "minItems"];
const UPPER_BOUNDS: [&str; 3] = ["maxLength", "maximum", "maxItems"];
/// Two enum values this alike, one removed and one added, are taken for a rename.
const RENAME_SIMILARITY: f64 = 0.75;

pub(super) fn compare_documents(old: &Value, new: &Value) -> Vec<Change> {
    let mut walker = Walker {
        old_schemas: old
            .pointer("/components/schemas")
            .cloned()
            .unwrap_or_default(),
        new_schemas: new
            .pointer("/components/schemas")
            .cloned()
            .unwrap_or_default(),
        old_sides: schema_sides(old),
        new_sides: schema_sides(new),
        renames: BTreeMap::new(),
        visited: BTreeSet::new(),
        changes: Vec::new(),
        removed_properties: Vec::new(),
        added_properties: Vec::new(),
    };
    walker.compare_servers(old.get("servers"), new.get("servers"));
    walker.compare_operations(old, new);
    walker.settle_properties();
    walker.settle_schemas();
    walker.changes
}

/// A property present on one side only, kept until moves are matched.
struct LoneProperty {
    owner: String,
    name: String,
    required: bool,
    side: Side,
}

struct Walker {
    old_schemas: Value,
    new_schemas: Value,
    old_sides: BTreeMap<String, Side>,
    new_sides: BTreeMap<String, Side>,
    renames: BTreeMap<String, String>,
    visited: BTreeSet<(String, String)>,
    changes: Vec<Change>,
    removed_properties: Vec<LoneProperty>,
    added_properties: Vec<LoneProperty>,
}

impl Walker {
    fn change(
        &mut self,
        class: Class,
        location: &str,
        kind: &'static str,
        detail: String,
        side: Option<Side>,
    ) {
        self.changes.push(Change {
            class,
            location: location.to_owned(),
            kind,
            detail,
            side,
        });
    }

    /// Breaking when a client sending this would now fail, additive otherwise.
    fn tightening(&mut self, side: Side, location: &str, kind: &'static str, detail: String) {
        let class = if side.sends() {
            Class::Breaking
        } else {
            Class::Additive
        };
        self.change(class, location, kind, detail, Some(side));
    }

    fn bound_changed(&mut self, side: Side, at: &str, tighter: bool, detail: String) {
        if tighter {
            self.tightening(side, at, "constraint-tightened", detail);
        } else {
            self.change(
                Class::Additive,
                at,
                "constraint-loosened",
                detail,
                Some(side),
            );
        }
    }

    fn compare_servers(&mut self, old: Option<&Value>, new: Option<&Value>) {
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

    fn compare_operations(&mut self, old: &Value, new: &Value) {
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

    fn compare_operation(&mut self, name: &str, old: &Value, new: &Value) {
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

    fn compare_parameters(&mut self, operation: &str, old: Option<&Value>, new: Option<&Value>) {
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

    fn compare_required_flag(&mut self, at: &str, old: &Value, new: &Value, side: Side) {
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

    fn compare_request_body(&mut self, operation: &str, old: Option<&Value>, new: Option<&Value>) {
        let at = format!("{operation} request body");
        let (old, new) = (old.unwrap_or(&Value::Null), new.unwrap_or(&Value::Null));
        self.compare_docs(old, new, &at, Some(Side::Request));
        self.compare_required_flag(&at, old, new, Side::Request);
        self.compare_content(&at, old.get("content"), new.get("content"), Side::Request);
    }

    fn compare_responses(&mut self, operation: &str, old: Option<&Value>, new: Option<&Value>) {
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
    fn compare_content(&mut self, at: &str, old: Option<&Value>, new: Option<&Value>, side: Side) {
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

    fn compare_docs(&mut self, old: &Value, new: &Value, at: &str, side: Option<Side>) {
        for keyword in DOCS_KEYWORDS {
            let (o, n) = (old.get(keyword), new.get(keyword));
            if o != n {
                let what = match (o, n) {
                    (None, _) => "added",
                    (_, None) => "removed",
                    _ => "changed",
                };
                self.change(
                    Class::DocsOnly,
                    at,
                    "docs-changed",
                    format!("{keyword} {what}"),
                    side,
                );
            }
        }
    }

    /// Compares two schemas found at the same place. A reference annotated through `allOf`
    /// (`nullable`, `description`...) is the referenced schema with those keywords beside it.
    fn compare(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    fn compare_named(&mut self, old_name: &str, new_name: &str, at: &str) {
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

    fn side_of(&self, old_name: &str, new_name: &str) -> Side {
        match (self.old_sides.get(old_name), self.new_sides.get(new_name)) {
            (Some(o), Some(n)) => o.merge(*n),
            (Some(s), None) | (None, Some(s)) => *s,
            (None, None) => Side::Both,
        }
    }

    fn compare_inline(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    fn compare_nullable(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    fn compare_flags(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    fn compare_bounds(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    fn compare_enum(&mut self, old: Option<&Value>, new: Option<&Value>, at: &str, side: Side) {
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

    fn compare_additional_properties(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    fn compare_properties(&mut self, old: &Value, new: &Value, at: &str, side: Side) {
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

    /// A property removed in one place and added in another, by name, is a move.
    fn settle_properties(&mut self) {
        let mut added: Vec<Option<LoneProperty>> = std::mem::take(&mut self.added_properties)
            .into_iter()
            .map(Some)
            .collect();
        for removed in std::mem::take(&mut self.removed_properties) {
            let from = format!("{}.{}", removed.owner, removed.name);
            let moved_to = added.iter_mut().find(|a| {
                a.as_ref()
                    .is_some_and(|a| a.name == removed.name && a.owner != removed.owner)
            });
            match moved_to.and_then(Option::take) {
                Some(to) => {
                    let detail = format!("moved to `{}.{}`", to.owner, to.name);
                    self.change(
                        Class::Breaking,
                        &from,
                        "property-moved",
                        detail,
                        Some(removed.side.merge(to.side)),
                    );
                }
                None => {
                    let detail = if removed.required {
                        "required property removed"
                    } else {
                        "property removed"
                    };
                    self.change(
                        Class::Breaking,
                        &from,
                        "property-removed",
                        detail.to_owned(),
                        Some(removed.side),
                    );
                }
            }
        }
        for property in added.into_iter().flatten() {
            let at = format!("{}.{}", property.owner, property.name);
            if property.required && property.side.sends() {
                self.change(
                    Class::Breaking,
                    &at,
                    "property-added",
                    "required property added".into(),
                    Some(property.side),
                );
            } else {
                let detail = if property.required {
                    "property added (required)"
                } else {
                    "property added (optional)"
                };
                self.change(
                    Class::Additive,
                    &at,
                    "property-added",
                    detail.into(),
                    Some(property.side),
                );
            }
        }
    }

    /// Renames found in place, renames by shape among the rest, then schemas only on one side.
    fn settle_schemas(&mut self) {
        let names = |v: &Value| {
            v.as_object()
                .map(|m| m.keys().cloned().collect::<BTreeSet<_>>())
                .unwrap_or_default()
        };
        let (old_names, new_names) = (names(&self.old_schemas), names(&self.new_schemas));
        let mut removed: Vec<String> = old_names
            .iter()
            .filter(|n| !new_names.contains(*n) && !self.renames.contains_key(*n))
            .cloned()
            .collect();
        let renamed_to: BTreeSet<String> = self.renames.values().cloned().collect();
        let mut added: Vec<String> = new_names
            .iter()
            .filter(|n| !old_names.contains(*n) && !renamed_to.contains(*n))
            .cloned()
            .collect();
        removed.retain(|old_name| {
            let shape = shape(&self.old_schemas[old_name.as_str()]);
            match added
                .iter()
                .position(|new_name| shape == self::shape(&self.new_schemas[new_name.as_str()]))
            {
                Some(i) => {
                    let new_name = added.remove(i);
                    self.renames.insert(old_name.clone(), new_name);
                    false
                }
                None => true,
            }
        });
        for (old_name, new_name) in self.renames.clone() {
            let side = self.side_of(&old_name, &new_name);
            let detail = format!(
                "schema renamed to `{new_name}` (generated type renamed; the wire is unchanged)"
            );
            self.change(
                Class::Breaking,
                &old_name,
                "schema-renamed",
                detail,
                Some(side),
            );
        }
        for name in removed {
            let side = self.old_sides.get(&name).copied();
            self.change(
                Class::Breaking,
                &name,
                "schema-removed",
                "schema removed (its generated type is gone)".into(),
                side,
            );
        }
        for name in added {
            let side = self.new_sides.get(&name).copied();
            self.change(
                Class::Additive,
                &name,
                "schema-added",
                "schema added".into(),
                side,
            );
        }
    }
}

/// The named schema with the keywords its reference stood beside.
fn annotated(schema: Option<&Value>, annotations: Value) -> Value {
    let mut merged = schema.cloned().unwrap_or_else(|| Value::Object(Map::new()));
    if let (Some(merged), Value::Object(annotations)) = (merged.as_object_mut(), annotations) {
        merged.extend(annotations);
    }
    merged
}

/// A schema without what only documents it, to recognise a renamed schema by its shape.
fn shape(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !DOCS_KEYWORDS.contains(&k.as_str()))
                .map(|(k, v)| {
                    (
                        k.clone(),
                        if k == "properties" {
                            properties_shape(v)
                        } else {
                            shape(v)
                        },
                    )
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
        other => other.clone(),
    }
}

fn properties_shape(properties: &Value) -> Value {
    properties.as_object().map_or(Value::Null, |p| {
        Value::Object(p.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
    })
}

/// Pairs removed and added enum values that are spelled almost alike (`signMessage` →
/// `signedMessage`), taking them out of both lists.
fn pair_renamed_values<'a>(
    removed: &mut Vec<&'a String>,
    added: &mut Vec<&'a String>,
) -> Vec<(&'a String, &'a String)> {
    let mut pairs = Vec::new();
    removed.retain(|from| {
        let best = added
            .iter()
            .enumerate()
            .map(|(i, to)| (i, similarity(from, to)))
            .filter(|(_, s)| *s >= RENAME_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((i, _)) => {
                pairs.push((*from, added.remove(i)));
                false
            }
            None => true,
        }
    });
    pairs
}

/// 1 minus the edit distance over the longer length.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    1.0 - previous[b.len()] as f64 / longest as f64
}

fn list(values: &[&String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn show(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
