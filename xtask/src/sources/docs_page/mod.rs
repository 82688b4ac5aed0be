//! A docs-site reference page: markdown around a YAML block in the site's own rendering of one
//! operation. Read back into a plain OpenAPI 3.0 document; the canonical form comes later.

mod error;
mod markdown;
mod schema_reader;

use serde_json::{Map, Value, json};

use crate::openapi::{HTTP_METHODS, OPENAPI_VERSION, is_empty, yaml};
pub(crate) use error::DocsPageError;
use markdown::{DocsPage, read_page};
use schema_reader::SchemaTranslator;

const PARAMETER_LOCATIONS: [&str; 3] = ["header", "query", "cookie"];

/// A page read back into OpenAPI, and what it says about where it came from.
#[derive(Debug)]
pub(crate) struct ReadPage {
    /// An OpenAPI 3.0 document of the page's operation, not yet in the canonical form.
    pub(crate) document: Value,
    /// The page's `Source:` URL, when it gives one.
    pub(crate) source_url: Option<String>,
}

/// Reads a docs-site reference page (markdown with the site's YAML rendering of one operation).
pub(crate) fn read_docs_page(markdown: &str) -> Result<ReadPage, DocsPageError> {
    let page = read_page(markdown);
    let block = page
        .yaml_block
        .as_deref()
        .ok_or(DocsPageError::NoYamlBlock)?;
    let rendering = yaml::parse(block)?;
    let document = translate_rendering(&rendering, &page)?;
    Ok(ReadPage {
        document,
        source_url: page.source_url,
    })
}

fn translate_rendering(rendering: &Value, page: &DocsPage) -> Result<Value, DocsPageError> {
    let block = rendering
        .as_object()
        .ok_or_else(|| not_rendering("the block is not a mapping"))?;
    if block.contains_key("openapi") || block.contains_key("swagger") {
        return Err(not_rendering(
            "it is a plain OpenAPI/Swagger document (it has an `openapi` or `swagger` key)",
        ));
    }
    let operation = block
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| not_rendering("it has no `paths` mapping"))?;
    if let Some(url_path) = operation.keys().find(|k| k.starts_with('/')) {
        return Err(not_rendering(&format!(
            "`paths` is keyed by URL path ({url_path}) as in plain OpenAPI, not by `path`/`method`"
        )));
    }
    let path = required_str(operation, "path", "a URL path starting with `/`")?;
    if !path.starts_with('/') {
        return Err(invalid("path", path, "a URL path starting with `/`"));
    }
    let method = required_str(operation, "method", "an HTTP method")?.to_ascii_lowercase();
    if !HTTP_METHODS.contains(&method.as_str()) {
        return Err(invalid(
            "method",
            &method,
            "an HTTP method (get, post, ...)",
        ));
    }

    let mut schemas = SchemaTranslator::default();
    let declared = block.get("components").and_then(|c| c.get("schemas"));
    if let Some(declared) = declared.and_then(Value::as_object) {
        for (name, schema) in declared {
            schemas.declare(name, schema)?;
        }
    }

    let mut op = Map::new();
    if let Some(title) = &page.title {
        op.insert("summary".into(), json!(title));
    }
    if let Some(lead) = &page.lead {
        op.insert("description".into(), json!(lead));
    }
    let request = operation.get("request").cloned().unwrap_or(Value::Null);
    reject_parameters(&request)?;
    if let Some(body) = request
        .get("body")
        .and_then(Value::as_object)
        .filter(|b| !b.is_empty())
    {
        op.insert("requestBody".into(), translate_body(body, &mut schemas)?);
    }
    op.insert(
        "responses".into(),
        translate_responses(operation.get("response"), &mut schemas)?,
    );
    let (security_schemes, requirements) = translate_security(request.get("security"))?;
    if !requirements.is_empty() {
        op.insert("security".into(), Value::Array(requirements));
    }
    if operation.get("deprecated") == Some(&Value::Bool(true)) {
        op.insert("deprecated".into(), Value::Bool(true));
    }

    let mut document = json!({
        "openapi": OPENAPI_VERSION,
        "paths": {path: {method: op}},
        "components": {"schemas": schemas.components},
    });
    if let Some(servers) = operation.get("servers").filter(|s| !is_empty(s)) {
        document["servers"] = servers.clone();
    }
    if !security_schemes.is_empty() {
        document["components"]["securitySchemes"] = Value::Object(security_schemes);
    }
    Ok(document)
}

fn translate_body(
    body: &Map<String, Value>,
    schemas: &mut SchemaTranslator,
) -> Result<Value, DocsPageError> {
    let location = "paths.request.body";
    let (content, description) = translate_content(body, location, schemas)?;
    let mut request_body = Map::new();
    if let Some(description) = description {
        request_body.insert("description".into(), json!(description));
    }
    request_body.insert("content".into(), content);
    Ok(Value::Object(request_body))
}

fn translate_responses(
    response: Option<&Value>,
    schemas: &mut SchemaTranslator,
) -> Result<Value, DocsPageError> {
    let codes = response
        .and_then(Value::as_object)
        .filter(|codes| !codes.is_empty())
        .ok_or(DocsPageError::NoResponses)?;
    let mut responses = Map::new();
    for (code, media) in codes {
        let location = format!("paths.response.{code}");
        let media = media
            .as_object()
            .ok_or_else(|| DocsPageError::Unsupported {
                location: location.clone(),
                what: "a response that is not a mapping of media types".into(),
            })?;
        let (content, description) = translate_content(media, &location, schemas)?;
        let mut out = Map::new();
        out.insert("description".into(), json!(description.unwrap_or_default()));
        if content.as_object().is_some_and(|c| !c.is_empty()) {
            out.insert("content".into(), content);
        }
        responses.insert(code.clone(), Value::Object(out));
    }
    Ok(Value::Object(responses))
}

