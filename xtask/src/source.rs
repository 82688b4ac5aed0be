//! What `spec import` and `spec diff` read: a docs-site page, a full OpenAPI document (JSON or
//! YAML), or a vendored normalized file. The format is detected, not passed as a flag.

use serde_json::Value;

use crate::document::import_openapi_document;
use crate::import::{ImportError, Imported, import_docs_page};
use crate::yaml;

/// What kind of file was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceKind {
    DocsPage,
    OpenApiJson,
    OpenApiYaml,
}

impl SourceKind {
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::DocsPage => "docs-site reference page",
            Self::OpenApiJson => "OpenAPI document (JSON)",
            Self::OpenApiYaml => "OpenAPI document (YAML)",
        }
    }
}

/// Reads `text` in whichever format it is, into the normalized document.
pub(crate) fn load(text: &str) -> Result<(Imported, SourceKind), ImportError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        let document: Value = serde_json::from_str(trimmed).map_err(ImportError::NotJson)?;
        let imported = Imported {
            document: import_openapi_document(&document)?,
            source_url: None,
        };
        return Ok((imported, SourceKind::OpenApiJson));
    }
    if let Ok(document @ Value::Object(_)) = yaml::parse(trimmed)
        && (document.get("openapi").is_some() || document.get("swagger").is_some())
    {
        let imported = Imported {
            document: import_openapi_document(&document)?,
            source_url: None,
        };
        return Ok((imported, SourceKind::OpenApiYaml));
    }
    match import_docs_page(text) {
        Ok(imported) => Ok((imported, SourceKind::DocsPage)),
        Err(ImportError::NoYamlBlock) => Err(ImportError::NotRecognized),
        Err(other) => Err(other),
    }
}
