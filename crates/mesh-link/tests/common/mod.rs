//! Helpers shared by mesh-link's tests: a mock, a client pointed at it, what it received.
#![allow(
    dead_code,
    unreachable_pub,
    reason = "each test file uses its own subset"
)]

use std::time::Duration;

use mesh_link::{MeshClient, MeshClientBuilder, RetryPolicy};
use mesh_mock::MeshMock;
use serde_json::Value;

/// A builder for a client of `mock`, with retries quick enough for tests.
pub fn client_builder(mock: &MeshMock) -> MeshClientBuilder {
    MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(10))
                .max_backoff(Duration::from_millis(50)),
        )
}

pub async fn mock_and_client() -> (MeshMock, MeshClient) {
    let mock = MeshMock::start().await.expect("the mock starts");
    let client = client_builder(&mock).build().expect("a client");
    (mock, client)
}

/// The JSON body of the only request `mock` received.
pub fn only_body(mock: &MeshMock) -> Value {
    let requests = mock.requests();
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {requests:#?}"
    );
    requests[0].body.clone().expect("a JSON body")
}

/// A server that reads requests and never answers; it reports each connection and when it closes.
pub async fn hung_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<&'static str>) {
    use tokio::io::AsyncReadExt as _;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a local port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    let (events, received) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let events = events.clone();
            let _ = events.send("connected");
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                while matches!(socket.read(&mut buffer).await, Ok(n) if n > 0) {}
                let _ = events.send("closed");
            });
        }
    });
    (url, received)
}

/// How many connections a [`hung_server`] reported so far.
pub fn connections(events: &mut tokio::sync::mpsc::UnboundedReceiver<&'static str>) -> usize {
    let mut connected = 0;
    while let Ok(event) = events.try_recv() {
        connected += usize::from(event == "connected");
    }
    connected
}

/// How many requests `mock` received at `path`, whatever their query.
pub fn calls_to(mock: &MeshMock, path: &str) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.path.split('?').next() == Some(path))
        .count()
}

/// Every call of [`MeshClient`] that talks to Mesh. The tests that hold the client to its
/// promises (hostile answers, deadlines, the soak, secrets) take each of them, and
/// `operations.rs` fails when a `pub async fn` of the client is missing here: a new operation
/// joins all of those tests by joining this list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    CreateLinkToken,
    Networks,
    Integrations,
    Tokens,
    Network,
    Integration,
    Transfers,
    WaitForTransfer,
}

impl Operation {
    pub const ALL: [Self; 8] = [
        Self::CreateLinkToken,
        Self::Networks,
        Self::Integrations,
        Self::Tokens,
        Self::Network,
        Self::Integration,
        Self::Transfers,
        Self::WaitForTransfer,
    ];

    /// The name of the client's method.
    pub fn method(self) -> &'static str {
        match self {
            Self::CreateLinkToken => "create_link_token",
            Self::Networks => "networks",
            Self::Integrations => "integrations",
            Self::Tokens => "tokens",
            Self::Network => "network",
            Self::Integration => "integration",
            Self::Transfers => "transfers",
            Self::WaitForTransfer => "wait_for_transfer",
        }
    }

    /// The path of Mesh's API it calls.
    pub fn path(self) -> &'static str {
        use mesh_link_api::wire;
        match self {
            Self::CreateLinkToken => wire::LINK_TOKEN_PATH,
            Self::Networks | Self::Network => wire::NETWORKS_PATH,
            Self::Integrations | Self::Integration => wire::INTEGRATIONS_PATH,
            Self::Tokens => wire::TOKENS_PATH,
            Self::Transfers | Self::WaitForTransfer => wire::TRANSFERS_PATH,
        }
    }

    /// Calls it once with a request Mesh takes.
    pub async fn call(self, client: &MeshClient) -> Result<Answered, mesh_link::Error> {
        use mesh_link::{IntegrationId, LinkTokenRequest, NetworkId, TransferQuery, TransferWait};
        let answered = |debug: String, listed: Option<usize>| Answered { debug, listed };
        Ok(match self {
            Self::CreateLinkToken => {
                let request = LinkTokenRequest::connect("user-1");
                answered(
                    format!("{:?}", client.create_link_token(&request).await?),
                    None,
                )
            }
            Self::Networks => {
                let listed = client.networks().await?;
                answered(format!("{listed:?}"), Some(listed.len()))
            }
            Self::Integrations => {
                let listed = client.integrations().await?;
                answered(format!("{listed:?}"), Some(listed.len()))
            }
            Self::Tokens => {
                let listed = client.tokens().await?;
                answered(format!("{listed:?}"), Some(listed.len()))
            }
            Self::Network => {
                let found = client.network(NetworkId::from_u128(1)).await?;
                answered(format!("{found:?}"), None)
            }
            Self::Integration => {
                let found = client.integration(IntegrationId::from_u128(1)).await?;
                answered(format!("{found:?}"), None)
            }
            Self::Transfers => {
                let found = client.transfers(&TransferQuery::for_user("user-1")).await?;
                answered(format!("{found:?}"), None)
            }
            Self::WaitForTransfer => {
                // A wait of zero looks once: one poll, held to every promise of a call.
                let wait = TransferWait::for_transaction("order-1", Duration::ZERO);
                answered(
                    format!("{:?}", client.wait_for_transfer(&wait).await?),
                    None,
                )
            }
        })
    }
}

/// What an operation answered: its `Debug` text, and for a catalog list how many it lists.
#[derive(Debug)]
pub struct Answered {
    pub debug: String,
    pub listed: Option<usize>,
}
