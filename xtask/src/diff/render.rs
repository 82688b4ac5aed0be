//! The report as markdown (for a changelog or a pull request) or JSON (for tools).

use std::fmt::Write as _;

use serde_json::json;

use super::{Class, Report, Side};

impl Report {
    /// Markdown: a count line, then one line per change under its class.
    pub(crate) fn to_markdown(&self) -> String {
        let mut out = format!("### Spec changes: {} → {}\n\n", self.old, self.new);
        if let Some(note) = &self.note {
            let _ = writeln!(out, "> {note}\n");
        }
        if self.changes.is_empty() {
            out.push_str("No changes to the covered operations.\n");
            return out;
        }
        let count = |class| self.changes.iter().filter(|c| c.class == class).count();
        let _ = writeln!(
            out,
            "{} breaking, {} additive, {} docs-only.",
            count(Class::Breaking),
            count(Class::Additive),
            count(Class::DocsOnly)
        );
        for (class, title) in [
            (Class::Breaking, "Breaking"),
            (Class::Additive, "Additive"),
            (Class::DocsOnly, "Docs only"),
        ] {
            let changes: Vec<_> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n#### {title}\n");
            for change in changes {
                let side = match change.side {
                    Some(Side::Request) => " (request)",
                    Some(Side::Response) => " (response)",
                    Some(Side::Both) => " (request and response)",
                    None => "",
                };
                let _ = writeln!(out, "- `{}`: {}{side}", change.location, change.detail);
            }
        }
        out
    }

    /// JSON: the labels, counts per class, and every change with its machine-readable kind.
    pub(crate) fn to_json(&self) -> String {
        let count = |class| self.changes.iter().filter(|c| c.class == class).count();
        let mut report = json!({
            "old": self.old,
            "new": self.new,
            "summary": {
                "breaking": count(Class::Breaking),
                "additive": count(Class::Additive),
                "docs-only": count(Class::DocsOnly),
            },
            "changes": self.changes,
        });
        if let Some(note) = &self.note {
            report["note"] = json!(note);
        }
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }
}
