//! The READMEs quote mesh-link's defaults in words; each sentence that does is held to the value
//! in `mesh_link::defaults`, so changing a default without its docs fails here.

use std::time::Duration;

use mesh_link::defaults;
use mesh_link_tests::workspace_root;

/// `10 s`, `200 ms`: how the READMEs write a duration.
fn duration(value: Duration) -> String {
    if value.subsec_millis() == 0 {
        format!("{} s", value.as_secs())
    } else {
        format!("{} ms", value.as_millis())
    }
}

/// `a day`, `5 minutes`: how the READMEs write the catalogs' longer durations.
fn spelled(value: Duration) -> String {
    let seconds = value.as_secs();
    match (seconds / 86_400, seconds / 60) {
        (1, _) if seconds.is_multiple_of(86_400) => "a day".to_owned(),
        (days, _) if days > 1 && seconds.is_multiple_of(86_400) => format!("{days} days"),
        (_, minutes) if seconds.is_multiple_of(60) => format!("{minutes} minutes"),
        _ => duration(value),
    }
}

fn times(count: u32) -> String {
    match count {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// The README at `path`, with every run of whitespace one space: sentences wrap anywhere.
fn readme(path: &str) -> String {
    let text = std::fs::read_to_string(workspace_root().join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_quotes(path: &str, sentences: &[String]) {
    let text = readme(path);
    let missing: Vec<&String> = sentences
        .iter()
        .filter(|s| !text.contains(s.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{path} no longer says what mesh_link::defaults holds; expected:\n{}",
        missing
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_crate_readme_quotes_every_default_as_it_is() {
    assert_quotes(
        "crates/mesh-link/README.md",
        &[
            format!("retried {} by default", times(defaults::MAX_RETRIES)),
            format!(
                "({} doubling, at most {})",
                duration(defaults::INITIAL_BACKOFF),
                duration(defaults::MAX_BACKOFF)
            ),
            format!("is honoured up to {}", duration(defaults::MAX_RETRY_AFTER)),
            format!(
                "Each attempt may take {}, the whole call {}, whatever it does",
                duration(defaults::TIMEOUT),
                duration(defaults::DEADLINE)
            ),
            format!(
                "Answers are read up to {} KiB, catalogs up to {} MiB;",
                defaults::MAX_RESPONSE_BYTES / 1024,
                defaults::MAX_CATALOG_BYTES / (1024 * 1024)
            ),
            format!(
                "the next fetch starts {} after it",
                duration(defaults::CATALOG_PAUSE_AFTER_FAILURE)
            ),
            format!(
                "more than `catalog::MAX_ENTRIES` values ({};",
                mesh_link::catalog::MAX_ENTRIES
            ),
            format!(
                "({} by default, then refreshed;",
                spelled(defaults::CATALOG_TTL)
            ),
            format!(
                "if its copy is older than {}.",
                spelled(defaults::CATALOG_REFETCH_ON_MISS_AFTER)
            ),
            format!(
                "a pause of {} after the first poll, doubling up to {} and never under {}",
                duration(defaults::TRANSFER_FIRST_POLL),
                duration(defaults::TRANSFER_MAX_POLL),
                duration(defaults::TRANSFER_MIN_POLL)
            ),
            format!(
                "more than `max_age` ({}, `defaults::WEBHOOK_MAX_AGE`)",
                spelled(defaults::WEBHOOK_MAX_AGE)
            ),
        ],
    );
}

#[test]
fn the_emulator_readme_quotes_its_webhook_defaults_as_they_are() {
    assert_quotes(
        "crates/mesh-mock/README.md",
        &[format!(
            "or none within {}, is retried ({} attempts in all, {} ms before the first retry, doubling;",
            duration(mesh_mock::DEFAULT_WEBHOOK_TIMEOUT),
            mesh_mock::DEFAULT_WEBHOOK_ATTEMPTS,
            mesh_mock::DEFAULT_WEBHOOK_FIRST_RETRY.as_millis()
        )],
    );
}

#[test]
fn the_workspace_readme_quotes_every_default_as_it_is() {
    assert_quotes(
        "README.md",
        &[
            format!("a timeout ({} by default", duration(defaults::TIMEOUT)),
            format!("a deadline ({},", duration(defaults::DEADLINE)),
            format!("Retried, {} by default", times(defaults::MAX_RETRIES)),
            format!(
                "Backoff starts at {}, doubles up to {},",
                duration(defaults::INITIAL_BACKOFF),
                duration(defaults::MAX_BACKOFF)
            ),
            format!("is honoured up to {}", duration(defaults::MAX_RETRY_AFTER)),
            format!(
                "Answers are read up to {} KiB",
                defaults::MAX_RESPONSE_BYTES / 1024
            ),
            format!(
                "only when sent within {} of the receiver's clock",
                spelled(defaults::WEBHOOK_MAX_AGE)
            ),
        ],
    );
}
