//! The codegen stage: the vendored spec in, `crates/mesh-link-api`'s generated files out, after the
//! adaptations progenitor needs.

mod adapt;
mod exact_numbers;
mod finish;

use std::panic::{AssertUnwindSafe, catch_unwind};

use progenitor::{GenerationSettings, Generator, InterfaceStyle, TagStyle};
use serde_json::Value;

use crate::covered::COVERED_OPERATIONS;
use crate::openapi::{unsupported_version, yaml};
use crate::workspace::{EMBEDDED_SPEC, GENERATED_CLIENT, SPEC};
use adapt::AdaptError;

/// Why code could not be generated.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CodegenError {
    #[error("{SPEC} does not parse as YAML")]
    Yaml(#[from] serde_yaml_ng::Error),
    #[error("{SPEC} is {found}; codegen takes OpenAPI 3.0.x, the only version progenitor reads")]
    UnsupportedVersion { found: String },
    #[error("cannot adapt {SPEC} for progenitor")]
    Adapt(#[from] AdaptError),
    #[error("{SPEC} is not a valid OpenAPI 3.0 document")]
    NotOpenApi(#[from] serde_json::Error),
    #[error("progenitor rejected {SPEC}: {0}")]
    Rejected(String),
    #[error("progenitor panicked on {operation}: {message}")]
    Panicked { operation: String, message: String },
    #[error(
        "a number in {SPEC} came out of progenitor as `f64`: only `type: number, format: double` \
         becomes an `ExactNumber` (xtask/src/codegen/exact_numbers.rs)"
    )]
    DoubleLeft,
    #[error("progenitor's output does not parse as Rust")]
    Unparsable(#[from] syn::Error),
    #[error(
        "progenitor produced no client method for {missing}; it skips operations it cannot read, \
         so check their path and method in {SPEC}"
    )]
    MissingOperations { missing: String },
}

/// The files codegen writes, and what the adaptations changed on the way.
#[derive(Debug)]
pub(crate) struct Generated {
    /// (path relative to the workspace root, contents), in the order they are written.
    pub(crate) files: Vec<(&'static str, String)>,
    /// One line per adaptation applied.
    pub(crate) log: Vec<String>,
}

/// Generates `crates/mesh-link-api`'s files from the text of the vendored spec.
pub(crate) fn generate(spec_text: &str) -> Result<Generated, CodegenError> {
    let mut document = yaml::parse(spec_text)?;
    check_version(&document)?;
    let embedded = format!("{}\n", serde_json::to_string_pretty(&document)?);
    let log = adapt::adapt(&mut document)?;
    let tokens = run_progenitor(&document)?;
    if exact_numbers::has_double(&tokens) {
        return Err(CodegenError::DoubleLeft);
    }
    let mut file: syn::File = syn::parse2(tokens)?;
    check_covered_operations(&file)?;
    let settings = finish::finish(&mut file);
    let client = format!(
        "{}{}",
        header(&log, &settings),
        prettyplease::unparse(&file)
    );
    Ok(Generated {
        files: vec![(GENERATED_CLIENT, client), (EMBEDDED_SPEC, embedded)],
        log,
    })
}

fn check_version(document: &Value) -> Result<(), CodegenError> {
    match unsupported_version(document) {
        None => Ok(()),
        Some(found) => Err(CodegenError::UnsupportedVersion { found }),
    }
}

fn settings(document: &Value) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq");
    exact_numbers::convert_doubles(&mut settings, document);
    settings
}

fn run_progenitor(document: &Value) -> Result<proc_macro2::TokenStream, CodegenError> {
    let spec: openapiv3::OpenAPI = serde_json::from_value(document.clone())?;
    match catch_quietly(|| Generator::new(&settings(document)).generate_tokens(&spec)) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(CodegenError::Rejected(error.to_string())),
        Err(message) => Err(CodegenError::Panicked {
            operation: operation_that_panics(document),
            message,
        }),
    }
}

/// progenitor's panics do not say where they happened: generate each operation alone to find out.
fn operation_that_panics(document: &Value) -> String {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return "the document (it has no paths)".to_owned();
    };
    for (path, item) in paths {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let mut alone = document.clone();
            alone["paths"] = serde_json::json!({ path: { method: operation } });
            let Ok(spec) = serde_json::from_value::<openapiv3::OpenAPI>(alone) else {
                continue;
            };
            if catch_quietly(|| Generator::new(&settings(document)).generate_tokens(&spec)).is_err()
            {
                let id = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("(no operationId)");
                return format!("operation `{id}` ({} {path})", method.to_uppercase());
            }
        }
    }
    "the document as a whole (no single operation panics on its own)".to_owned()
}

/// Runs `f`, turning a panic into its message without printing it.
fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous_hook);
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "(no message)".to_owned())
    })
}

fn check_covered_operations(file: &syn::File) -> Result<(), CodegenError> {
    let methods = client_methods(file);
    let missing: Vec<String> = COVERED_OPERATIONS
        .iter()
        .filter(|op| !methods.iter().any(|m| m == op.operation_id))
        .map(|op| format!("`{}` ({op})", op.operation_id))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(CodegenError::MissingOperations {
            missing: missing.join(", "),
        })
    }
}

/// Names of the methods in the generated `impl Client` blocks.
fn client_methods(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .filter(|block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")))
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

fn header(log: &[String], settings: &[String]) -> String {
    let mut header = format!(
        "// @generated by `cargo xtask codegen` from {SPEC} with progenitor.\n\
         // Do not edit: change the spec or the settings in xtask/src/codegen/, then regenerate.\n"
    );
    for (title, lines) in [
        (
            "Adaptations made in memory before generating (xtask/src/codegen/adapt/):",
            log,
        ),
        (
            "Settings applied to progenitor's output (xtask/src/codegen/finish.rs):",
            settings,
        ),
    ] {
        if lines.is_empty() {
            continue;
        }
        header.push_str(&format!("//\n// {title}\n"));
        for line in lines {
            header.push_str(&format!("// - {line}\n"));
        }
    }
    header.push('\n');
    header
}

#[cfg(test)]
mod tests;
