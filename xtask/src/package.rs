//! `cargo xtask package`: package every published crate as crates.io would receive it, then run
//! each package's own tests from the unpacked `.crate`, so a test that reads a file the package
//! does not ship fails here rather than for a user.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

use crate::cargo::{cargo, run};

/// The crates this workspace publishes.
pub(crate) const PUBLISHED: [&str; 3] = ["mesh-link-api", "mesh-mock", "mesh-link"];

pub(crate) fn package(root: &Path) -> anyhow::Result<ExitCode> {
    let target = crate::workspace::target_dir(root);
    // Not cargo's verification: it unpacks siblings into `$CARGO_HOME/registry/src` and reuses
    // an earlier unpacking of the same version, so a warm CI machine built stale sources.
    let mut args = vec![
        "package".to_owned(),
        "--locked".to_owned(),
        "--no-verify".to_owned(),
    ];
    for name in PUBLISHED {
        args.extend(["-p".to_owned(), name.to_owned()]);
    }
    run(cargo().args(&args).current_dir(root))?;

    // Unpacked outside the workspace: cargo would otherwise take them for stray members.
    let unpacked = std::env::temp_dir().join(format!("mesh-link-packages-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&unpacked);
    std::fs::create_dir_all(&unpacked)?;
    let mut dirs = Vec::new();
    for name in PUBLISHED {
        let archive = find_archive(&target.join("package"), name)?;
        run(Command::new("tar")
            .arg("-xzf")
            .arg(&archive)
            .arg("-C")
            .arg(&unpacked))?;
        let stem = archive
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".crate"))
            .context("a .crate archive")?
            .to_owned();
        dirs.push((name, unpacked.join(stem)));
    }
    // Each package builds alone, as crates.io's users will, finding its siblings as they were
    // packaged, not on crates.io.
    let patches: Vec<String> = dirs
        .iter()
        .map(|(name, dir)| format!("patch.crates-io.{name}.path=\"{}\"", dir.display()))
        .collect();
    for (name, dir) in &dirs {
        println!("==> the packaged tests of {name}");
        let mut test = cargo();
        test.arg("test").arg("--offline");
        for patch in &patches {
            test.arg("--config").arg(patch);
        }
        // The workspace's target directory: most dependencies are built there already.
        test.current_dir(dir).env("CARGO_TARGET_DIR", &target);
        run(&mut test).with_context(|| format!("the packaged tests of {name} failed"))?;
    }
    std::fs::remove_dir_all(&unpacked)?;
    println!(
        "packaged and tested from their packages: {}",
        PUBLISHED.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// The newest `<name>-<version>.crate` cargo wrote.
fn find_archive(dir: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(name)?.strip_prefix('-'))
                .is_some_and(|rest| {
                    rest.ends_with(".crate") && rest.starts_with(|c: char| c.is_ascii_digit())
                })
        })
        .collect();
    found.sort_by_key(|path| std::fs::metadata(path).and_then(|m| m.modified()).ok());
    match found.pop() {
        Some(path) => Ok(path),
        None => bail!(
            "cargo package wrote no archive of {name} in {}",
            dir.display()
        ),
    }
}
