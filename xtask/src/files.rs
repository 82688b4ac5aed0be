//! Writing generated files, and checking committed ones against what would be generated.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::text_diff;

/// (path relative to the workspace root, contents).
pub(crate) type Output = (String, String);

/// Writes each file whose contents changed.
pub(crate) fn write(root: &Path, outputs: &[Output]) -> anyhow::Result<()> {
    for (path, text) in outputs {
        write_if_changed(&root.join(path), text)?;
    }
    Ok(())
}

/// Writes `text` to `path` unless it holds that already: an unchanged file keeps its time, so
/// cargo's fingerprints and editors' buffers stay fresh.
pub(crate) fn write_if_changed(path: &Path, text: &str) -> anyhow::Result<()> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Prints a diff for each committed file that differs and fails, naming `fix`, if any does.
pub(crate) fn check(root: &Path, outputs: &[Output], fix: &str) -> ExitCode {
    let mut stale = Vec::new();
    for (path, fresh) in outputs {
        let committed = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        if let Some(diff) = text_diff::unified(path, &committed, fresh) {
            println!("{diff}\n");
            stale.push(path.as_str());
        }
    }
    if stale.is_empty() {
        let paths: Vec<&str> = outputs.iter().map(|(p, _)| p.as_str()).collect();
        println!("up to date: {}", paths.join(", "));
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: out of date: {}\nrun `{fix}` and commit the result",
        stale.join(", ")
    );
    ExitCode::FAILURE
}