/// Translates `{<media type>: {schemaArray, examples, description}}` into an OpenAPI `content`
/// map and the one description the media types share.
fn translate_content(
    media_types: &Map<String, Value>,
    location: &str,
    schemas: &mut SchemaTranslator,
) -> Result<(Value, Option<String>), DocsPageError> {
    let mut content = Map::new();
    let mut description: Option<String> = None;
    for (media_type, entry) in media_types {
        let here = format!("{location}.{media_type}");
        let mut media = Map::new();
        let schema = match entry.get("schemaArray") {
            None => None,
            Some(Value::Array(list)) => match list.as_slice() {
                [] => None,
                [one] => Some(schemas.translate(one, &here)?),
                more => {
                    return Err(DocsPageError::Unsupported {
                        location: here,
                        what: format!("a `schemaArray` of {} schemas (alternatives)", more.len()),
                    });
                }
            },
            Some(_) => {
                return Err(not_rendering(&format!(
                    "{here}: `schemaArray` is not a list"
                )));
            }
        };
        let is_any = schema
            .as_ref()
            .is_some_and(|s| s.as_object().is_some_and(Map::is_empty));
        if let Some(schema) = schema {
            media.insert("schema".into(), schema);
        }
        if let Some(examples) = entry.get("examples").filter(|e| !is_empty(e)) {
            // The docs site writes `<any>` as the example of an untyped body: a placeholder.
            if !(is_any && examples.pointer("/example/value") == Some(&json!("<any>"))) {
                media.insert("examples".into(), examples.clone());
            }
        }
        if let Some(text) = entry.get("description").and_then(Value::as_str) {
            match &description {
                Some(first) if first != text => {
                    return Err(DocsPageError::ConflictingDescriptions {
                        location: location.to_owned(),
                        first: first.clone(),
                        second: text.to_owned(),
                    });
                }
                _ => description = Some(text.to_owned()),
            }
        }
        content.insert(media_type.clone(), Value::Object(media));
    }
    Ok((Value::Object(content), description))
}

/// `security: [{title, parameters: {header: {Name: {type: apiKey, description}}}}]`: each list
/// entry is one way to authenticate, needing all of its parameters.
fn translate_security(
    security: Option<&Value>,
) -> Result<(Map<String, Value>, Vec<Value>), DocsPageError> {
    let mut schemes = Map::new();
    let mut requirements = Vec::new();
    let Some(entries) = security.and_then(Value::as_array) else {
        return Ok((schemes, requirements));
    };
    for (i, entry) in entries.iter().enumerate() {
        let mut requirement = Map::new();
        for location in PARAMETER_LOCATIONS {
            let Some(params) = entry
                .pointer(&format!("/parameters/{location}"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (name, param) in params {
                let here = format!("paths.request.security[{i}].{location}.{name}");
                if param.get("type").and_then(Value::as_str) != Some("apiKey") {
                    return Err(DocsPageError::Unsupported {
                        location: here,
                        what: format!(
                            "a security scheme of type {}",
                            param.get("type").unwrap_or(&Value::Null)
                        ),
                    });
                }
                let mut scheme = json!({"type": "apiKey", "in": location, "name": name});
                if let Some(description) = param.get("description") {
                    scheme["description"] = description.clone();
                }
                if schemes
                    .get(name)
                    .is_some_and(|existing| *existing != scheme)
                {
                    return Err(DocsPageError::ConflictingSchema {
                        name: name.clone(),
                        location: here,
                    });
                }
                schemes.insert(name.clone(), scheme);
                requirement.insert(name.clone(), json!([]));
            }
        }
        if !requirement.is_empty() {
            requirements.push(Value::Object(requirement));
        }
    }
    Ok((schemes, requirements))
}

/// The importer does not guess how the docs site renders parameters: it has seen none yet.
fn reject_parameters(request: &Value) -> Result<(), DocsPageError> {
    let Some(parameters) = request.get("parameters").and_then(Value::as_object) else {
        return Ok(());
    };
    match parameters.iter().find(|(_, params)| !is_empty(params)) {
        None => Ok(()),
        Some((location, _)) => Err(DocsPageError::Unsupported {
            location: format!("paths.request.parameters.{location}"),
            what: "an operation with parameters".into(),
        }),
    }
}

fn required_str<'a>(
    operation: &'a Map<String, Value>,
    field: &'static str,
    expected: &'static str,
) -> Result<&'a str, DocsPageError> {
    match operation.get(field) {
        None | Some(Value::Null) => Err(DocsPageError::MissingOperationField { field }),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(invalid(field, &other.to_string(), expected)),
    }
}

fn invalid(field: &'static str, found: &str, expected: &'static str) -> DocsPageError {
    DocsPageError::InvalidOperationField {
        field,
        found: format!("{found:?}"),
        expected,
    }
}

fn not_rendering(why: &str) -> DocsPageError {
    DocsPageError::NotDocsRendering(why.to_owned())
}

#[cfg(test)]
mod tests;
