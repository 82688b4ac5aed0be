//! The catalogs under a failing, hanging or lying Mesh, over real HTTP. A failed fetch is one
//! fetch, its error shared by every caller waiting for it, and the next comes after a pause;
//! every call ends at its deadline, catalog fetches and waits included; an answer that is too
//! large, too costly to decode, or no catalog at all ends in the error it calls for, never in
//! an empty catalog kept for later.

mod common;

use std::time::{Duration, Instant};

use common::{calls_to, client_builder, connections, hung_server};
use mesh_link::catalog::{CatalogChecks, MAX_ENTRIES};
use mesh_link::{
    Destination, Error, LinkTokenRequest, MeshClient, NetworkId, RetryPolicy, integrations,
    networks,
};
use mesh_link_api::wire::{LINK_TOKEN_PATH, NETWORKS_PATH};
use mesh_mock::{Fault, MeshMock};

/// Room for scheduling on a shared, noisy machine; the bound checked is the deadline.
const SLACK: Duration = Duration::from_millis(700);

/// `callers` concurrent first calls of `networks()`: each one's time and outcome.
async fn first_callers(
    client: &MeshClient,
    callers: usize,
) -> Vec<(Duration, Result<usize, Error>)> {
    let tasks: Vec<_> = (0..callers)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let started = Instant::now();
                let outcome = client.networks().await.map(|listed| listed.len());
                (started.elapsed(), outcome)
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("a caller panicked"));
    }
    outcomes
}

#[tokio::test]
async fn a_hundred_first_callers_against_a_failing_mesh_share_one_fetch_and_its_error() {
    let mock = MeshMock::start().await.unwrap();
    for _ in 0..1000 {
        mock.enqueue(Fault::unavailable());
    }
    let client = client_builder(&mock).build().unwrap();
    for (took, outcome) in first_callers(&client, 100).await {
        let error = outcome.expect_err("Mesh answers 503");
        assert_eq!(error.http_status(), Some(503), "{error}");
        assert!(
            took < mesh_link::defaults::DEADLINE,
            "a caller took {took:?}"
        );
    }
    assert_eq!(
        calls_to(&mock, NETWORKS_PATH),
        3,
        "one fetch (three attempts) for a hundred callers"
    );

    // Callers right after it wait for the pause, then share the next fetch.
    let outcomes = first_callers(&client, 20).await;
    assert!(outcomes.iter().all(|(_, outcome)| outcome.is_err()));
    assert_eq!(
        calls_to(&mock, NETWORKS_PATH),
        6,
        "one more fetch, not twenty"
    );
}

#[tokio::test]
async fn callers_against_a_mesh_that_never_answers_end_at_their_deadline() {
    let (url, mut events) = hung_server().await;
    let deadline = Duration::from_millis(1500);
    let client = MeshClient::builder("id", "secret")
        .base_url(url)
        .deadline(deadline)
        .build()
        .unwrap();
    for (took, outcome) in first_callers(&client, 20).await {
        assert!(
            matches!(outcome, Err(Error::Timeout(d)) if d == deadline),
            "{outcome:?}"
        );
        assert!(took < deadline + SLACK, "a caller took {took:?}");
    }
    assert_eq!(connections(&mut events), 1, "the callers shared one fetch");
}

#[tokio::test]
async fn misses_against_a_failing_mesh_share_one_refetch_and_are_answered_from_the_copy() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock)
        .catalog_refetch_on_miss_after(Duration::ZERO)
        .build()
        .unwrap();
    client.networks().await.unwrap();
    for _ in 0..1000 {
        mock.enqueue(Fault::unavailable());
    }
    for id in 1..=100 {
        let found = client.network(NetworkId::from_u128(id)).await;
        assert!(matches!(found, Ok(None)), "{found:?}");
    }
    assert!(client.network(networks::BASE).await.unwrap().is_some());
    assert_eq!(
        calls_to(&mock, NETWORKS_PATH),
        1 + 3,
        "one refetch (three attempts) for a hundred misses; then the copy answers"
    );
}

#[tokio::test]
async fn a_catalog_checked_call_keeps_one_deadline_for_the_catalogs_and_the_request() {
    let (url, mut events) = hung_server().await;
    let deadline = Duration::from_secs(1);
    let client = MeshClient::builder("id", "secret")
        .base_url(url)
        .deadline(deadline)
        .catalog_checks(CatalogChecks::Required)
        .build()
        .unwrap();
    let request = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::BASE, "USDC", "0xabc")],
    )
    .integration(integrations::COINBASE);
    let started = Instant::now();
    let error = client.create_link_token(&request).await.unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(error, Error::Timeout(d) if d == deadline),
        "{error:?}"
    );
    assert!(took < deadline + SLACK, "the call took {took:?}");
    assert_eq!(
        connections(&mut events),
        2,
        "both catalogs were asked for at once"
    );
}

/// A networks answer of `count` networks, each with a distinct ID.
fn networks_answer(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    format!(
        r#"{{"status":"ok","content":{{"networks":[{}]}}}}"#,
        items.join(",")
    )
}

