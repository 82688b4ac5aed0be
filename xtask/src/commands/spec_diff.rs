//! `cargo xtask spec diff [OLD] NEW [--json] [--fail-on CLASS]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::compare::report;
use super::loaded::{load, note_redundant_actions, read_overlay, vendored};
use crate::diff::Class;
use crate::pipeline::Coverage;

/// One file: what `spec update NEW` would change (a full document gets the overlay, as the
/// update would apply it; a docs page is read as it is). Two: the files as given.
pub(crate) fn spec_diff(
    root: &Path,
    paths: &[PathBuf],
    json: bool,
    fail_on: Option<Class>,
) -> anyhow::Result<ExitCode> {
    let (old, new) = match paths {
        [new] => {
            let new = load(new, Some(&read_overlay(root)?), Coverage::Every)?;
            note_redundant_actions(&new);
            (vendored(root)?, new)
        }
        [old, new] => (
            load(old, None, Coverage::Described)?,
            load(new, None, Coverage::Described)?,
        ),
        _ => bail!("give one or two files: [OLD] NEW"),
    };
    let report = report(&old, &new)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{FORM_ARTIFACTS, Report};
    use crate::workspace;

    fn one_argument(new: &Path) -> Report {
        let root = workspace::root();
        let new = load(new, Some(&read_overlay(&root).unwrap()), Coverage::Every).unwrap();
        report(&vendored(&root).unwrap(), &new).unwrap()
    }

    #[test]
    fn the_docs_page_against_the_vendored_spec_lists_what_the_page_says_differently() {
        let report = one_argument(&workspace::root().join(workspace::DOCS_PAGE));
        let markdown = report.to_markdown();
        for artifact in FORM_ARTIFACTS {
            assert!(!markdown.contains(artifact), "`{artifact}` in\n{markdown}");
        }
        assert!(
            markdown.contains("compared on POST /api/v1/linktoken only"),
            "{markdown}"
        );
        insta::assert_snapshot!(markdown);
    }

    #[test]
    fn one_argument_applies_the_overlay_and_two_compare_the_files_as_given() {
        let root = workspace::root();
        let upstream = root
            .join(workspace::UPSTREAM_DIR)
            .join("swagger-2025-07-10.json");
        let report = one_argument(&upstream);
        assert!(report.changes.is_empty(), "{}", report.to_markdown());

        let as_given = report_of(&root.join(workspace::SPEC), &upstream);
        let markdown = as_given.to_markdown();
        assert!(
            markdown.contains("`TransferToAddressWithAmount.minAmount`: property removed")
                && markdown.contains("`cryptoComPay`"),
            "without the overlay, what it adds shows as removed:\n{markdown}"
        );
    }

    fn report_of(old: &Path, new: &Path) -> Report {
        report(
            &load(old, None, Coverage::Described).unwrap(),
            &load(new, None, Coverage::Described).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn a_full_document_without_a_covered_operation_is_refused_as_update_would() {
        let root = workspace::root();
        let text = std::fs::read_to_string(workspace::real_document("swagger-2025-07-10.json"))
            .unwrap()
            .replace(
                "\"/api/v1/transfers/managed/tokens\"",
                "\"/api/v1/transfers/managed/tokens-v2\"",
            );
        let path = std::env::temp_dir().join(format!("xtask-diff-{}.json", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let Err(error) = load(&path, Some(&read_overlay(&root).unwrap()), Coverage::Every) else {
            panic!("a document without GET /api/v1/transfers/managed/tokens was loaded");
        };
        assert!(
            format!("{error:#}")
                .contains("has no GET /api/v1/transfers/managed/tokens, which this project covers"),
            "{error}"
        );
        std::fs::remove_file(&path).unwrap();
    }
}
