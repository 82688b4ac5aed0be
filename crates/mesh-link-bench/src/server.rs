//! A local server that reads each request and answers with one fixed body, so round-trip
//! figures measure the clients, not the server.

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A running fixed-answer server on 127.0.0.1; stops when dropped.
#[derive(Debug)]
pub struct FixedServer {
    addr: SocketAddr,
    accept_loop: JoinHandle<()>,
}

impl FixedServer {
    /// Answers every request with HTTP 200 and `body` (as JSON).
    pub async fn start(body: &'static [u8]) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let accept_loop = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request: Request<hyper::body::Incoming>| async move {
                            // Read the body as a real server would before answering.
                            let _ = request.into_body().collect().await;
                            let response = Response::builder()
                                .header("content-type", "application/json; charset=utf-8")
                                .body(Full::new(Bytes::from_static(body)))
                                .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())));
                            Ok::<_, Infallible>(response)
                        });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { addr, accept_loop })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for FixedServer {
    fn drop(&mut self) {
        self.accept_loop.abort();
    }
}
