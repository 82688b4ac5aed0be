//! What importing a file writes: the vendored spec, the upstream file it came from, and the
//! record of both; the upstream file it replaces is removed.

use std::path::Path;

use anyhow::Context as _;

use super::loaded::Loaded;
use super::upstream::Upstream;
use crate::files::Output;
use crate::pipeline::vendored_text;
use crate::workspace;

/// What importing `loaded` writes: the document, the vendored copy, and the record of both.
pub(super) fn import_outputs(loaded: &Loaded) -> Vec<Output> {
    let upstream = Upstream {
        file: loaded.file_name.clone(),
        overlay: loaded.overlay.is_some(),
    };
    vec![
        (workspace::SPEC.to_owned(), vendored_text(&loaded.document)),
        (
            format!("{}/{}", workspace::UPSTREAM_DIR, loaded.file_name),
            loaded.text.clone(),
        ),
        (workspace::UPSTREAM_CURRENT.to_owned(), upstream.to_text()),
    ]
}

/// Writes `outputs` and removes the upstream file the vendored spec came from before, when
/// this import replaces it with another: `openapi/upstream/` holds the one file it came from.
pub(super) fn write_import(root: &Path, loaded: &Loaded, outputs: &[Output]) -> anyhow::Result<()> {
    let previous = Upstream::read(root)?;
    crate::files::write(root, outputs)?;
    if let Some(previous) = previous
        && previous.file != loaded.file_name
    {
        let stale = root.join(workspace::UPSTREAM_DIR).join(&previous.file);
        match std::fs::remove_file(&stale) {
            Ok(()) => println!("removed {}", stale.display()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(error).with_context(|| format!("cannot remove {}", stale.display()));
            }
        }
    }
    Ok(())
}
