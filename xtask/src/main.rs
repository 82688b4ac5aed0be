//! The maintainers' tools: `cargo xtask spec import` and `cargo xtask codegen`.

#![forbid(unsafe_code)]

mod adapt;
mod codegen;
mod covered;
mod diff;
mod import;
mod markdown;
mod rendering;
mod workspace;
mod yaml;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Maintainers' tools for mesh-link")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work on the vendored API description in openapi/.
    Spec {
        #[command(subcommand)]
        command: SpecCommand,
    },
    /// Regenerate crates/mesh-api from openapi/mesh-linktoken.yaml.
    Codegen {
        /// Regenerate in memory and fail if the committed files differ.
        #[arg(long)]
        check: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SpecCommand {
    /// Import a docs-site reference page into openapi/mesh-linktoken.yaml (and vendor the page).
    Import {
        /// The page as Mesh's docs site publishes it (markdown with a fenced YAML block).
        page: PathBuf,
        /// Import in memory and fail if the committed document differs.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = workspace::root();
    match cli.command {
        Command::Spec {
            command: SpecCommand::Import { page, check },
        } => spec_import(&root, &page, check),
        Command::Codegen { check } => codegen(&root, check),
    }
}

/// The vendored document's text: a header, then the canonical YAML.
pub(crate) fn spec_text(document: &serde_json::Value) -> String {
    format!(
        "# Imported by `cargo xtask spec import` from Mesh's published API description.\n\
         # Do not edit by hand: openapi/README.md says where it comes from and how to update it.\n{}",
        yaml::to_canonical_string(document)
    )
}

fn spec_import(root: &Path, page_path: &Path, check: bool) -> anyhow::Result<ExitCode> {
    let page = std::fs::read_to_string(page_path)
        .with_context(|| format!("cannot read {}", page_path.display()))?;
    let imported = import::import_docs_page(&page)
        .with_context(|| format!("cannot import {}", page_path.display()))?;
    let text = spec_text(&imported.document);
    let vendored_page = Path::new(workspace::UPSTREAM_DIR).join(vendored_page_name(
        imported.source_url.as_deref(),
        page_path,
    ));
    let outputs = [
        (workspace::SPEC.to_owned(), text),
        (vendored_page.to_string_lossy().into_owned(), page),
    ];
    if check {
        return check_files(root, &outputs, "cargo xtask spec import <PAGE>");
    }
    write_files(root, &outputs)?;
    let source = imported
        .source_url
        .as_deref()
        .unwrap_or("(the page names no source)");
    println!("imported {} from {source}", workspace::SPEC);
    println!("next: `cargo xtask codegen` to regenerate crates/mesh-api");
    Ok(ExitCode::SUCCESS)
}

/// The vendored copy is named after the page's URL, so re-importing a page replaces its copy.
fn vendored_page_name(source_url: Option<&str>, page_path: &Path) -> String {
    source_url
        .and_then(|url| url.rsplit('/').next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .or_else(|| {
            page_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "page.md".to_owned())
}

fn codegen(root: &Path, check: bool) -> anyhow::Result<ExitCode> {
    let spec_path = root.join(workspace::SPEC);
    let spec = std::fs::read_to_string(&spec_path)
        .with_context(|| format!("cannot read {}", spec_path.display()))?;
    let generated = codegen::generate(&spec)?;
    // The generated header lists the adaptations too; under --check they would only be noise.
    if !check {
        for line in &generated.log {
            eprintln!("adapt: {line}");
        }
    }
    let outputs: Vec<(String, String)> = generated
        .files
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text))
        .collect();
    if check {
        return check_files(root, &outputs, "cargo xtask codegen");
    }
    write_files(root, &outputs)?;
    for (path, _) in &outputs {
        println!("wrote {path}");
    }
    Ok(ExitCode::SUCCESS)
}

fn write_files(root: &Path, outputs: &[(String, String)]) -> anyhow::Result<()> {
    for (path, text) in outputs {
        let path = root.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    Ok(())
}

fn check_files(root: &Path, outputs: &[(String, String)], fix: &str) -> anyhow::Result<ExitCode> {
    let mut stale = Vec::new();
    for (path, fresh) in outputs {
        let committed = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        if let Some(diff) = diff::unified(path, &committed, fresh) {
            println!("{diff}\n");
            stale.push(path.as_str());
        }
    }
    if stale.is_empty() {
        println!(
            "up to date: {}",
            outputs
                .iter()
                .map(|(p, _)| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "error: out of date: {}\nrun `{fix}` and commit the result",
        stale.join(", ")
    );
    Ok(ExitCode::FAILURE)
}
