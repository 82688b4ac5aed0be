//! `cargo xtask spec import [FILE] [--no-overlay] [--check]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;

use super::loaded::load_upstream;
use super::upstream::Upstream;
use super::vendoring::{import_outputs, write_import};
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
pub(crate) fn last_imported(root: &Path) -> anyhow::Result<(PathBuf, bool)> {
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::workspace::real_document;

    /// A scratch workspace with `overlay` as its `openapi/overlay.yaml`.
    fn scratch(name: &str, overlay: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-import-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(workspace::UPSTREAM_DIR)).unwrap();
        std::fs::write(root.join(workspace::OVERLAY), overlay).unwrap();
        root
    }

    fn project_overlay() -> String {
        std::fs::read_to_string(workspace::root().join(workspace::OVERLAY)).unwrap()
    }

    fn read(root: &Path, path: &str) -> String {
        std::fs::read_to_string(root.join(path)).unwrap()
    }

    #[test]
    fn without_the_overlay_the_document_is_imported_as_published_and_check_repeats_that() {
        let root = scratch("plain", &project_overlay());
        let document = real_document("swagger-2024-11-29.json");
        spec_import(&root, Some(&document), true, false).unwrap();
        let spec = read(&root, workspace::SPEC);
        assert!(!spec.contains("minAmount"), "the overlay's field is absent");
        assert!(read(&root, workspace::UPSTREAM_CURRENT).contains("overlay: none"));
        assert_eq!(
            spec_import(&root, None, false, true).unwrap(),
            ExitCode::SUCCESS,
            "--check repeats the import as recorded"
        );

        // Imported again with the overlay, the record says so and --check follows it.
        spec_import(&root, Some(&document), false, false).unwrap();
        assert!(read(&root, workspace::SPEC).contains("minAmount"));
        assert!(
            read(&root, workspace::UPSTREAM_CURRENT)
                .contains(&format!("overlay: {}", workspace::OVERLAY))
        );
        assert_eq!(
            spec_import(&root, None, false, true).unwrap(),
            ExitCode::SUCCESS
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_overlay_action_that_no_longer_fits_fails_the_import_and_writes_nothing() {
        let broken = project_overlay().replace(
            "$.components.schemas.TransferToAddressWithAmount.properties",
            "$.components.schemas.TransferToAddressWithMinimums.properties",
        );
        let root = scratch("broken", &broken);
        let error = spec_import(
            &root,
            Some(&real_document("swagger-2025-07-10.json")),
            false,
            false,
        )
        .unwrap_err();
        let message = format!("{error:#}");
        assert!(
            message.contains(
                "applying the overlay: action 1 (`$.components.schemas.TransferToAddressWithMinimums.properties`"
            ) && message.contains("matches nothing"),
            "{message}"
        );
        assert!(!root.join(workspace::SPEC).exists(), "nothing written");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
