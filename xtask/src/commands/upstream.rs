//! `openapi/upstream/CURRENT`: which file of Mesh's the vendored spec was imported from, and
//! whether the overlay was applied, so `spec import --check` repeats the import exactly.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::workspace;

/// Where Mesh publishes its full API document: beside its official Node SDK, which is
/// generated from it (`FrontFin/mesh-web-sdk`, `packages/node-api/swagger.json`).
pub(crate) const FULL_DOCUMENT_URL: &str =
    "https://raw.githubusercontent.com/FrontFin/mesh-web-sdk/main/packages/node-api/swagger.json";

/// How the record says the overlay was left out (`spec import --no-overlay`).
const NO_OVERLAY: &str = "none";

/// The record in `openapi/upstream/CURRENT`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Upstream {
    /// The vendored file under `openapi/upstream/`.
    pub(super) file: String,
    /// Whether `openapi/overlay.yaml` was applied.
    pub(super) overlay: bool,
}

impl Upstream {
    pub(super) fn to_text(&self) -> String {
        format!(
            "# What openapi/mesh-linktoken.yaml was imported from; written by `cargo xtask spec import`.\n\
             file: {}\nurl: {FULL_DOCUMENT_URL}\noverlay: {}\n",
            self.file,
            if self.overlay {
                workspace::OVERLAY
            } else {
                NO_OVERLAY
            }
        )
    }

    /// Reads the record; `None` when the workspace has none yet.
    pub(super) fn read(root: &Path) -> anyhow::Result<Option<Self>> {
        let path = root.join(workspace::UPSTREAM_CURRENT);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", path.display()));
            }
        };
        Self::parse(&text)
            .map(Some)
            .with_context(|| format!("cannot read {}", path.display()))
    }

    fn parse(text: &str) -> anyhow::Result<Self> {
        let field = |key: &str| {
            text.lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_owned())
        };
        let Some(file) = field("file") else {
            bail!("no `file:` line");
        };
        let overlay = match field("overlay").as_deref() {
            Some(NO_OVERLAY) => false,
            Some(path) if path == workspace::OVERLAY => true,
            Some(other) => bail!(
                "`overlay: {other}` is neither `{}` nor `{NO_OVERLAY}`",
                workspace::OVERLAY
            ),
            None => bail!("no `overlay:` line"),
        };
        Ok(Self { file, overlay })
    }
}

/// `spec upstream`: the file the vendored spec came from and where to fetch Mesh's next
/// version, as `key=value` lines a CI job can append to its outputs.
pub(crate) fn spec_upstream(root: &Path) -> anyhow::Result<ExitCode> {
    let Some(upstream) = Upstream::read(root)? else {
        bail!(
            "{} is missing: import a spec first",
            workspace::UPSTREAM_CURRENT
        );
    };
    println!("file={}", upstream.file);
    println!("url={FULL_DOCUMENT_URL}");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_round_trips() {
        for overlay in [true, false] {
            let record = Upstream {
                file: "swagger-2025-07-10.json".into(),
                overlay,
            };
            assert_eq!(Upstream::parse(&record.to_text()).unwrap(), record);
        }
    }

    #[test]
    fn a_record_without_its_lines_is_refused() {
        let error = Upstream::parse("overlay: none\n").unwrap_err();
        assert!(error.to_string().contains("`file:`"), "{error}");
        let error = Upstream::parse("file: x.json\n").unwrap_err();
        assert!(error.to_string().contains("`overlay:`"), "{error}");
        let error = Upstream::parse("file: x.json\noverlay: elsewhere.yaml\n").unwrap_err();
        assert!(
            error.to_string().contains("`overlay: elsewhere.yaml`"),
            "{error}"
        );
    }
}
