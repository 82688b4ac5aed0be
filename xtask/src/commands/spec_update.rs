//! `cargo xtask spec update FILE [--date]`: import Mesh's full document with the overlay,
//! regenerate, report, and a dated entry in `openapi/CHANGELOG.md`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;

use super::compare::report;
use super::loaded::{Loaded, load_upstream, vendored};
use super::vendoring::{import_outputs, write_import};
use crate::diff::Report;
use crate::pipeline::vendored_text;
use crate::{codegen, workspace};

pub(crate) fn spec_update(
    root: &Path,
    path: &Path,
    date: Option<String>,
) -> anyhow::Result<ExitCode> {
    let date = match date {
        Some(text) => match text.parse::<jiff::civil::Date>() {
            Ok(date) => date.to_string(),
            Err(error) => bail!("--date must be a date YYYY-MM-DD, not {text:?} ({error})"),
        },
        None => today(),
    };
    let old = vendored(root)?;
    let mut new = load_upstream(root, path, true)?;
    // Named by where it is vendored, never by this machine's path to the file handed in.
    new.origin = format!("{}/{}", workspace::UPSTREAM_DIR, new.file_name);
    let report = report(&old, &new)?;
    // Generate before writing anything, so a spec progenitor cannot take leaves the tree as it was.
    let generated = codegen::generate(&vendored_text(&new.document))?;
    let mut outputs = import_outputs(&new);
    outputs.extend(
        generated
            .files
            .into_iter()
            .map(|(path, text)| (path.to_owned(), text)),
    );
    let changed = !report.changes.is_empty();
    if changed {
        outputs.push((
            workspace::CHANGELOG.to_owned(),
            changelog_with(root, &date, &new, &report),
        ));
    }
    write_import(root, &new, &outputs)?;
    println!("{}", report.to_markdown());
    if changed {
        println!(
            "Added to {}. Next: `cargo test --workspace`, then review the snapshots (`cargo insta review`).",
            workspace::CHANGELOG
        );
    } else {
        println!("{} is unchanged.", workspace::CHANGELOG);
    }
    Ok(ExitCode::SUCCESS)
}

/// The changelog with an entry for this update on top of the earlier ones.
fn changelog_with(root: &Path, date: &str, new: &Loaded, report: &Report) -> String {
    const TITLE: &str =
        "# Changes to the vendored spec\n\nNewest first; written by `cargo xtask spec update`.\n";
    let existing = std::fs::read_to_string(root.join(workspace::CHANGELOG)).unwrap_or_default();
    let earlier = existing
        .strip_prefix(TITLE)
        .unwrap_or(&existing)
        .trim_start();
    let entry = format!(
        "## {date}: {} ({} bytes) with {}\n\n{}",
        new.origin,
        new.text.len(),
        workspace::OVERLAY,
        report.to_markdown()
    );
    format!("{TITLE}\n{entry}\n{earlier}").trim_end().to_owned() + "\n"
}

/// Today's date in UTC, `YYYY-MM-DD`.
fn today() -> String {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

#[cfg(test)]
mod tests;
