//! `mesh-mock`: run the emulator on a local port.

#![forbid(unsafe_code)]

use std::net::IpAddr;
use std::process::ExitCode;

use clap::Parser;
use mesh_mock::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, MeshMock};
use secrecy::SecretString;

/// A local emulator of Mesh Connect's link-token API.
#[derive(Debug, Parser)]
#[command(name = "mesh-mock", version)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    ip: IpAddr,
    /// The X-Client-Id to accept.
    #[arg(long, env = "MESH_MOCK_CLIENT_ID", default_value = DEFAULT_CLIENT_ID)]
    client_id: String,
    /// The X-Client-Secret to accept; a secret you give is never printed.
    #[arg(long, env = "MESH_MOCK_CLIENT_SECRET", default_value = DEFAULT_CLIENT_SECRET, hide_env_values = true)]
    client_secret: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("mesh_mock=info")),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Args::parse();
    let mock = match MeshMock::builder()
        .ip(args.ip)
        .port(args.port)
        .client_id(args.client_id)
        .client_secret(SecretString::from(args.client_secret))
        .start()
        .await
    {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("mesh-mock: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("mesh-mock listening on {}", mock.base_url());
    println!(
        "POST {}{} with {}: {}",
        mock.base_url(),
        mesh_link_api::wire::LINK_TOKEN_PATH,
        mesh_link_api::wire::CLIENT_ID_HEADER,
        mock.client_id()
    );
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("mesh-mock: cannot listen for Ctrl-C; stopping");
    }
    mock.shutdown().await;
    ExitCode::SUCCESS
}