/// One network taking `count` distinct token symbols, listed as `tokens` entries.
fn one_network_with_symbols(count: usize) -> String {
    let symbols: Vec<String> = (0..count)
        .map(|i| format!(r#"{{"symbol":"S{i}"}}"#))
        .collect();
    networks_answer(std::iter::once(format!(
        r#"{{"id":"{}","name":"Base","tokens":[{}]}}"#,
        networks::BASE,
        symbols.join(",")
    )))
}

#[tokio::test]
async fn costly_catalog_answers_end_within_the_deadline_and_huge_ones_are_refused_unread() {
    let mock = MeshMock::start().await.unwrap();
    let deadline = Duration::from_secs(2);
    let client = || {
        client_builder(&mock)
            .retry_policy(RetryPolicy::none())
            .deadline(deadline)
            .build()
            .unwrap()
    };
    let below_the_cap = 8 * 1024 * 1024 - 1024;
    let empty_objects = networks_answer(std::iter::repeat_n("{}".to_owned(), below_the_cap / 3));
    let zeros = vec!["0"; below_the_cap / 2].join(",");
    let refused = [
        (
            "7.9 MiB of distinct symbols",
            one_network_with_symbols(390_000),
        ),
        ("8 MiB of empty networks", empty_objects),
        (
            "8 MiB of errorData",
            format!(r#"{{"status":"badRequest","errorData":[{zeros}]}}"#),
        ),
    ];
    for (what, body) in refused {
        assert!(body.len() < 8 * 1024 * 1024, "{what}: under the byte cap");
        mock.enqueue(Fault::status(200).body(body));
        let started = Instant::now();
        let error = client().networks().await.unwrap_err();
        assert!(
            started.elapsed() < deadline + SLACK,
            "{what}: took {:?}",
            started.elapsed()
        );
        match error {
            Error::Undecodable(undecodable) => assert!(
                undecodable
                    .reason
                    .contains(&format!("more than {MAX_ENTRIES} values")),
                "{what}: {undecodable}"
            ),
            other => panic!("{what}: {other:?}"),
        }
    }

    // The most symbols one answer may hold are read within the deadline, each once.
    let symbols = MAX_ENTRIES / 2 - 10;
    mock.enqueue(Fault::status(200).body(one_network_with_symbols(symbols)));
    let started = Instant::now();
    let listed = client().networks().await.unwrap();
    assert!(
        started.elapsed() < deadline + SLACK,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(listed.get(networks::BASE).unwrap().tokens().len(), symbols);
}

#[tokio::test]
async fn an_answer_that_is_no_catalog_is_an_error_never_an_empty_catalog() {
    let mock = MeshMock::start().await.unwrap();
    let unnamed = networks_answer(std::iter::once(r#"{"name":"Base"}"#.to_owned()));
    let not_catalogs = [
        ("an empty object", "{}".to_owned()),
        ("no content", r#"{"status":"ok"}"#.to_owned()),
        (
            "another list",
            r#"{"status":"ok","content":{"integrations":[]}}"#.to_owned(),
        ),
        ("networks without IDs", unnamed),
        ("an empty list", networks_answer(std::iter::empty())),
    ];
    for (what, body) in not_catalogs {
        let client = client_builder(&mock)
            .catalog_checks(CatalogChecks::Required)
            // Short, so that the pause before the next fetch is short too.
            .catalog_ttl(Duration::from_millis(200))
            .build()
            .unwrap();
        mock.enqueue(Fault::status(200).body(body));
        let error = client.networks().await.unwrap_err();
        assert!(matches!(error, Error::Undecodable(_)), "{what}: {error:?}");

        // A deposit is not refused as the caller's mistake, and is not sent unchecked.
        mock.clear_requests();
        mock.enqueue(Fault::status(200).body("{}"));
        let deposit = LinkTokenRequest::deposit(
            "user-1",
            [Destination::new(networks::BASE, "USDC", "0xabc")],
        );
        let error = client.create_link_token(&deposit).await.unwrap_err();
        assert!(matches!(error, Error::Undecodable(_)), "{what}: {error:?}");
        assert_eq!(calls_to(&mock, LINK_TOKEN_PATH), 0, "{what}: nothing sent");

        // Nothing was kept: the next call, after the pause, fetches the real catalog.
        client.create_link_token(&deposit).await.unwrap();
        assert_eq!(calls_to(&mock, NETWORKS_PATH), 2, "{what}");
    }
}

#[tokio::test]
async fn a_rate_limit_or_an_outage_with_a_body_over_the_cap_is_what_its_status_says() {
    let mock = MeshMock::start().await.unwrap();
    let client = client_builder(&mock).build().unwrap();
    let huge = vec![b' '; 9 * 1024 * 1024];
    for (status, path) in [
        (429, NETWORKS_PATH),
        (503, NETWORKS_PATH),
        (429, LINK_TOKEN_PATH),
    ] {
        mock.clear_requests();
        for _ in 0..3 {
            mock.enqueue(Fault::status(status).body(huge.clone()));
        }
        let error = if path == NETWORKS_PATH {
            client.networks().await.unwrap_err()
        } else {
            let request = LinkTokenRequest::connect("user-1");
            client.create_link_token(&request).await.unwrap_err()
        };
        assert_eq!(error.http_status(), Some(status), "{error:?}");
        assert!(
            matches!(error, Error::RateLimited { .. } | Error::Unavailable { .. }),
            "HTTP {status}: {error:?}"
        );
        assert_eq!(calls_to(&mock, path), 3, "HTTP {status} was retried");
    }
}
