//! Starting, serving and stopping the mock.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use secrecy::SecretString;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::aim::Aim;
use crate::catalog::Catalog;
use crate::completion::{Completion, CompletionError};
use crate::control::CONTROL_PATH;
use crate::fault::Fault;
use crate::handler;
use crate::record::RecordedRequest;
use crate::reply::Outcome;
use crate::spec::{RequestSpec, SpecError};
use crate::state::{State, Timeouts};
use crate::webhook::{WebhookDelivery, WebhookFault, Webhooks};
use crate::webhook_delivery::{WebhookConfigError, WebhookSender};

/// Client ID the mock accepts unless told otherwise.
pub const DEFAULT_CLIENT_ID: &str = "mesh-mock-client-id";
/// Client secret the mock accepts unless told otherwise.
pub const DEFAULT_CLIENT_SECRET: &str = "mesh-mock-client-secret";

/// A connection that has not finished sending its request headers by then is closed.
const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A request body still arriving by then gets 408.
const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longer than any client timeout worth testing, short enough that hung connections end.
const DEFAULT_HANG_TIMEOUT: Duration = Duration::from_secs(60);
/// Request heads (start line and headers) larger than this get 431.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Why the mock could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The spec could not be compiled into a request validator.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The webhook configuration cannot be used.
    #[error(transparent)]
    Webhooks(#[from] WebhookConfigError),
    /// A credential is not something an HTTP header can carry.
    #[error("the {which} must be non-empty visible ASCII (it travels in an HTTP header)")]
    InvalidCredential {
        /// `client ID` or `client secret`.
        which: &'static str,
    },
}

/// A running Mesh API emulator on a local port. Stops when dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mock = mesh_mock::MeshMock::start().await?;
/// let url = format!("{}/api/v1/linktoken", mock.base_url());
/// # let _ = url;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct MeshMock {
    base_url: String,
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: watch::Sender<bool>,
    accept_loop: Option<JoinHandle<()>>,
}

impl MeshMock {
    /// Starts a mock on `127.0.0.1` with an ephemeral port and the default credentials.
    pub async fn start() -> Result<Self, MockError> {
        Self::builder().start().await
    }

    /// A builder for credentials, address and spec.
    pub fn builder() -> MeshMockBuilder {
        MeshMockBuilder::default()
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The address the mock listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The client ID the mock accepts.
    pub fn client_id(&self) -> &str {
        &self.state.client_id
    }

    /// The client secret the mock accepts, ready to hand to a client builder as it is:
    /// `MeshClient::builder(mock.client_id(), mock.client_secret())`.
    pub fn client_secret(&self) -> SecretString {
        self.state.client_secret.clone()
    }

    /// Queues a fault for the next request, whatever its path; faults are used up in order.
    /// A fault meant for one operation goes through [`enqueue_at`](Self::enqueue_at) instead.
    pub fn enqueue(&self, fault: impl Into<Fault>) {
        self.enqueue_at(Aim::next_request(), fault);
    }

    /// Queues a fault for the request `aim` names: `mock.enqueue_at(CREATE_LINK_TOKEN,
    /// Fault::unavailable())` fails the next link-token call and no catalog fetch.
    /// A request takes the first queued fault aimed at it.
    pub fn enqueue_at(&self, aim: impl Into<Aim>, fault: impl Into<Fault>) {
        self.state.enqueue(aim.into(), fault.into());
    }

    /// How many queued faults have not been used yet.
    pub fn pending_faults(&self) -> usize {
        self.state.pending_faults()
    }

    /// Forgets the queued faults; returns how many there were.
    pub fn clear_faults(&self) -> usize {
        self.state.clear_faults()
    }

    /// Every request received so far (the most recent 10,000), oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// Ends the user's side of a Link session the mock issued a link token for: its transfer
    /// is listed by `GET /api/v1/transfers/managed/mesh` from now on, `pending` until the
    /// completion's outcome is due. Returns Mesh's ID of the transfer.
    ///
    /// ```
    /// use mesh_mock::{Completion, CompletionError, MeshMock, Outcome};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mock = MeshMock::start().await?;
    /// // ...the service under test created a link token with transactionId "order-1"...
    /// let never_issued = mock.complete(&Completion::of_transaction("order-1", Outcome::Succeeded));
    /// assert!(matches!(never_issued, Err(CompletionError::NoSession(_))));
    /// # Ok(()) }
    /// ```
    pub fn complete(&self, completion: &Completion) -> Result<Uuid, CompletionError> {
        self.state.complete(completion)
    }

    /// The URL webhooks are sent to, when [`MeshMockBuilder::webhooks`] gave one.
    pub fn webhook_url(&self) -> Option<&str> {
        self.state.webhooks.url()
    }

    /// Queues a webhook fault for the next transfer completed.
    pub fn enqueue_webhook_fault(&self, fault: WebhookFault) {
        self.state.webhooks.enqueue(fault);
    }

    /// Every webhook delivery attempted so far (the most recent 10,000), oldest first.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.state.webhooks.deliveries()
    }

