//! Settling what the walk left open: properties removed in one place and added in another
//! (moves), schemas removed and added with the same shape (renames), enum values spelled almost
//! alike (renames).

use std::collections::BTreeSet;

use serde_json::Value;

use super::{DOCS_KEYWORDS, LoneProperty, Walker};
use crate::diff::Class;

/// Two enum values this alike, one removed and one added, are taken for a rename.
const RENAME_SIMILARITY: f64 = 0.75;

impl Walker {
    /// A property removed in one place and added in another, by name, is a move.
    pub(super) fn settle_properties(&mut self) {
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
    pub(super) fn settle_schemas(&mut self) {
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

pub(super) fn pair_renamed_values<'a>(
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
