//! `cargo xtask spec diff [OLD] NEW [--json] [--fail-on CLASS]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::loaded::{Loaded, load, vendored};
use crate::diff::{self, Class, Report};

pub(crate) fn spec_diff(
    root: &Path,
    paths: &[PathBuf],
    json: bool,
    fail_on: Option<Class>,
) -> anyhow::Result<ExitCode> {
    let (old, new) = match paths {
        [new] => (vendored(root)?, load(new)?),
        [old, new] => (load(old)?, load(new)?),
        _ => bail!("give one or two files: [OLD] NEW"),
    };
    let report = report(&old, &new);
    println!(
        "{}",
        if json {
            report.to_json()
        } else {
            report.to_markdown()
        }
    );
    let failing = fail_on.is_some_and(|threshold| report.reaches(threshold));
    if failing {
        eprintln!("error: the spec changed in ways marked `--fail-on`");
    }
    Ok(if failing {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The report from `old` to `new`, noting when they are different kinds of source.
pub(super) fn report(old: &Loaded, new: &Loaded) -> Report {
    let mut report = diff::diff(&old.origin, &old.document, &new.origin, &new.document);
    if old.kind != new.kind {
        report.note = Some(format!(
            "This compares a {} with a {}: Mesh's two renderings of its API also differ in \
             content, so some of these lines are standing differences between them, not changes.",
            old.kind.describe(),
            new.kind.describe()
        ));
    }
    report
}
