//! The client and the emulator agree on what a valid transfers query is
//! (`GET /api/v1/transfers/managed/mesh`): a query the client sends, the spec-driven emulator
//! answers; one it refuses for a rule Mesh's API enforces, the emulator refuses under the same
//! parameter and code; every refusal is in the shared catalogue (`mesh_link_api::rules`).

use std::collections::BTreeSet;
use std::time::{Duration, UNIX_EPOCH};

use mesh_link::{Error, IntegrationId, MeshClient, RetryPolicy, TransferQuery};
use mesh_link_api::rules;
use mesh_link_api::wire::TRANSFERS_PATH;
use mesh_mock::MeshMock;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use secrecy::ExposeSecret as _;
use serde_json::Value;

#[derive(Clone, Debug)]
struct QueryInput {
    transaction_id: Option<String>,
    user_id: Option<String>,
    integrations: usize,
    page_size: u32,
    from: Option<u64>,
    until: Option<u64>,
}

fn text(max: usize) -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        1 => Just("  ".to_owned()),
        8 => "[a-z0-9-]{1,20}",
        2 => proptest::string::string_regex(&format!("[a-z]{{{},{}}}", max - 3, max + 3))
            .expect("a regex"),
    ])
}

fn query_input() -> impl Strategy<Value = QueryInput> {
    (
        text(128),
        text(50),
        prop_oneof![8 => 0usize..4, 1 => 98usize..104],
        prop_oneof![8 => 1u32..=100, 1 => Just(0u32), 1 => 101u32..110],
        prop::option::of(1_600_000_000u64..1_700_000_000),
        prop::option::of(1_600_000_000u64..1_700_000_000),
    )
        .prop_map(
            |(transaction_id, user_id, integrations, page_size, from, until)| QueryInput {
                transaction_id,
                user_id,
                integrations,
                page_size,
                from,
                until,
            },
        )
}

fn integration_ids(count: usize) -> Vec<IntegrationId> {
    (0..count as u128).map(IntegrationId::from_u128).collect()
}

fn query(input: &QueryInput) -> TransferQuery {
    let mut query = TransferQuery::all()
        .integrations(integration_ids(input.integrations))
        .page_size(input.page_size);
    if let Some(id) = &input.transaction_id {
        query = query.transaction_id(id);
    }
    if let Some(id) = &input.user_id {
        query = query.user_id(id);
    }
    if let Some(from) = input.from {
        query = query.created_from(UNIX_EPOCH + Duration::from_secs(from));
    }
    if let Some(until) = input.until {
        query = query.created_until(UNIX_EPOCH + Duration::from_secs(until));
    }
    query
}

/// The query string the input describes, written by hand from the spec's parameter names.
fn oracle(input: &QueryInput) -> Vec<(String, String)> {
    let mut pairs = vec![
        ("Count".to_owned(), input.page_size.to_string()),
        ("Offset".to_owned(), "0".to_owned()),
    ];
    let mut push = |name: &str, value: String| pairs.push((name.to_owned(), value));
    if let Some(id) = &input.transaction_id {
        push("ClientTransactionId", id.clone());
    }
    if let Some(id) = &input.user_id {
        push("UserId", id.clone());
    }
    for id in integration_ids(input.integrations) {
        push("IntegrationIds", id.to_string());
    }
    if let Some(from) = input.from {
        push("FromTimestamp", from.to_string());
    }
    if let Some(until) = input.until {
        push("ToTimestamp", until.to_string());
    }
    pairs
}

struct Harness {
    runtime: tokio::runtime::Runtime,
    mock: MeshMock,
    client: MeshClient,
    http: reqwest::Client,
}

impl Harness {
    fn new() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime");
        let mock = runtime
            .block_on(MeshMock::start())
            .expect("the mock starts");
        let client = MeshClient::builder(mock.client_id(), mock.client_secret())
            .base_url(mock.base_url())
            .retry_policy(RetryPolicy::none())
            .build()
            .expect("a client");
        Self {
            runtime,
            mock,
            client,
            http: reqwest::Client::new(),
        }
    }

    /// The emulator's status and body for the oracle's query, sent as it is.
    fn get_raw(&self, pairs: &[(String, String)]) -> (u16, Value) {
        let request = self
            .http
            .get(format!("{}{TRANSFERS_PATH}", self.mock.base_url()))
            .query(pairs)
            .header("X-Client-Id", self.mock.client_id())
            .header("X-Client-Secret", self.mock.client_secret().expose_secret());
        self.runtime.block_on(async {
            let Ok(response) = request.send().await else {
                return (0, Value::Null);
            };
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or(Value::Null))
        })
    }

    /// Checks one query; counts it in `tally` as (sent, refused by both, refused by the client alone).
    fn check(&self, input: &QueryInput, tally: &mut [usize; 3]) -> Result<(), TestCaseError> {
        let outcome = self.runtime.block_on(self.client.transfers(&query(input)));
        let (status, answer) = self.get_raw(&oracle(input));
        match outcome {
            Ok(_) => {
                prop_assert_eq!(
                    status,
                    200,
                    "the client sent what the emulator refuses: {}",
                    answer
                );
                tally[0] += 1;
            }
            Err(Error::InvalidRequest(invalid)) => {
                let mut enforced = BTreeSet::new();
                for violation in invalid.violations() {
                    let entry = rules::entry(violation.rule.code(), &violation.field);
                    prop_assert!(entry.is_some(), "{violation} is not in the catalogue");
                    if entry.is_some_and(|entry| entry.refused_by_mesh) {
                        enforced
                            .insert((violation.field.clone(), violation.rule.code().to_owned()));
                    }
                }
                if enforced.is_empty() {
                    prop_assert_eq!(
                        status,
                        200,
                        "only the client's own rules were broken: {}",
                        answer
                    );
                    tally[2] += 1;
                } else {
                    tally[1] += 1;
                    prop_assert_eq!(status, 400, "{}", invalid);
                    let reported: BTreeSet<(String, String)> = answer["errorData"]["problems"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|p| {
                            Some((
                                p["field"].as_str()?.to_owned(),
                                p["code"].as_str()?.to_owned(),
                            ))
                        })
                        .collect();
                    prop_assert_eq!(&reported, &enforced, "{}", invalid);
                }
            }
            Err(other) => prop_assert!(false, "a query failed: {}", other),
        }
        Ok(())
    }
}

#[test]
fn every_query_the_client_sends_the_emulator_answers_and_every_refusal_agrees() {
    let cases: u32 = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(500);
    let harness = Harness::new();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let tally = std::cell::RefCell::new([0; 3]);
    if let Err(failure) = runner.run(&query_input(), |input| {
        harness.check(&input, &mut tally.borrow_mut())
    }) {
        panic!("{failure}");
    }
    let [sent, refused_by_both, refused_by_the_client] = tally.into_inner();
    eprintln!(
        "{sent} sent, {refused_by_both} refused by both, {refused_by_the_client} by the client alone"
    );
    assert!(
        sent > 0 && refused_by_both > 0 && refused_by_the_client > 0,
        "the run reached every kind of query"
    );
}
