//! `mesh-mock`: run the emulator on a local port.

#![forbid(unsafe_code)]

use std::io::Write as _;
use std::net::IpAddr;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _, Parser};
use mesh_mock::{
    Catalog, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, FAULT_HEADER, FAULT_KINDS, Fault, MeshMock,
    WEBHOOK_FAULT_KINDS, WebhookFault, Webhooks,
};
use secrecy::SecretString;

/// A local emulator of Mesh Connect's link-token API and its catalogs.
#[derive(Debug, Parser)]
#[command(name = "mesh-mock", version)]
struct Args {
    /// A fault for the next request without one, in order; repeat for more (kinds below).
    #[arg(long = "fault", value_name = "FAULT")]
    faults: Vec<Fault>,
    /// Serve the control API under /_mesh-mock (queue faults for an operation, read the requests
    /// received, reset), for tests in any language; off unless given.
    #[arg(long)]
    control: bool,
    /// Serve this catalog (JSON: networks, integrations, tokens as Mesh's answers carry them)
    /// instead of the emulator's fixture.
    #[arg(long, value_name = "FILE")]
    catalog: Option<std::path::PathBuf>,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    ip: IpAddr,
    /// The X-Client-Id to accept.
    #[arg(long, env = "MESH_MOCK_CLIENT_ID", default_value = DEFAULT_CLIENT_ID)]
    client_id: String,
    /// Send Mesh's transfer-status webhooks to this http:// URL (a local handler), one signed POST
    /// for each status change of a completed session's transfer; needs --webhook-secret.
    #[arg(long, value_name = "URL", requires = "webhook_secret")]
    webhook_url: Option<String>,
    /// The secret webhooks are signed with (HMAC-SHA256, as Mesh signs); never printed.
    #[arg(
        long,
        env = "MESH_MOCK_WEBHOOK_SECRET",
        hide_env_values = true,
        value_name = "SECRET"
    )]
    webhook_secret: Option<String>,
    /// How many times an event is sent until it is answered 2xx.
    #[arg(long, value_name = "N", default_value_t = mesh_mock::DEFAULT_WEBHOOK_ATTEMPTS)]
    webhook_attempts: u32,
    /// A webhook fault for the next transfer completed, in order; repeat for more (kinds below).
    #[arg(long = "webhook-fault", value_name = "FAULT")]
    webhook_faults: Vec<WebhookFault>,
    /// The X-Client-Secret to accept; a secret you give is never printed.
    #[arg(long, env = "MESH_MOCK_CLIENT_SECRET", default_value = DEFAULT_CLIENT_SECRET, hide_env_values = true)]
    client_secret: String,
}

/// The fault kinds, for `--help`.
fn faults_help() -> String {
    let mut help = format!("Faults (for --fault, or the {FAULT_HEADER} header of one request):\n");
    for (syntax, what) in FAULT_KINDS {
        help.push_str(&format!("  {syntax:<26} {what}\n"));
    }
    help.push_str("\nWebhook faults (for --webhook-fault, or POST /_mesh-mock/webhooks/faults):\n");
    for (syntax, what) in WEBHOOK_FAULT_KINDS {
        help.push_str(&format!("  {syntax:<26} {what}\n"));
    }
    help
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
    let args = match Args::command()
        .after_help(faults_help())
        .try_get_matches()
        .and_then(|matches| Args::from_arg_matches(&matches))
    {
        Ok(args) => args,
        Err(error) => error.exit(),
    };
    let catalog = match &args.catalog {
        None => Catalog::fixture(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| Catalog::from_json(&text).map_err(|e| e.to_string()))
        {
            Ok(catalog) => catalog,
            Err(error) => {
                eprintln!(
                    "mesh-mock: cannot read the catalog {}: {error}",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        },
    };
    let mut builder = MeshMock::builder()
        .ip(args.ip)
        .port(args.port)
        .client_id(args.client_id)
        .client_secret(SecretString::from(args.client_secret))
        .catalog(catalog)
        .control_api(args.control);
    for fault in args.faults {
        builder = builder.fault(fault);
    }
    if let (Some(url), Some(secret)) = (args.webhook_url, args.webhook_secret) {
        builder = builder.webhooks(
            Webhooks::new(url, SecretString::from(secret)).attempts(args.webhook_attempts),
        );
    }
    for fault in args.webhook_faults {
        builder = builder.webhook_fault(fault);
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("mesh-mock: {error}");
            return ExitCode::FAILURE;
        }
    };
    // A reader that stops reading (`| head -1`) must not stop the mock: write errors are ignored.
    let mut out = std::io::stdout();
    let _ = writeln!(out, "mesh-mock listening on {}", mock.base_url());
    let _ = writeln!(
        out,
        "POST {}{} with {}: {}",
        mock.base_url(),
        mesh_link_api::wire::LINK_TOKEN_PATH,
        mesh_link_api::wire::CLIENT_ID_HEADER,
        mock.client_id()
    );
    for path in mesh_link_api::wire::CATALOG_PATHS {
        let _ = writeln!(out, "GET {}{path}", mock.base_url());
    }
    if let Some(control) = mock.control_url() {
        let _ = writeln!(
            out,
            "control API: {control}/faults, /requests, /transfers, /webhooks, /reset"
        );
    }
    if let Some(url) = mock.webhook_url() {
        let _ = writeln!(out, "webhooks: POST {url}, signed with the webhook secret");
    }
    let _ = out.flush();
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("mesh-mock: cannot listen for Ctrl-C; stopping");
    }
    mock.shutdown().await;
    ExitCode::SUCCESS
}
