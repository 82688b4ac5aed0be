//! An https:// base URL starts a TLS handshake with whichever TLS feature is on; with
//! `rustls-ring`, the client readies ring as rustls's provider before building (without one,
//! reqwest would panic). CI runs this under each rustls feature.

use mesh_link::{LinkTokenRequest, MeshClient, RetryPolicy};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// TLS record type of a handshake, and the handshake type of a ClientHello (RFC 8446 §5.1, §4).
const TLS_HANDSHAKE_RECORD: u8 = 0x16;
const CLIENT_HELLO: u8 = 0x01;

#[tokio::test]
async fn an_https_base_url_starts_a_tls_handshake() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = MeshClient::builder("client-id", "client-secret")
        .base_url(format!("https://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let call = tokio::spawn(async move {
        client
            .create_link_token(&LinkTokenRequest::connect("user-1"))
            .await
    });
    let (mut socket, _) = listener.accept().await.unwrap();
    let mut header = [0u8; 6];
    socket.read_exact(&mut header).await.unwrap();
    assert_eq!(header[0], TLS_HANDSHAKE_RECORD, "{header:02x?}");
    assert_eq!(header[5], CLIENT_HELLO, "{header:02x?}");
    drop(socket);
    assert!(call.await.unwrap().is_err(), "no TLS server answered");
}
