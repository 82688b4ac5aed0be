//! A service's test build adds `mesh-mock` to a production build of `mesh-link`: the features
//! `mesh-mock` turns on in crates `mesh-link` already built decide what `cargo test` rebuilds.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Features `mesh-mock` may add to `mesh-link`'s crates: what a tokio service whose own HTTP
/// server runs on hyper (axum, warp) already has (mesh-mock's README, "Build cost").
const ALREADY_IN_A_SERVICE: [(&str, &str); 4] = [
    ("hyper", "server"),
    ("tokio", "macros"),
    ("tokio", "tokio-macros"),
    ("syn", "full"),
];

/// `cargo tree`'s packages with the features they are built with, without dev-dependencies.
fn features_built(packages: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.args([
        "tree",
        "--locked",
        "--offline",
        "-e",
        "no-dev",
        "--prefix",
        "none",
    ]);
    command.args(["--format", "{p} [{f}]", "--no-default-features"]);
    command.args(["--features", "mesh-link/default"]);
    for package in packages {
        command.args(["-p", package]);
    }
    let output = command.output().expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("cargo tree writes UTF-8")
        .lines()
        .filter_map(|line| {
            let (package, features) = line.trim_end_matches(" (*)").split_once(" [")?;
            let features = features.trim_end_matches(']').split(',');
            Some((
                package.to_owned(),
                features
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ))
        })
        .collect()
}

#[test]
fn mesh_mock_in_dev_dependencies_rebuilds_none_of_mesh_links_crates() {
    let production = features_built(&["mesh-link"]);
    let with_the_emulator = features_built(&["mesh-link", "mesh-mock"]);
    assert!(production.len() > 50, "{production:?}");
    let mut added = Vec::new();
    for (package, features) in &production {
        let name = package.split(' ').next().unwrap_or_default();
        for feature in with_the_emulator[package].difference(features) {
            if !ALREADY_IN_A_SERVICE.contains(&(name, feature.as_str())) {
                added.push(format!("{package}: {feature}"));
            }
        }
    }
    assert!(
        added.is_empty(),
        "mesh-mock turns on features of crates mesh-link builds, so a service's `cargo test` \
         rebuilds them and all that depends on them; turn them on in mesh-link's Cargo.toml: {added:#?}"
    );
}
