//! End to end on Mesh's real published documents: each one imports, regenerates, and the
//! generated crate builds with `cargo build`, exactly as after a `spec update`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::pipeline::{import, vendored_text};
use crate::workspace::{self, REAL_DOCUMENTS, real_document};

/// A scratch workspace with one copy of the generated crate per real document; the root
/// manifest and lock file are the project's, so the same dependency versions build.
fn scratch_workspace(repo: &Path, members: &[String]) -> PathBuf {
    let scratch = target_dir(repo).join("real-documents");
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let members_line = manifest
        .lines()
        .find(|line| line.starts_with("members = "))
        .expect("the workspace manifest lists its members");
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let manifest = manifest.replace(members_line, &format!("members = [{}]", quoted.join(", ")));
    std::fs::create_dir_all(&scratch).unwrap();
    write_if_changed(&scratch.join("Cargo.toml"), &manifest);
    std::fs::copy(repo.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    scratch
}

fn target_dir(repo: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo.join("target"), PathBuf::from)
}

/// Leaves unchanged files alone, so that cargo's fingerprints stay fresh between runs.
fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        for entry in std::fs::read_dir(dir.join(&relative)).unwrap() {
            let entry = entry.unwrap();
            let path = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn every_real_document_imports_regenerates_and_builds() {
    let repo = workspace::root();
    let crate_dir = Path::new(workspace::GENERATED_CLIENT)
        .ancestors()
        .nth(2)
        .expect("the generated file sits in <crate>/src/");
    let crate_name = format!("{}-from-", crate_dir.file_name().unwrap().to_string_lossy());
    let members: Vec<String> = REAL_DOCUMENTS
        .iter()
        .map(|name| name.trim_end_matches(".json").to_owned())
        .collect();
    let scratch = scratch_workspace(&repo, &members);
    for (document, member) in REAL_DOCUMENTS.iter().zip(&members) {
        let text = std::fs::read_to_string(real_document(document)).unwrap();
        let started = Instant::now();
        let imported = import(&text).unwrap_or_else(|e| panic!("{document}: {e:#}"));
        let imported_in = started.elapsed();
        let started = Instant::now();
        let generated = crate::codegen::generate(&vendored_text(&imported.document))
            .unwrap_or_else(|e| panic!("{document}: {e}"));
        let generated_in = started.elapsed();
        eprintln!("{document}: import {imported_in:.1?}, codegen {generated_in:.1?}");
        let member_dir = scratch.join(member);
        // The crate's hand-written files as they are, under another package name.
        let package = crate_dir.file_name().unwrap().to_string_lossy();
        for file in files_under(&repo.join(crate_dir)) {
            let original = std::fs::read_to_string(repo.join(crate_dir).join(&file)).unwrap();
            let text = if file == Path::new("Cargo.toml") {
                original.replacen(
                    &format!("name = \"{package}\""),
                    &format!("name = \"{crate_name}{member}\""),
                    1,
                )
            } else {
                original
            };
            write_if_changed(&member_dir.join(file), &text);
        }
        for (path, text) in &generated.files {
            let inside = Path::new(path).strip_prefix(crate_dir).unwrap();
            write_if_changed(&member_dir.join(inside), text);
        }
    }
    let started = Instant::now();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--workspace", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        // The project's own target directory: the dependencies are mostly built already.
        .env("CARGO_TARGET_DIR", target_dir(&repo))
        .output()
        .unwrap();
    eprintln!(
        "cargo build of both generated crates: {:.1?}",
        started.elapsed()
    );
    assert!(
        output.status.success(),
        "the generated crates do not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
