//! The maintainers' tools: import Mesh's API description, report what changed, regenerate
//! `crates/mesh-link-api`, and check that nothing drifted.
//!
//! Laid out as its pipeline: `sources` (full document, docs page) → `canonical` (one form) →
//! `overlay` (what Mesh documents elsewhere) → `closure` (the covered operations and what they
//! reach) → `codegen` and `diff`, over the shared `openapi` vocabulary. `pipeline` joins the
//! first four; `commands` run them.

#![forbid(unsafe_code)]

mod canonical;
mod cargo;
mod closure;
mod codegen;
mod commands;
mod covered;
mod diff;
mod files;
mod import_cycles;
mod openapi;
mod overlay;
mod package;
mod perf;
mod pipeline;
mod sources;
#[cfg(test)]
mod tests;
mod text_diff;
mod workspace;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Regenerate crates/mesh-link-api from openapi/mesh-linktoken.yaml.
    Codegen {
        /// Regenerate in memory and fail if the committed files differ.
        #[arg(long)]
        check: bool,
    },
    /// Fail if a module of any crate imports a module that imports it back.
    Cycles,
    /// Package the published crates as crates.io would receive them, and run each one's tests
    /// from its package.
    Package,
    /// Print the performance report: mesh-link against plain serde_json and raw reqwest,
    /// memory, codegen and build times.
    Perf {
        /// Also time a clean build of mesh-link in a fresh target directory (a few minutes).
        #[arg(long)]
        clean_build: bool,
    },
}

#[derive(Debug, Subcommand)]
enum SpecCommand {
    /// Import Mesh's full OpenAPI 3.0 document (JSON or YAML) with openapi/overlay.yaml into
    /// openapi/mesh-linktoken.yaml, and vendor the file under openapi/upstream/.
    Import {
        /// The file to import; with --check and no file, the one last imported.
        file: Option<PathBuf>,
        /// Import the document exactly as Mesh published it, without openapi/overlay.yaml
        /// (to look at an old version the overlay no longer fits).
        #[arg(long)]
        no_overlay: bool,
        /// Import in memory and fail if the committed files differ.
        #[arg(long)]
        check: bool,
    },
    /// Report what changed for a client between two versions of the spec.
    Diff {
        /// `NEW`: what `spec update NEW` would change (a full document with the overlay
        /// applied, or a docs page as it is, against openapi/mesh-linktoken.yaml).
        /// `OLD NEW`: the two files as given. Each a full document, a docs page or a
        /// normalized file; a docs page is compared on the operation it describes.
        #[arg(num_args = 1..=2, required = true)]
        files: Vec<PathBuf>,
        /// Print JSON instead of markdown.
        #[arg(long)]
        json: bool,
        /// Exit non-zero when a change of this class is present.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Import FILE with the overlay, regenerate the client, print the report and add it to
    /// openapi/CHANGELOG.md.
    Update {
        /// Mesh's full OpenAPI document, a newer version of the one in openapi/upstream/.
        file: PathBuf,
        /// The date for the changelog entry (YYYY-MM-DD); today (UTC) by default.
        #[arg(long)]
        date: Option<String>,
    },
    /// Print the file the vendored spec came from and where to fetch Mesh's next version
    /// (`file=`, `url=` lines).
    Upstream,
}

/// Which changes make `spec diff` fail.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOn {
    Breaking,
    Additive,
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
        Command::Codegen { check } => commands::codegen(&root, check),
        Command::Perf { clean_build } => perf::report(&root, clean_build),
        Command::Package => package::package(&root),
        Command::Cycles => import_cycles::check(&root),
        Command::Spec { command } => match command {
            SpecCommand::Import {
                file,
                no_overlay,
                check,
            } => commands::spec_import(&root, file.as_deref(), no_overlay, check),
            SpecCommand::Diff {
                files,
                json,
                fail_on,
            } => {
                let fail_on = fail_on.map(|f| match f {
                    FailOn::Breaking => diff::Class::Breaking,
                    FailOn::Additive => diff::Class::Additive,
                });
                commands::spec_diff(&root, &files, json, fail_on)
            }
            SpecCommand::Update { file, date } => commands::spec_update(&root, &file, date),
            SpecCommand::Upstream => commands::spec_upstream(&root),
        },
    }
}
