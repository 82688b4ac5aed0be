//! `cargo xtask perf`: builds the benchmark report in release and runs it, then times the
//! maintainers' loop (import, codegen, the builds after each, a clean build of mesh-link).
//!
//! The report lives in `crates/mesh-link-bench`; xtask only runs it, since xtask must build
//! without the crates it generates.

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use crate::overlay::Overlay;
use crate::pipeline::{Coverage, import, vendored_text};
use crate::{codegen, commands, workspace};

/// In-process runs of the import and of codegen; the median is reported.
const RUNS: usize = 11;

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
    let import = import_time(root)?;
    let codegen = codegen_time(root)?;
    let regenerated = build_time_after_touching(root, workspace::GENERATED_CLIENT)?;
    let incremental = build_time_after_touching(root, "crates/mesh-link/src/lib.rs")?;
    println!("### The maintainers' loop\n");
    println!("| what | time |");
    println!("| --- | ---: |");
    println!(
        "| `cargo xtask spec import` of Mesh's full document with the overlay, once built (median of {RUNS}, in process) | {:.0} ms |",
        import.as_secs_f64() * 1e3
    );
    println!(
        "| `cargo xtask codegen`, once built (median of {RUNS}, in process) | {:.0} ms |",
        codegen.as_secs_f64() * 1e3
    );
    println!(
        "| build after a regeneration (touching `{}`; `cargo build -p mesh-link`) | {:.1} s |",
        workspace::GENERATED_CLIENT,
        regenerated.as_secs_f64()
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

/// The median time of `RUNS` runs of `job`.
fn median(mut job: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<Duration> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        job()?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[RUNS / 2])
}

/// Reading the vendored upstream file into the vendored text, as `spec import --check` does.
fn import_time(root: &Path) -> anyhow::Result<Duration> {
    let (upstream, with_overlay) = commands::last_imported(root)?;
    let text = std::fs::read_to_string(upstream)?;
    let overlay = if with_overlay {
        let text = std::fs::read_to_string(root.join(workspace::OVERLAY))?;
        Some(Overlay::parse(&text)?)
    } else {
        None
    };
    median(|| {
        vendored_text(&import(&text, overlay.as_ref(), Coverage::Every)?.document);
        Ok(())
    })
}

fn codegen_time(root: &Path) -> anyhow::Result<Duration> {
    let spec = std::fs::read_to_string(root.join(workspace::SPEC))?;
    median(|| {
        codegen::generate(&spec)?;
        Ok(())
    })
}

/// `cargo build -p mesh-link` after `file`'s modification time moves, as an edit would.
fn build_time_after_touching(root: &Path, file: &str) -> anyhow::Result<Duration> {
    cargo(root, &["build", "--quiet", "-p", "mesh-link"])?;
    std::fs::File::options()
        .append(true)
        .open(root.join(file))?
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
