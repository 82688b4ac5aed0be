//! End to end on Mesh's real published documents: each one imports with the overlay,
//! regenerates, and the generated crate builds with `cargo build`, exactly as after a
//! `spec update`.

use crate::pipeline::Coverage;
use std::path::Path;
use std::time::Instant;

use super::scratch::{self, files_under, write_if_changed};
use crate::overlay::Overlay;
use crate::pipeline::{import, vendored_text};
use crate::workspace::{self, REAL_DOCUMENTS, real_document};

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
    let member_names: Vec<&str> = members.iter().map(String::as_str).collect();
    let scratch = scratch::workspace_with("real-documents", &member_names);
    let overlay = std::fs::read_to_string(repo.join(workspace::OVERLAY)).unwrap();
    let overlay = Overlay::parse(&overlay).unwrap();
    for (document, member) in REAL_DOCUMENTS.iter().zip(&members) {
        let text = std::fs::read_to_string(real_document(document)).unwrap();
        let started = Instant::now();
        let imported = import(&text, Some(&overlay), Coverage::Described)
            .unwrap_or_else(|e| panic!("{document}: {e:#}"));
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
    let output = scratch::cargo(&scratch, &["build", "--offline", "--workspace"]);
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
