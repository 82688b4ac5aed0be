//! `cargo xtask perf`: builds the benchmark report in release and runs it, then times the
//! maintainers' loop (codegen, incremental and clean builds of mesh-link).
//!
//! The report lives in `crates/mesh-link-bench`; xtask only runs it, since xtask must build
//! without the crates it generates.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use crate::{codegen, workspace};

const CODEGEN_RUNS: usize = 11;

pub(crate) fn report(root: &Path, clean_build: bool) -> anyhow::Result<ExitCode> {
    cargo(
        root,
        &[
            "build",
            "--release",
            "-p",
            "mesh-link-bench",
            "--bin",
            "perf-report",
            "-p",
            "mesh-link",
            "--example",
            "quickstart",
        ],
    )?;
    let target = workspace::target_dir(root);
    let report = target.join("release/perf-report");
    let quickstart = target.join("release/examples/quickstart");
    crate::cargo::run(Command::new(&report).arg(&quickstart).current_dir(root))?;
    let codegen = codegen_time(root)?;
    let incremental = incremental_build_time(root)?;
    println!("### The maintainers' loop\n");
    println!("| what | time |");
    println!("| --- | ---: |");
    println!(
        "| `cargo xtask codegen`, once built (median of {CODEGEN_RUNS}, in process) | {:.0} ms |",
        codegen.as_secs_f64() * 1e3
    );
    println!(
        "| incremental build of mesh-link after touching `src/lib.rs` (`cargo build -p mesh-link`) | {:.1} s |",
        incremental.as_secs_f64()
    );
    if clean_build {
        println!(
            "| clean build of mesh-link and its dependencies (`cargo build -p mesh-link`, empty target dir) | {:.0} s |",
            clean_build_time(root)?.as_secs_f64()
        );
    } else {
        println!("| clean build of mesh-link | run `cargo xtask perf --clean-build` |");
    }
    println!();
    Ok(ExitCode::SUCCESS)
}

fn cargo(root: &Path, args: &[&str]) -> anyhow::Result<()> {
    cargo_in(root, args, None)
}

/// Runs cargo in `root`, with another target directory if given.
fn cargo_in(root: &Path, args: &[&str], target_dir: Option<&Path>) -> anyhow::Result<()> {
    let mut command = crate::cargo::cargo();
    command.args(args).current_dir(root);
    if let Some(dir) = target_dir {
        command.env("CARGO_TARGET_DIR", dir);
    }
    crate::cargo::run(&mut command)
}

fn codegen_time(root: &Path) -> anyhow::Result<Duration> {
    let spec = std::fs::read_to_string(root.join(workspace::SPEC))?;
    let mut times = Vec::with_capacity(CODEGEN_RUNS);
    for _ in 0..CODEGEN_RUNS {
        let started = Instant::now();
        codegen::generate(&spec)?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[CODEGEN_RUNS / 2])
}

fn incremental_build_time(root: &Path) -> anyhow::Result<Duration> {
    cargo(root, &["build", "--quiet", "-p", "mesh-link"])?;
    let lib = root.join("crates/mesh-link/src/lib.rs");
    std::fs::File::options()
        .append(true)
        .open(&lib)?
        .set_modified(SystemTime::now())?;
    let started = Instant::now();
    cargo(root, &["build", "--quiet", "-p", "mesh-link"])?;
    Ok(started.elapsed())
}

fn clean_build_time(root: &Path) -> anyhow::Result<Duration> {
    let scratch =
        std::env::temp_dir().join(format!("mesh-link-clean-build-{}", std::process::id()));
    let started = Instant::now();
    let built = cargo_in(
        root,
        &["build", "--quiet", "-p", "mesh-link"],
        Some(&scratch),
    );
    let elapsed = started.elapsed();
    let _ = std::fs::remove_dir_all(&scratch);
    built.map(|()| elapsed)
}
