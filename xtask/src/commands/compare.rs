//! What changed from one loaded source to another: the report `spec diff` prints and
//! `spec update` writes into the changelog.

use anyhow::bail;

use super::loaded::Loaded;
use crate::diff::{self, Report};
use crate::pipeline::restricted_to;
use crate::sources::SourceKind;

/// The report from `old` to `new`. A docs page is about one operation, so the other side is cut
/// down to the operations the page describes, and the report says so; between two OpenAPI
/// documents, an operation one lacks is a change.
pub(super) fn report(old: &Loaded, new: &Loaded) -> anyhow::Result<Report> {
    let page = [old, new]
        .into_iter()
        .find(|side| side.kind == SourceKind::DocsPage);
    let Some(page) = page else {
        return Ok(diff::diff(
            &old.origin,
            &old.document,
            &new.origin,
            &new.document,
        ));
    };
    let shared: Vec<_> = old
        .operations
        .iter()
        .copied()
        .filter(|op| new.operations.contains(op))
        .collect();
    if shared.is_empty() {
        bail!(
            "{} and {} describe no covered operation in common",
            old.origin,
            new.origin
        );
    }
    let mut report = diff::diff(
        &old.origin,
        &restricted_to(&old.document, &shared)?,
        &new.origin,
        &restricted_to(&new.document, &shared)?,
    );
    let compared: Vec<String> = shared.iter().map(ToString::to_string).collect();
    report.note = Some(format!(
        "{} is a docs-site page, which describes one operation: compared on {} only.",
        page.origin,
        compared.join(", ")
    ));
    Ok(report)
}
