//! `cargo xtask spec import [FILE] [--no-overlay] [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::loaded::{import_outputs, load_upstream, write_import};
use super::upstream::Upstream;
use crate::{files, workspace};

pub(crate) fn spec_import(
    root: &Path,
    file: Option<&Path>,
    no_overlay: bool,
    check: bool,
) -> anyhow::Result<ExitCode> {
    let (path, with_overlay) = match file {
        Some(file) => (file.to_path_buf(), !no_overlay),
        None if check => last_imported(root)?,
        None => bail!("name the file to import (Mesh's full OpenAPI document)"),
    };
    let loaded = load_upstream(root, &path, with_overlay)?;
    let outputs = import_outputs(&loaded);
    if check {
        return Ok(files::check(
            root,
            &outputs,
            "cargo xtask spec import <FILE>",
        ));
    }
    write_import(root, &loaded, &outputs)?;
    let overlay = if with_overlay {
        format!("with {}", workspace::OVERLAY)
    } else {
        "without the overlay".to_owned()
    };
    println!(
        "imported {} from {} {overlay}",
        workspace::SPEC,
        loaded.origin
    );
    println!("next: `cargo xtask codegen` to regenerate crates/mesh-link-api");
    Ok(ExitCode::SUCCESS)
}

/// The vendored file last imported, and whether with the overlay, as `openapi/upstream/CURRENT`
/// records them.
fn last_imported(root: &Path) -> anyhow::Result<(PathBuf, bool)> {
    let Some(upstream) = Upstream::read(root)? else {
        bail!(
            "{} is missing: name the file to import",
            workspace::UPSTREAM_CURRENT
        );
    };
    Ok((
        root.join(workspace::UPSTREAM_DIR).join(upstream.file),
        upstream.overlay,
    ))
}
