//! The commands: `spec import`, `spec diff`, `spec update` and `codegen`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use serde_json::Value;

use crate::files::{self, Output};
use crate::source::{self, SourceKind};
use crate::spec_diff::{self, Class, Report};
use crate::{codegen, workspace, yaml};

/// The vendored document's text: a header, then the canonical YAML.
pub(crate) fn spec_text(document: &Value) -> String {
    format!(
        "# Imported by `cargo xtask spec import` from Mesh's published API description.\n\
         # Do not edit by hand: openapi/README.md says where it comes from and how to update it.\n{}",
        yaml::to_canonical_string(document)
    )
}

/// A file read and imported, with what it was and where it came from.
struct Loaded {
    document: Value,
    kind: SourceKind,
    /// The page's `Source:` URL, or the path given.
    origin: String,
    text: String,
    file_name: String,
}

fn load(path: &Path) -> anyhow::Result<Loaded> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (imported, kind) =
        source::load(&text).with_context(|| format!("cannot import {}", path.display()))?;
    let file_name = imported
        .source_url
        .as_deref()
        .and_then(|url| url.rsplit('/').next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "imported".to_owned());
    let origin = imported
        .source_url
        .clone()
        .unwrap_or_else(|| path.display().to_string());
    Ok(Loaded {
        document: imported.document,
        kind,
        origin,
        text,
        file_name,
    })
}

/// What importing `loaded` writes: the document, the vendored copy, and which copy it was.
fn import_outputs(loaded: &Loaded) -> Vec<Output> {
    vec![
        (workspace::SPEC.to_owned(), spec_text(&loaded.document)),
        (
            format!("{}/{}", workspace::UPSTREAM_DIR, loaded.file_name),
            loaded.text.clone(),
        ),
        (
            workspace::UPSTREAM_CURRENT.to_owned(),
            format!("{}\n", loaded.file_name),
        ),
    ]
}

/// The vendored file last imported, as named in `openapi/upstream/CURRENT`.
fn last_imported(root: &Path) -> anyhow::Result<PathBuf> {
    let current = root.join(workspace::UPSTREAM_CURRENT);
    let name = std::fs::read_to_string(&current)
        .with_context(|| format!("cannot read {}", current.display()))?;
    Ok(root.join(workspace::UPSTREAM_DIR).join(name.trim()))
}

pub(crate) fn spec_import(
    root: &Path,
    file: Option<&Path>,
    check: bool,
) -> anyhow::Result<ExitCode> {
    let path = match file {
        Some(file) => file.to_path_buf(),
        None if check => last_imported(root)?,
        None => bail!("name the file to import (a docs-site page or an OpenAPI document)"),
    };
    let loaded = load(&path)?;
    let outputs = import_outputs(&loaded);
    if check {
        return Ok(files::check(
            root,
            &outputs,
            "cargo xtask spec import <FILE>",
        ));
    }
    files::write(root, &outputs)?;
    println!(
        "imported {} ({}) from {}",
        workspace::SPEC,
        loaded.kind.describe(),
        loaded.origin
    );
    println!("next: `cargo xtask codegen` to regenerate crates/mesh-api");
    Ok(ExitCode::SUCCESS)
}

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
    let report = spec_diff::diff(&old.origin, &old.document, &new.origin, &new.document);
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

