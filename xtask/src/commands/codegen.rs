//! `cargo xtask codegen [--check]`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::files::{self, Output};
use crate::{codegen, workspace};

pub(crate) fn codegen(root: &Path, check: bool) -> anyhow::Result<ExitCode> {
    let spec_path = root.join(workspace::SPEC);
    let spec = std::fs::read_to_string(&spec_path)
        .with_context(|| format!("cannot read {}", spec_path.display()))?;
    let generated = codegen::generate(&spec)?;
    let outputs: Vec<Output> = generated
        .files
        .into_iter()
        .map(|(path, text)| (path.to_owned(), text))
        .collect();
    if check {
        return Ok(files::check(root, &outputs, "cargo xtask codegen"));
    }
    // The generated header lists the adaptations too; under --check they would only be noise.
    for line in &generated.log {
        eprintln!("adapt: {line}");
    }
    files::write(root, &outputs)?;
    for (path, _) in &outputs {
        println!("wrote {path}");
    }
    Ok(ExitCode::SUCCESS)
}
