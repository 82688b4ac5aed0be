//! Running cargo from the maintainers' tools: the cargo that runs them, or `cargo` on the PATH.

use std::process::Command;

use anyhow::{Context as _, bail};

/// A `cargo` command, to be given its arguments.
pub(crate) fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` (cargo or another tool) to its end; an error if it fails.
pub(crate) fn run(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}