fn vendored(root: &Path) -> anyhow::Result<Loaded> {
    let mut loaded = load(&root.join(workspace::SPEC))?;
    loaded.origin = format!("{} (vendored)", workspace::SPEC);
    Ok(loaded)
}

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
    let new = load(path)?;
    let report = spec_diff::diff(&old.origin, &old.document, &new.origin, &new.document);
    // Generate before writing anything, so a spec progenitor cannot take leaves the tree as it was.
    let generated = codegen::generate(&spec_text(&new.document))?;
    let mut outputs = import_outputs(&new);
    outputs.extend(
        generated
            .files
            .into_iter()
            .map(|(path, text)| (path.to_owned(), text)),
    );
    if !report.changes.is_empty() {
        outputs.push((
            workspace::CHANGELOG.to_owned(),
            changelog_with(root, &date, &new, &report),
        ));
    }
    files::write(root, &outputs)?;
    println!("{}", report.to_markdown());
    if report.changes.is_empty() {
        println!("{} is unchanged.", workspace::CHANGELOG);
    } else {
        println!(
            "Added to {}. Next: `cargo test --workspace`, then review the snapshots (`cargo insta review`).",
            workspace::CHANGELOG
        );
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
        "## {date}: {} ({})\n\n{}",
        new.origin,
        new.kind.describe(),
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

pub(crate) fn codegen(root: &Path, check: bool) -> anyhow::Result<ExitCode> {
    let spec_path = root.join(workspace::SPEC);
    let spec = std::fs::read_to_string(&spec_path)
        .with_context(|| format!("cannot read {}", spec_path.display()))?;
    let generated = codegen::generate(&spec)?;
    let outputs: Vec<Output> = generated
        .files
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text))
        .collect();
    if check {
        return Ok(files::check(root, &outputs, "cargo xtask codegen"));
    }
    // The generated header lists the adaptations too; under --check they would only be noise.
    for line in &generated.log {
        eprintln!("adapt: {line}");
    }
    files::write(root, &outputs)?;
    for (path, _) in &outputs {
        println!("wrote {path}");
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_iso() {
        assert!(is_iso_date("2026-11-22"));
        for bad in ["2026-1-22", "22-11-2026", "2026/11/22", "yesterday"] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        assert!(is_iso_date(&today()));
    }

    /// A scratch workspace holding `spec` as its vendored document.
    fn scratch_workspace(spec: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!(
            "xtask-update-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("openapi")).unwrap();
        std::fs::write(root.join(workspace::SPEC), spec).unwrap();
        root
    }

    #[test]
    fn update_imports_regenerates_and_writes_a_dated_changelog_entry() {
        let repo = workspace::root();
        let older =
            std::fs::read_to_string(repo.join("tests/fixtures/spec/older-capture.yaml")).unwrap();
        let root = scratch_workspace(&older);
        let page = repo.join(workspace::UPSTREAM_PAGE);
        spec_update(&root, &page, Some("2026-11-22".into())).unwrap();

        let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
        assert_eq!(
            read(workspace::SPEC),
            std::fs::read_to_string(repo.join(workspace::SPEC)).unwrap()
        );
        assert_eq!(
            read(workspace::GENERATED_CLIENT),
            std::fs::read_to_string(repo.join(workspace::GENERATED_CLIENT)).unwrap()
        );
        assert_eq!(
            read(workspace::UPSTREAM_CURRENT),
            "get-link-token-with-parameters.md\n"
        );
        let changelog = read(workspace::CHANGELOG);
        assert!(
            changelog.starts_with("# Changes to the vendored spec"),
            "{changelog}"
        );
        assert!(changelog.contains("## 2026-11-22: https://docs.meshconnect.com/api-reference/managed-account-authentication/get-link-token-with-parameters.md (docs-site reference page)"), "{changelog}");
        assert!(
            changelog.contains("- `GetLinkTokenRequest.userId`: maxLength 50 → 300 (request)"),
            "{changelog}"
        );

        // Nothing changed the second time: no second entry.
        spec_update(&root, &page, Some("2026-11-23".into())).unwrap();
        assert_eq!(read(workspace::CHANGELOG), changelog);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn update_refuses_a_malformed_date_before_touching_anything() {
        let root = scratch_workspace("openapi: 3.0.3\n");
        let error = spec_update(&root, Path::new("unused"), Some("22/11/2026".into())).unwrap_err();
        assert!(error.to_string().contains("YYYY-MM-DD"), "{error}");
        assert_eq!(
            std::fs::read_to_string(root.join(workspace::SPEC)).unwrap(),
            "openapi: 3.0.3\n"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn day_counts_become_calendar_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(11_017), "2000-03-01");
        assert_eq!(civil_date(20_414), "2025-11-22");
        assert_eq!(civil_date(-1), "1969-12-31");
    }
}
