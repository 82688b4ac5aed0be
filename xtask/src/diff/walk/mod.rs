//! Walks two documents side by side from each covered operation, following `$ref`s in step, so
//! a schema found under a new name at the same place is a rename and a property found under a
//! new parent is a move. This module holds the walker and how it records a change; its parts
//! compare operations, compare schemas, and settle renames and moves once the walk is done.

mod operations;
mod schemas;
mod settle;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::sides::schema_sides;
use super::{Change, Class, Side};

/// Keywords that only document.
const DOCS_KEYWORDS: [&str; 5] = ["description", "summary", "title", "example", "examples"];

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
}

fn show(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}
