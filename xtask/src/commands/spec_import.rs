//! `cargo xtask spec import [FILE] [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::loaded::{import_outputs, load};
use super::upstream::Upstream;
use crate::{files, workspace};

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
    println!("next: `cargo xtask codegen` to regenerate crates/mesh-link-api");
    Ok(ExitCode::SUCCESS)
}

/// The vendored file last imported, as named in `openapi/upstream/CURRENT`.
fn last_imported(root: &Path) -> anyhow::Result<PathBuf> {
    let Some(upstream) = Upstream::read(root)? else {
        bail!(
            "{} is missing: name the file to import",
            workspace::UPSTREAM_CURRENT
        );
    };
    Ok(root.join(workspace::UPSTREAM_DIR).join(upstream.file))
}
