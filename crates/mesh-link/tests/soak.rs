//! Faults under load: many tasks share one client, calling every operation (link tokens mostly,
//! catalog lookups in between, with a catalog kept only briefly so that they fetch), while the
//! mock answers slowly, drops connections, hangs and rate-limits. Every call ends (an answer or
//! a typed, retryable error) within its deadline, retries stay within their bound, and memory
//! stays flat across rounds.

mod common;

use std::time::{Duration, Instant};

use common::Operation;
use mesh_link::{LinkTokenRequest, MeshClient, RetryPolicy};
use mesh_mock::{Fault, MeshMock};

const ROUNDS: usize = 5;
const TASKS: usize = 64;
const CALLS_PER_TASK: usize = 10;
const TIMEOUT: Duration = Duration::from_millis(800);
const DEADLINE: Duration = Duration::from_secs(3);
/// Short, so that catalog lookups keep fetching through the faults.
const CATALOG_TTL: Duration = Duration::from_millis(50);
/// Room for scheduling on a shared, noisy machine; the bound checked is the deadline.
const SLACK: Duration = Duration::from_secs(2);

/// The faults queued each round, spread among the round's calls.
fn round_faults() -> Vec<Fault> {
    let mut faults = Vec::new();
    for i in 0..100 {
        faults.push(match i % 10 {
            0..=2 => Fault::Delay(Duration::from_millis(150)),
            3 | 4 => Fault::DropConnection,
            5 | 6 => Fault::rate_limited("0"),
            7 => Fault::unavailable(),
            8 => Fault::envelope(500, "serverFailure", "try again"),
            _ if i % 20 == 9 => Fault::Hang,
            _ => Fault::TruncatedBody,
        });
    }
    faults
}

/// Resident memory of this process, from /proc (Linux).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[derive(Default, Debug)]
struct RoundReport {
    calls: usize,
    answers: usize,
    retryable_errors: usize,
    slowest: Duration,
    requests_seen: usize,
    faults_injected: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_through_faults_all_end_in_time_within_the_retry_bound() {
    let mock = MeshMock::start().await.unwrap();
    let client = MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .timeout(TIMEOUT)
        .deadline(DEADLINE)
        .catalog_ttl(CATALOG_TTL)
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(100)),
        )
        .build()
        .unwrap();
    let mut memory = Vec::new();
    let mut totals = RoundReport::default();
    for round in 0..ROUNDS {
        mock.clear_requests();
        let faults = round_faults();
        let injected = faults.len();
        for fault in faults {
            mock.enqueue(fault);
        }
        let report = run_round(&client, round).await;
        let requests_seen = mock.requests().len();
        let faults_used = injected - mock.pending_faults();
        // Faults nobody drew this round must not spill into the next.
        while mock.pending_faults() > 0 {
            let _ = client
                .create_link_token(&LinkTokenRequest::connect("drain"))
                .await;
        }
        assert_eq!(
            report.answers + report.retryable_errors,
            report.calls,
            "round {round}: {report:?}"
        );
        assert!(
            report.slowest <= DEADLINE + SLACK,
            "round {round}: a call took {:?}",
            report.slowest
        );
        assert!(
            requests_seen <= report.calls * 3,
            "round {round}: {requests_seen} requests for {} calls (max 3 attempts each)",
            report.calls
        );
        memory.extend(resident_bytes());
        totals.calls += report.calls;
        totals.answers += report.answers;
        totals.retryable_errors += report.retryable_errors;
        totals.requests_seen += requests_seen;
        totals.faults_injected += faults_used;
        totals.slowest = totals.slowest.max(report.slowest);
    }
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    eprintln!(
        "soak: {} calls, {} answers, {} retryable errors, {} requests, {} faults injected, slowest call {:?}, RSS per round (MiB): {:?}",
        totals.calls,
        totals.answers,
        totals.retryable_errors,
        totals.requests_seen,
        totals.faults_injected,
        totals.slowest,
        memory
            .iter()
            .map(|b| format!("{:.1}", mib(*b)))
            .collect::<Vec<_>>()
    );
    // The first round warms pools and allocators; after it, memory must not keep growing.
    if let (Some(second), Some(last)) = (memory.get(1), memory.last()) {
        assert!(
            last.saturating_sub(*second) < 32 * 1024 * 1024,
            "memory grew from {:.1} to {:.1} MiB",
            mib(*second),
            mib(*last)
        );
    }
}

/// Two calls in three make link tokens; the third goes to each other operation in turn.
fn operation_of(task: usize, call: usize) -> Operation {
    let turn = task * CALLS_PER_TASK + call;
    let others: Vec<Operation> = (Operation::ALL.into_iter())
        .filter(|operation| *operation != Operation::CreateLinkToken)
        .collect();
    if turn.is_multiple_of(3) {
        others[(turn / 3) % others.len()]
    } else {
        Operation::CreateLinkToken
    }
}

async fn run_round(client: &MeshClient, round: usize) -> RoundReport {
    let tasks: Vec<_> = (0..TASKS)
        .map(|task| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut outcomes = Vec::new();
                for call in 0..CALLS_PER_TASK {
                    let started = Instant::now();
                    let outcome = match operation_of(task, call) {
                        Operation::CreateLinkToken => {
                            let user = format!("soak-{round}-{task}-{call}");
                            let request = LinkTokenRequest::connect(user);
                            client.create_link_token(&request).await.map(drop)
                        }
                        lookup => lookup.call(&client).await.map(drop),
                    };
                    outcomes.push((started.elapsed(), outcome.map_err(|e| e.is_retryable())));
                }
                outcomes
            })
        })
        .collect();
    let mut report = RoundReport::default();
    for task in tasks {
        let outcomes = tokio::time::timeout(Duration::from_secs(60), task)
            .await
            .expect("a task hung")
            .expect("a task panicked");
        for (elapsed, outcome) in outcomes {
            report.calls += 1;
            report.slowest = report.slowest.max(elapsed);
            match outcome {
                Ok(()) => report.answers += 1,
                Err(true) => report.retryable_errors += 1,
                Err(false) => panic!("a fault produced an error that is not retryable"),
            }
        }
    }
    report
}