    /// The webhook deliveries once there are at least `count`, or those there are when
    /// `timeout` is over.
    pub async fn wait_for_webhook_deliveries(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Vec<WebhookDelivery> {
        self.state.webhooks.wait_for(count, timeout).await
    }

    /// Forgets the queued faults, the requests received, the sessions' transfers and the
    /// webhook deliveries (stopping those still being sent), as a fresh mock would start.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// `<base_url>/_mesh-mock`, the control API's root, when
    /// [`MeshMockBuilder::control_api`] turned it on.
    pub fn control_url(&self) -> Option<String> {
        self.state
            .control_api
            .then(|| format!("{}{CONTROL_PATH}", self.base_url))
    }

    /// Stops accepting, closes every connection, and waits for the server to finish.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.accept_loop.take() {
            let _ = task.await;
        }
    }
}

impl Drop for MeshMock {
    fn drop(&mut self) {
        self.state.webhooks.stop();
        let _ = self.shutdown.send(true);
        if let Some(task) = self.accept_loop.take() {
            task.abort();
        }
    }
}

/// Configures a [`MeshMock`] before it starts.
#[derive(Debug)]
pub struct MeshMockBuilder {
    client_id: String,
    client_secret: SecretString,
    addr: SocketAddr,
    spec: Option<String>,
    catalog: Catalog,
    faults: Vec<(Aim, Fault)>,
    control_api: bool,
    header_read_timeout: Duration,
    body_read_timeout: Duration,
    hang_timeout: Duration,
    webhooks: Option<Webhooks>,
    webhook_faults: Vec<WebhookFault>,
}

impl Default for MeshMockBuilder {
    fn default() -> Self {
        Self {
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: SecretString::from(DEFAULT_CLIENT_SECRET),
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            spec: None,
            catalog: Catalog::fixture(),
            faults: Vec::new(),
            control_api: false,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            hang_timeout: DEFAULT_HANG_TIMEOUT,
            webhooks: None,
            webhook_faults: Vec::new(),
        }
    }
}

impl MeshMockBuilder {
    /// The `X-Client-Id` the mock accepts.
    pub fn client_id(mut self, client_id: impl Into<String>) -> Self {
        self.client_id = client_id.into();
        self
    }

    /// The `X-Client-Secret` the mock accepts.
    pub fn client_secret(mut self, client_secret: impl Into<SecretString>) -> Self {
        self.client_secret = client_secret.into();
        self
    }

    /// The port to listen on; 0 (the default) picks a free one.
    pub fn port(mut self, port: u16) -> Self {
        self.addr.set_port(port);
        self
    }

    /// The address to listen on; the default is `127.0.0.1`.
    pub fn ip(mut self, ip: IpAddr) -> Self {
        self.addr.set_ip(ip);
        self
    }

    /// Judge requests by this OpenAPI document instead of the one `mesh-link-api` was generated from.
    pub fn spec(mut self, openapi_text: impl Into<String>) -> Self {
        self.spec = Some(openapi_text.into());
        self
    }

    /// Serve this catalog at `GET /api/v1/transfers/managed/{networks,integrations,tokens}`
    /// instead of the emulator's fixture ([`Catalog::fixture`]); it also decides which networks
    /// a DeFi wallet `integrationId` takes.
    pub fn catalog(mut self, catalog: Catalog) -> Self {
        self.catalog = catalog;
        self
    }

    /// Queues `fault` from the start, as [`MeshMock::enqueue`] would.
    pub fn fault(self, fault: impl Into<Fault>) -> Self {
        self.fault_at(Aim::next_request(), fault)
    }

    /// Queues `fault` from the start for the request `aim` names, as
    /// [`MeshMock::enqueue_at`] would.
    pub fn fault_at(mut self, aim: impl Into<Aim>, fault: impl Into<Fault>) -> Self {
        self.faults.push((aim.into(), fault.into()));
        self
    }

    /// Serves the control API under `/_mesh-mock` (off by default): queue and clear faults,
    /// read the requests received, reset, over HTTP with the mock's credentials. The crate's
    /// README shows each call with curl.
    pub fn control_api(mut self, on: bool) -> Self {
        self.control_api = on;
        self
    }

