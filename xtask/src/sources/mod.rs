//! The first stage: what a maintainer hands `spec import`, `spec diff` or `spec update`, read
//! into a plain OpenAPI 3.0 document. A docs-site page, a full OpenAPI document (JSON or YAML)
//! or a vendored normalized file; the format is detected, not passed as a flag.

pub(crate) mod docs_page;

use serde_json::Value;

use crate::openapi::{unsupported_version, yaml};
use docs_page::{DocsPageError, read_docs_page};

/// The two renderings Mesh publishes of its API. The vendored spec comes from the full
/// document (with the overlay); a docs page, about one operation, is read to compare with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceKind {
    /// The docs site's reference page for one operation (markdown around a YAML block).
    DocsPage,
    /// An OpenAPI document: Mesh's full `swagger.json`, or a file this tool wrote.
    FullDocument,
}

/// Why a file could not be read as any source.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SourceError {
    #[error("reading the docs page")]
    DocsPage(#[from] DocsPageError),
    #[error("the file is not valid JSON")]
    NotJson(#[source] serde_json::Error),
    #[error(
        "the file is neither an OpenAPI document (JSON or YAML with an `openapi` key) nor a docs-site page \
         (markdown with a ```yaml block)"
    )]
    NotRecognized,
    #[error("the document is {found}; the importer takes OpenAPI 3.0.x")]
    UnsupportedVersion { found: String },
}

/// A file read as a plain OpenAPI document.
#[derive(Debug)]
pub(crate) struct Source {
    pub(crate) document: Value,
    pub(crate) kind: SourceKind,
    /// The page's `Source:` URL, when the file names where it came from.
    pub(crate) source_url: Option<String>,
}

/// Reads `text` in whichever format it is.
pub(crate) fn read(text: &str) -> Result<Source, SourceError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let document: Value = serde_json::from_str(trimmed).map_err(SourceError::NotJson)?;
        return full_document(document);
    }
    if let Ok(document @ Value::Object(_)) = yaml::parse(trimmed)
        && (document.get("openapi").is_some() || document.get("swagger").is_some())
    {
        return full_document(document);
    }
    match read_docs_page(text) {
        Ok(page) => Ok(Source {
            document: page.document,
            kind: SourceKind::DocsPage,
            source_url: page.source_url,
        }),
        Err(DocsPageError::NoYamlBlock) => Err(SourceError::NotRecognized),
        Err(other) => Err(other.into()),
    }
}

fn full_document(document: Value) -> Result<Source, SourceError> {
    if let Some(found) = unsupported_version(&document) {
        return Err(SourceError::UnsupportedVersion { found });
    }
    Ok(Source {
        document,
        kind: SourceKind::FullDocument,
        source_url: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_that_are_not_openapi_3_0_are_refused_naming_their_version() {
        for (text, expected) in [
            (r#"{"openapi": "3.1.0", "paths": {}}"#, "OpenAPI 3.1.0"),
            ("swagger: '2.0'\npaths: {}\n", "Swagger 2.0"),
            (r#"{"swagger": "2.0"}"#, "Swagger 2.0"),
        ] {
            let error = read(text).unwrap_err();
            assert!(
                matches!(error, SourceError::UnsupportedVersion { .. }),
                "{error}"
            );
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn files_that_are_not_json_or_yaml_documents_or_pages_are_refused() {
        assert!(matches!(
            read("{ \"openapi\": "),
            Err(SourceError::NotJson(_))
        ));
        for text in [
            "just a sentence, no structure",
            "- a\n- yaml\n- list\n",
            "\u{0}\u{1}binary",
        ] {
            let error = read(text).unwrap_err();
            assert!(
                matches!(error, SourceError::NotRecognized),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn the_kind_is_detected_from_the_text() {
        let json = read(r#"{"openapi": "3.0.1", "paths": {}}"#).unwrap();
        assert_eq!(json.kind, SourceKind::FullDocument);
        let yaml = read("openapi: 3.0.3\npaths: {}\n").unwrap();
        assert_eq!(yaml.kind, SourceKind::FullDocument);
    }
}
