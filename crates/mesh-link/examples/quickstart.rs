//! Requests a link token for each use case of Mesh's guide, prints what came back, and confirms
//! the payment's transfer once the user has paid.
//!
//! With `MESH_CLIENT_ID` and `MESH_CLIENT_SECRET` set, it talks to Mesh (`MESH_ENV`: sandbox by
//! default). Without them it starts the local emulator, `mesh-mock`, and says so.
//!
//! ```sh
//! cargo run -p mesh-link --example quickstart
//! ```

use std::time::Duration;

use mesh_link::catalog::CatalogChecks;
use mesh_link::{
    Destination, LinkToken, LinkTokenRequest, MeshClient, MeshClientBuilder, TransferWait,
    WaitOutcome, WalletVerification, integrations, networks,
};
use mesh_mock::{Completion, MeshMock, Outcome};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the emulator alive for the whole run when it is used.
    let (builder, mock) = client_builder().await?;
    let client = builder.clone().build()?;
    let user = "quickstart-user-0001";

    // The guide's first step: the network IDs, from Mesh's catalog (fetched once, then kept).
    let listed = client.networks().await?;
    if let Some(base) = listed.by_name("base") {
        println!(
            "{:>20}: {} is network {} (chain {}), taking {}",
            "catalog",
            base.name(),
            base.id(),
            base.chain_id().unwrap_or("-"),
            base.tokens().join(", ")
        );
        // With catalog checks on, a token the network does not take is refused before sending.
        let checked = builder.catalog_checks(CatalogChecks::Required).build()?;
        let wrong_token = LinkTokenRequest::deposit(
            user,
            [Destination::new(
                base.id(),
                "BTC",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            )],
        );
        if let Err(error) = checked.create_link_token(&wrong_token).await {
            println!("{:>20}: {error}", "a wrong token");
        }
    }

    let destinations = [
        Destination::new(
            networks::SOLANA,
            "USDC",
            "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin",
        ),
        Destination::new(
            networks::ETHEREUM,
            "USDC",
            "0x2f3e4c7f0b1c8d0e6a9b5c4d3e2f1a0b9c8d7e6f",
        ),
        Destination::new(
            networks::BASE,
            "USDC",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        ),
    ];
    let use_cases = [
        (
            "deposit",
            LinkTokenRequest::deposit(user, destinations.clone())
                .transaction_id("quickstart-deposit-1"),
        ),
        (
            "payment",
            LinkTokenRequest::payment_of(user, 25, destinations.clone())
                .transaction_id("quickstart-payment-1")
                .generate_pay_link(true),
        ),
        (
            "onramp",
            LinkTokenRequest::onramp(user, [destinations[0].clone()])
                .integration(integrations::BINANCE_CONNECT)
                .amount_in_fiat(100),
        ),
        ("account connection", LinkTokenRequest::connect(user)),
        (
            "wallet verification",
            LinkTokenRequest::verify_wallet(
                user,
                WalletVerification::signed_message()
                    .message("I own this wallet")
                    .network(networks::SOLANA),
            )
            .integration(integrations::PHANTOM),
        ),
    ];
    for (name, request) in &use_cases {
        match client.create_link_token(request).await {
            Ok(token) => print_token(name, &token),
            Err(error) => println!("{name:>20}: failed: {error}"),
        }
    }
    let mistake = LinkTokenRequest::payment("jane@example.com", destinations);
    if let Err(error) = client.create_link_token(&mistake).await {
        println!("{:>20}: {error}", "a mistake");
    }

    // The user pays in Link (the emulator plays the user; with Mesh, pay in the sandbox's Link
    // within the wait), then the backend confirms the order's transfer by its transaction ID.
    let wait = match &mock {
        Some(mock) => {
            let paid = Completion::of_transaction("quickstart-payment-1", Outcome::Succeeded)
                .after(Duration::from_millis(500));
            mock.complete(&paid)?;
            TransferWait::for_transaction("quickstart-payment-1", Duration::from_secs(10))
                .poll_interval(Duration::from_millis(200), Duration::from_secs(1))
        }
        None => TransferWait::for_transaction("quickstart-payment-1", Duration::from_secs(5)),
    };
    match client.wait_for_transfer(&wait).await? {
        WaitOutcome::Final(transfer) => println!(
            "{:>20}: transfer {} {}: {} {} on {} to {}",
            "payment confirmed",
            transfer.id(),
            transfer.status(),
            transfer.amount().map(|a| a.to_string()).unwrap_or_default(),
            transfer.symbol().unwrap_or("?"),
            transfer.network_name().unwrap_or("?"),
            transfer.destination_address().unwrap_or("?"),
        ),
        WaitOutcome::TimedOut { last_seen } => println!(
            "{:>20}: no final transfer yet ({})",
            "payment",
            last_seen.map_or("none listed".to_owned(), |t| t.status().to_string())
        ),
    }
    Ok(())
}

async fn client_builder()
-> Result<(MeshClientBuilder, Option<MeshMock>), Box<dyn std::error::Error>> {
    let has_credentials = [mesh_link::CLIENT_ID_VAR, mesh_link::CLIENT_SECRET_VAR]
        .iter()
        .all(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()));
    if has_credentials {
        let builder = MeshClientBuilder::from_env()?;
        println!("Using Mesh with the credentials in the environment.\n");
        return Ok((builder, None));
    }
    let mock = MeshMock::start().await?;
    println!(
        "No {} / {} in the environment: using the local emulator mesh-mock at {}.\n",
        mesh_link::CLIENT_ID_VAR,
        mesh_link::CLIENT_SECRET_VAR,
        mock.base_url()
    );
    let builder =
        MeshClient::builder(mock.client_id(), mock.client_secret()).base_url(mock.base_url());
    Ok((builder, Some(mock)))
}

fn print_token(name: &str, token: &LinkToken) {
    // The token itself is a one-time secret: hand it to a Link SDK, do not print it.
    let expires_in = token
        .expires_at()
        .duration_since(std::time::SystemTime::now())
        .unwrap_or_default();
    println!(
        "{name:>20}: a {}-character token for {} (one-time use, expires in {}s){}",
        token.token().len(),
        token.link_url().host_str().unwrap_or("?"),
        expires_in.as_secs(),
        token
            .payment_link()
            .map(|_| ", with a payment link")
            .unwrap_or_default()
    );
}
