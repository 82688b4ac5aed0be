//! The client secret and the link tokens never appear in errors, `Debug` output or logs, even
//! when Mesh's answer quotes them, in any operation.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex, Once, PoisonError};
use std::time::Duration;

use common::{Operation, client_builder};
use mesh_link::{Destination, LinkTokenRequest, RetryPolicy, networks};
use mesh_mock::{Fault, MeshMock};
use secrecy::ExposeSecret as _;

/// Everything written by the test's subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

const SECRET: &str = "sk_live_5ecret-Value-That-Must-Not-Leak";

// One runtime thread, so every task (client, connection pool, mock) logs to this test's subscriber.
#[tokio::test(flavor = "current_thread")]
async fn no_secret_or_token_in_errors_debug_output_or_trace_logs() {
    static LOG_BRIDGE: Once = Once::new();
    // reqwest logs through the `log` crate; forward it into tracing so it is captured too.
    LOG_BRIDGE.call_once(|| tracing_log::LogTracer::init().expect("the log bridge installs once"));
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let mock = MeshMock::builder()
        .client_secret(SECRET)
        .start()
        .await
        .unwrap();
    let client = client_builder(&mock)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let no_retries = client_builder(&mock)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let wrong_secret = mesh_link::MeshClient::builder(mock.client_id(), format!("{SECRET}-wrong"))
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let builder = client_builder(&mock);
    let config_error = mesh_link::MeshClient::builder(mock.client_id(), SECRET)
        .base_url("ftp://nowhere")
        .build()
        .unwrap_err();
    let mut printed = vec![
        format!("{client:?}"),
        format!("{wrong_secret:?}"),
        format!("{mock:?}"),
        format!("{builder:?}"),
        format!("{config_error} {config_error:?}"),
    ];
    let mut tokens = Vec::new();

    let request = LinkTokenRequest::deposit(
        "user-1",
        [Destination::new(networks::SOLANA, "USDC", "addr")],
    )
    .transaction_id("deposit-1")
    .generate_pay_link(true);
    let faults = [
        Fault::rate_limited("0"),
        Fault::unavailable(),
        Fault::html_error(500),
        Fault::malformed_json(),
        Fault::TruncatedBody,
        Fault::DropConnection,
        Fault::Hang,
        Fault::unknown_status("newStatus"),
        Fault::unknown_fields(),
        Fault::envelope(400, "badRequest", "bad"),
        Fault::status(500).body(format!("proxy echo: X-Client-Secret: {SECRET}")),
    ];
    for fault in faults {
        for client in [&client, &no_retries] {
            mock.enqueue(fault.clone());
            match client.create_link_token(&request).await {
                Ok(token) => {
                    printed.push(format!("{token:?}"));
                    tokens.push(token.token().to_owned());
                    tokens.push(
                        token
                            .payment_link()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    );
                }
                Err(error) => printed.extend([error.to_string(), format!("{error:?}")]),
            }
        }
    }
    // The catalog calls go the same way: same headers, same redaction.
    for fault in [
        Fault::status(500).body(format!("proxy echo: X-Client-Secret: {SECRET}")),
        Fault::malformed_json(),
    ] {
        mock.enqueue(fault);
        if let Err(error) = no_retries.networks().await {
            printed.extend([error.to_string(), format!("{error:?}")]);
        }
    }
    // Every operation, answered by a Mesh that quotes the secret in every text it sends: as a
    // refusal, a refusal with HTTP 200, an outage with its envelope (retried, so logged), a
    // status this client does not know, and a redirect whose host names it.
    let echo = serde_json::json!({
        "status": "badRequest",
        "message": format!("bad X-Client-Secret: {SECRET}"),
        "displayMessage": SECRET,
        "errorType": SECRET,
        "errorHash": SECRET,
        "errorData": {"echo": SECRET},
    });
    // Each with the attempts it takes: a 503 is tried three times.
    let echoes = [
        (Fault::status(400).json(&echo), 1),
        (Fault::status(200).json(&echo), 1),
        (Fault::status(503).json(&echo), 3),
        (Fault::unknown_status(format!("status-{SECRET}")), 1),
        (
            Fault::status(307).header("location", format!("https://{SECRET}.example.com/")),
            1,
        ),
    ];
    for operation in Operation::ALL {
        for (fault, attempts) in &echoes {
            let fresh = client_builder(&mock).build().unwrap();
            for _ in 0..*attempts {
                mock.enqueue(fault.clone());
            }
            match operation.call(&fresh).await {
                Ok(answer) => printed.push(answer.debug),
                Err(error) => printed.extend([error.to_string(), format!("{error:?}")]),
            }
            assert_eq!(
                mock.pending_faults(),
                0,
                "{operation:?}: each echo was read"
            );
        }
    }
    printed.push(format!("{:?}", client.networks().await));
    let error = wrong_secret.integrations().await.unwrap_err();
    printed.extend([error.to_string(), format!("{error:?}")]);
    let error = wrong_secret.create_link_token(&request).await.unwrap_err();
    printed.extend([error.to_string(), format!("{error:?}")]);
    printed.push(format!("{:?}", mock.requests()));

    let logs = captured.text();
    assert!(
        logs.contains("status this client does not know"),
        "the unknown status was not logged, so its quoting was not checked"
    );
    assert!(
        logs.contains("mesh_link.request"),
        "the request spans were not captured:\n{logs}"
    );
    assert!(
        logs.contains("retrying"),
        "retries were not logged:\n{logs}"
    );
    for source in ["hyper_util", "reqwest::connect", "mesh_mock"] {
        assert!(
            logs.contains(source),
            "{source} logs were not captured, so they were not checked"
        );
    }
    assert!(
        tokens.len() >= 4,
        "some calls must have succeeded to check their tokens"
    );
    let everything = format!("{}\n{logs}", printed.join("\n"));
    assert_eq!(mock.client_secret().expose_secret(), SECRET);
    assert!(
        !everything.contains(SECRET),
        "the client secret leaked:\n{everything}"
    );
    for token in tokens.iter().filter(|t| !t.is_empty()) {
        assert!(
            !everything.contains(token.as_str()),
            "a link token or payment link leaked: {token}"
        );
    }
}
