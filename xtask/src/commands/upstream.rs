//! `openapi/upstream/CURRENT`: which file the vendored spec was imported from, which kind of
//! source it is, and where Mesh publishes that kind, so the drift check compares like with like.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::sources::SourceKind;
use crate::workspace;

/// Where Mesh publishes its full API document: beside its official Node SDK, which is
/// generated from it (`FrontFin/mesh-web-sdk`, `packages/node-api/swagger.json`).
pub(crate) const FULL_DOCUMENT_URL: &str =
    "https://raw.githubusercontent.com/FrontFin/mesh-web-sdk/main/packages/node-api/swagger.json";

/// The record in `openapi/upstream/CURRENT`.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Upstream {
    /// The vendored file under `openapi/upstream/`.
    pub(super) file: String,
    pub(super) kind: SourceKind,
    /// Where the file came from, when it says so (a docs page's `Source:` line).
    pub(super) url: Option<String>,
}

impl Upstream {
    /// Where to fetch the next version of the same kind of source.
    pub(super) fn fetch_url(&self) -> Option<&str> {
        match self.kind {
            SourceKind::DocsPage => self.url.as_deref(),
            SourceKind::FullDocument => Some(FULL_DOCUMENT_URL),
        }
    }

    pub(super) fn to_text(&self) -> String {
        let mut text = format!(
            "# What openapi/mesh-linktoken.yaml was imported from; written by `cargo xtask spec import`.\n\
             file: {}\nkind: {}\n",
            self.file,
            self.kind.key()
        );
        if let Some(url) = self.fetch_url() {
            text.push_str(&format!("url: {url}\n"));
        }
        text
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
        let kind = match field("kind") {
            Some(key) => SourceKind::from_key(&key).with_context(|| {
                format!("`kind: {key}` is neither `docs-page` nor `full-document`")
            })?,
            None => bail!("no `kind:` line"),
        };
        let url = field("url").filter(|_| kind == SourceKind::DocsPage);
        Ok(Self { file, kind, url })
    }
}

/// `spec upstream`: what the vendored spec came from and where to fetch its next version, as
/// `key=value` lines a CI job can append to its outputs.
pub(crate) fn spec_upstream(root: &Path) -> anyhow::Result<ExitCode> {
    let Some(upstream) = Upstream::read(root)? else {
        bail!(
            "{} is missing: import a spec first",
            workspace::UPSTREAM_CURRENT
        );
    };
    println!("file={}", upstream.file);
    println!("kind={}", upstream.kind.key());
    match upstream.fetch_url() {
        Some(url) => println!("url={url}"),
        None => bail!(
            "{} names no URL to fetch the {} from",
            workspace::UPSTREAM_CURRENT,
            upstream.kind.describe()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_round_trips_and_names_where_to_fetch() {
        let page = Upstream {
            file: "get-link-token-with-parameters.md".into(),
            kind: SourceKind::DocsPage,
            url: Some("https://docs.example.com/page.md".into()),
        };
        assert_eq!(Upstream::parse(&page.to_text()).unwrap(), page);
        assert_eq!(page.fetch_url(), Some("https://docs.example.com/page.md"));
        let document = Upstream {
            file: "swagger.json".into(),
            kind: SourceKind::FullDocument,
            url: None,
        };
        assert_eq!(Upstream::parse(&document.to_text()).unwrap(), document);
        assert_eq!(document.fetch_url(), Some(FULL_DOCUMENT_URL));
    }

    #[test]
    fn a_record_without_a_kind_is_refused() {
        let error = Upstream::parse("file: x.md\n").unwrap_err();
        assert!(error.to_string().contains("`kind:`"), "{error}");
        let error = Upstream::parse("file: x.md\nkind: pdf\n").unwrap_err();
        assert!(error.to_string().contains("`kind: pdf`"), "{error}");
    }
}
