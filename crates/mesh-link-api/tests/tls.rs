//! TLS is compiled in: progenitor-client enables no TLS backend of reqwest, so without this
//! crate's `rustls` feature every https:// request would fail with "scheme is not http". And
//! `Client::new` readies it itself: under `rustls-ring`, with no crypto provider installed yet (this
//! binary's only test installs none), reqwest would panic.

use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// TLS record type of a handshake, and the handshake type of a ClientHello (RFC 8446 §5.1, §4).
const TLS_HANDSHAKE_RECORD: u8 = 0x16;
const CLIENT_HELLO: u8 = 0x01;

#[tokio::test]
async fn an_https_request_starts_a_tls_handshake() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let client = mesh_link_api::Client::new(&format!("https://127.0.0.1:{port}"));
    let request = tokio::spawn(async move {
        client
            .create_link_token()
            .body(mesh_link_api::types::GetLinkTokenRequest::builder().user_id("user-1"))
            .send()
            .await
    });

    let request = std::pin::pin!(request);
    let (mut socket, _) = tokio::select! {
        accepted = listener.accept() => accepted.unwrap(),
        outcome = request => panic!("the request ended before connecting: {:?}", outcome.unwrap().err()),
    };
    let mut header = [0u8; 6];
    socket.read_exact(&mut header).await.unwrap();
    assert_eq!(
        header[0], TLS_HANDSHAKE_RECORD,
        "first bytes were {header:02x?}, not a TLS record"
    );
    assert_eq!(
        header[5], CLIENT_HELLO,
        "first bytes were {header:02x?}, not a ClientHello"
    );

    drop(socket);
}
