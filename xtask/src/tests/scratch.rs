//! Scratch workspaces for tests that build generated code with cargo: the project's manifest
//! and lock file with other members, in the project's target directory so that dependencies
//! already built are reused.

use std::path::{Path, PathBuf};

use crate::{files, workspace};

/// A scratch workspace under the target directory, named `name`, with `members`.
pub(crate) fn workspace_with(name: &str, members: &[&str]) -> PathBuf {
    let repo = workspace::root();
    let scratch = workspace::target_dir(&repo).join(name);
    let manifest = std::fs::read_to_string(repo.join("Cargo.toml")).unwrap();
    let members_line = manifest
        .lines()
        .find(|line| line.starts_with("members = "))
        .expect("the workspace manifest lists its members");
    let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    let manifest = manifest.replace(members_line, &format!("members = [{}]", quoted.join(", ")));
    write_if_changed(&scratch.join("Cargo.toml"), &manifest);
    std::fs::copy(repo.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    scratch
}

/// [`files::write_if_changed`] in a test: a failure to write fails the test.
pub(crate) fn write_if_changed(path: &Path, text: &str) {
    files::write_if_changed(path, text).unwrap();
}

/// Every file under `dir`, relative to it.
pub(crate) fn files_under(dir: &Path) -> Vec<PathBuf> {
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

/// Makes `to` a copy of `from`: every file copied, and a file `from` no longer has removed
/// (a module moved into a folder would otherwise be found twice).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    let copied = files_under(from);
    for file in &copied {
        write_if_changed(
            &to.join(file),
            &std::fs::read_to_string(from.join(file)).unwrap(),
        );
    }
    for file in files_under(to) {
        if !copied.contains(&file) {
            std::fs::remove_file(to.join(file)).unwrap();
        }
    }
}

/// `cargo <args>` on the scratch workspace, in the project's target directory.
pub(crate) fn cargo(scratch: &Path, args: &[&str]) -> std::process::Output {
    crate::cargo::cargo()
        .args(args)
        .arg("--manifest-path")
        .arg(scratch.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            workspace::target_dir(&workspace::root()),
        )
        .output()
        .unwrap()
}
