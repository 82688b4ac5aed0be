//! `cargo xtask spec update FILE [--date]`: import Mesh's full document with the overlay,
//! regenerate, report, and a dated entry in `openapi/CHANGELOG.md`.

use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::bail;

use super::loaded::{Loaded, import_outputs, load_upstream, vendored, write_import};
use super::spec_diff::report;
use crate::diff::Report;
use crate::pipeline::vendored_text;
use crate::{codegen, workspace};

pub(crate) fn spec_update(
    root: &Path,
    path: &Path,
    date: Option<String>,
) -> anyhow::Result<ExitCode> {
    let date = match date {
        Some(date) if is_iso_date(&date) => date,
        Some(date) => bail!("--date must be YYYY-MM-DD, not {date:?}"),
        None => today(),
    };
    let old = vendored(root)?;
    let new = load_upstream(root, path, true)?;
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
        "## {date}: {} with {}\n\n{}",
        new.origin,
        workspace::OVERLAY,
        report.to_markdown()
    );
    format!("{TITLE}\n{entry}\n{earlier}").trim_end().to_owned() + "\n"
}

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Today's date in UTC.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    civil_date(i64::try_from(days).unwrap_or(0))
}

/// `YYYY-MM-DD` for a count of days since 1970-01-01 (Howard Hinnant's civil-from-days).
fn civil_date(days_since_epoch: i64) -> String {
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests;