    /// How long a connection may take to send its request headers before it is closed
    /// (default 10 s), so slow-header clients cannot hold connections open.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// How long a request body may take to arrive before the answer is 408 (default 10 s).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// How long a [`Fault::Hang`] holds its connection before the mock closes it (default 60 s).
    pub fn hang_timeout(mut self, timeout: Duration) -> Self {
        self.hang_timeout = timeout;
        self
    }

    /// Sends Mesh's transfer-status webhooks for the transfers of completed sessions, signed
    /// with the configured secret (none are sent unless this is given).
    pub fn webhooks(mut self, webhooks: Webhooks) -> Self {
        self.webhooks = Some(webhooks);
        self
    }

    /// Queues `fault` from the start, as [`MeshMock::enqueue_webhook_fault`] would.
    pub fn webhook_fault(mut self, fault: WebhookFault) -> Self {
        self.webhook_faults.push(fault);
        self
    }

    /// Binds the address and starts serving.
    pub async fn start(self) -> Result<MeshMock, MockError> {
        use secrecy::ExposeSecret as _;
        check_credential(&self.client_id, "client ID")?;
        check_credential(self.client_secret.expose_secret(), "client secret")?;
        let spec = match &self.spec {
            Some(text) => Arc::new(RequestSpec::from_openapi(text)?),
            None => default_spec()?,
        };
        let webhooks = WebhookSender::new(self.webhooks)?;
        for fault in self.webhook_faults {
            webhooks.enqueue(fault);
        }
        let listener = TcpListener::bind(self.addr)
            .await
            .map_err(|source| MockError::Bind {
                addr: self.addr,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| MockError::Bind {
            addr: self.addr,
            source,
        })?;
        let state = Arc::new(State::new(
            spec,
            self.catalog,
            self.client_id,
            self.client_secret,
            Timeouts {
                body_read: self.body_read_timeout,
                hang: self.hang_timeout,
            },
            self.control_api,
            webhooks,
        ));
        for (aim, fault) in self.faults {
            state.enqueue(aim, fault);
        }
        let (shutdown, stopped) = watch::channel(false);
        let accept_loop = tokio::spawn(accept_loop(
            listener,
            Arc::clone(&state),
            stopped,
            self.header_read_timeout,
        ));
        Ok(MeshMock {
            base_url: format!("http://{addr}"),
            addr,
            state,
            shutdown,
            accept_loop: Some(accept_loop),
        })
    }
}

fn check_credential(value: &str, which: &'static str) -> Result<(), MockError> {
    if mesh_link_api::wire::is_valid_credential(value) {
        Ok(())
    } else {
        Err(MockError::InvalidCredential { which })
    }
}

/// The spec `mesh-link-api` embeds, compiled once per process.
fn default_spec() -> Result<Arc<RequestSpec>, MockError> {
    static SPEC: OnceLock<Result<Arc<RequestSpec>, String>> = OnceLock::new();
    SPEC.get_or_init(|| {
        RequestSpec::from_openapi(mesh_link_api::OPENAPI_DOCUMENT)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(|message| MockError::Spec(SpecError::Schema(message)))
}

async fn accept_loop(
    listener: TcpListener,
    state: Arc<State>,
    mut stopped: watch::Receiver<bool>,
    header_read_timeout: Duration,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&state), stopped.clone(), header_read_timeout));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(error) => {
                    tracing::warn!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stopped.changed() => break,
        }
    }
    connections.shutdown().await;
}

async fn serve_connection(
    stream: TcpStream,
    state: Arc<State>,
    mut stopped: watch::Receiver<bool>,
    header_read_timeout: Duration,
) {
    let drop_now = Arc::new(Notify::new());
    let service = {
        let drop_now = Arc::clone(&drop_now);
        service_fn(move |request| {
            let state = Arc::clone(&state);
            let drop_now = Arc::clone(&drop_now);
            async move {
                match handler::handle(&state, request).await {
                    Outcome::Answer(response) => Ok::<_, Infallible>(response),
                    Outcome::DropConnection => {
                        drop_now.notify_one();
                        std::future::pending().await
                    }
                    Outcome::Hang => {
                        tokio::time::sleep(state.timeouts.hang).await;
                        drop_now.notify_one();
                        std::future::pending().await
                    }
                }
            }
        })
    };
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .max_header_size(MAX_HEAD_BYTES)
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        _ = drop_now.notified() => {}
        _ = stopped.changed() => {}
    }
}
