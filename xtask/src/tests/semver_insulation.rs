//! Mesh adds enum values and optional fields all the time; for a user of `mesh-link` that must
//! never be a breaking change. This regenerates the client from the vendored spec with a value
//! and a field added, and compiles a user program against the wrapper, unchanged, before and
//! after; a program that matches the wrapper's enums exhaustively must not compile at all.

use std::path::Path;
use std::process::Output;

use super::scratch::{self, copy_dir, write_if_changed};
use crate::workspace::{self, GENERATED_CLIENT};

/// What a careful user writes: a wildcard arm on every enum that mirrors Mesh's.
const WILDCARD_USER: &str = r#"
use mesh_link::{
    ApiStatus, BrokerType, Environment, Error, KnownApiStatus, LinkTokenRequest, NetworkType,
    TransferKind, WalletVerification,
};

fn broker(value: BrokerType) -> &'static str {
    match value {
        BrokerType::Coinbase => "coinbase",
        _ => "another broker",
    }
}

fn network(value: NetworkType) -> &'static str {
    match value {
        NetworkType::Evm => "evm",
        _ => "another network type",
    }
}

fn transfer(value: TransferKind) -> &'static str {
    match value {
        TransferKind::Deposit => "deposit",
        TransferKind::Payment => "payment",
        TransferKind::Onramp => "onramp",
        _ => "another transfer",
    }
}

fn environment(value: &Environment) -> &'static str {
    match value {
        Environment::Sandbox => "sandbox",
        Environment::Production => "production",
        _ => "elsewhere",
    }
}

fn status(value: &ApiStatus) -> &'static str {
    match value {
        ApiStatus::Known(KnownApiStatus::Ok) => "ok",
        ApiStatus::Known(_) => "a known refusal",
        ApiStatus::Unknown(_) => "a status Mesh added",
        _ => "something else",
    }
}

fn error(value: &Error) -> &'static str {
    match value {
        Error::Unauthorized => "check the credentials",
        _ => "another error",
    }
}

fn main() {
    let request = LinkTokenRequest::verify_wallet(
        "user-1",
        WalletVerification::signed_message().network_type(NetworkType::Evm),
    );
    println!(
        "{} {} {} {} {} {} {:?}",
        broker(BrokerType::Coinbase),
        network(NetworkType::Evm),
        transfer(TransferKind::Deposit),
        environment(&Environment::Sandbox),
        status(&ApiStatus::Unknown("new".into())),
        error(&Error::Unauthorized),
        request.validate().is_ok(),
    );
}
"#;

/// What the compiler refuses: exhaustive matches, one per public enum that can grow.
const EXHAUSTIVE_USER: &str = r#"
use mesh_link::{ApiStatus, BrokerType, Environment, Error, KnownApiStatus, NetworkType, TransferKind};

pub fn broker(value: BrokerType) -> u8 { match value { BrokerType::Coinbase => 0 } }
pub fn network(value: NetworkType) -> u8 { match value { NetworkType::Evm => 0 } }
pub fn transfer(value: TransferKind) -> u8 {
    match value { TransferKind::Deposit => 0, TransferKind::Payment => 1, TransferKind::Onramp => 2 }
}
pub fn environment(value: &Environment) -> u8 {
    match value { Environment::Sandbox => 0, Environment::Production => 1, Environment::Custom(_) => 2 }
}
pub fn known(value: KnownApiStatus) -> u8 { match value { KnownApiStatus::Ok => 0 } }
pub fn status(value: &ApiStatus) -> u8 { match value { ApiStatus::Known(_) => 0, ApiStatus::Unknown(_) => 1 } }
pub fn error(value: &Error) -> u8 { match value { Error::Unauthorized => 0 } }

fn main() {}
"#;

/// The vendored spec with what Mesh typically adds: an enum value sent in requests, a status
/// read in responses, and an optional field on each side.
fn grown_spec(spec: &str) -> String {
    let grown = spec
        .replacen("      - bybitEuDirect\n", "      - bybitEuDirect\n      - brokerMeshAddedLater\n", 1)
        .replacen(
            "      - unavailableForLegalReasons\n",
            "      - unavailableForLegalReasons\n      - statusMeshAddedLater\n",
            1,
        )
        .replacen(
            "        addressTag:\n",
            "        addedLaterByMesh:\n          nullable: true\n          type: string\n        addressTag:\n",
            1,
        )
        .replacen(
            "        linkToken:\n",
            "        addedLaterByMesh:\n          nullable: true\n          type: string\n        linkToken:\n",
            1,
        );
    assert_eq!(
        grown.matches("MeshAddedLater").count() + grown.matches("addedLaterByMesh").count(),
        4,
        "the vendored spec no longer has the places this test grows"
    );
    grown
}

fn user_crate(scratch: &Path, name: &str, main: &str) {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nmesh-link = {{ path = \"../crates/mesh-link\" }}\n"
    );
    write_if_changed(&scratch.join(name).join("Cargo.toml"), &manifest);
    write_if_changed(&scratch.join(name).join("src/main.rs"), main);
}

fn check(scratch: &Path, package: &str) -> Output {
    scratch::cargo(
        scratch,
        &[
            "check",
            "--offline",
            "--message-format=short",
            "-p",
            package,
        ],
    )
}

#[test]
fn an_added_enum_value_and_optional_field_do_not_break_a_users_build() {
    let repo = workspace::root();
    let scratch = scratch::workspace_with(
        "semver-insulation",
        &[
            "crates/mesh-link-api",
            "crates/mesh-link",
            "crates/mesh-mock",
            "user-wildcards",
            "user-exhaustive",
        ],
    );
    // The crates as they are, in the same layout, so the workspace's path dependencies resolve.
    for member in [
        "crates/mesh-link-api",
        "crates/mesh-link",
        "crates/mesh-mock",
    ] {
        copy_dir(&repo.join(member), &scratch.join(member));
    }
    user_crate(&scratch, "user-wildcards", WILDCARD_USER);
    user_crate(&scratch, "user-exhaustive", EXHAUSTIVE_USER);

    let before = check(&scratch, "user-wildcards");
    assert!(
        before.status.success(),
        "the user program does not compile against the wrapper as it is:\n{}",
        String::from_utf8_lossy(&before.stderr)
    );

    let spec = std::fs::read_to_string(repo.join(workspace::SPEC)).unwrap();
    let generated = crate::codegen::generate(&grown_spec(&spec)).unwrap();
    for (path, text) in &generated.files {
        write_if_changed(&scratch.join(path), text);
    }
    let regenerated = std::fs::read_to_string(scratch.join(GENERATED_CLIENT)).unwrap();
    assert!(
        regenerated.contains("BrokerMeshAddedLater") && regenerated.contains("added_later_by_mesh")
    );

    let after = check(&scratch, "user-wildcards");
    assert!(
        after.status.success(),
        "an additive spec change broke the wrapper or a user program with wildcard arms:\n{}",
        String::from_utf8_lossy(&after.stderr)
    );

    let exhaustive = check(&scratch, "user-exhaustive");
    let errors = String::from_utf8_lossy(&exhaustive.stderr);
    assert!(!exhaustive.status.success(), "exhaustive matches compiled");
    // One refusal per match, each on its own line of the program.
    for (number, line) in EXHAUSTIVE_USER.lines().enumerate() {
        if line.contains("match value") {
            let at = format!("src/main.rs:{}:", number + 1);
            assert!(
                errors
                    .lines()
                    .any(|error| error.contains(&at) && error.contains("error[E0004]")),
                "an exhaustive match was not refused: {line}\n{errors}"
            );
        }
    }
}
