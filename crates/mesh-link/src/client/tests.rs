//! The client's configuration: the environment variables, the builder's checks, redaction, sharing.

use std::ffi::OsString;
use std::time::Duration;

use super::*;

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| OsString::from(v))
    }
}

#[test]
fn from_env_reads_credentials_and_defaults_to_sandbox() {
    let client = MeshClient::from_vars(vars(&[
        ("MESH_CLIENT_ID", "id"),
        ("MESH_CLIENT_SECRET", "secret"),
    ]))
    .unwrap();
    assert_eq!(client.environment(), &Environment::Sandbox);
    let production = vars(&[
        ("MESH_CLIENT_ID", "id"),
        ("MESH_CLIENT_SECRET", "s"),
        ("MESH_ENV", "production"),
    ]);
    assert_eq!(
        MeshClient::from_vars(production).unwrap().environment(),
        &Environment::Production
    );
    let local = vars(&[
        ("MESH_CLIENT_ID", "id"),
        ("MESH_CLIENT_SECRET", "s"),
        ("MESH_ENV", "http://127.0.0.1:4010"),
    ]);
    assert_eq!(
        MeshClient::from_vars(local)
            .unwrap()
            .environment()
            .to_string(),
        "http://127.0.0.1:4010/"
    );
}

#[test]
fn from_env_names_the_missing_or_bad_variable_without_its_value() {
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("MESH_CLIENT_SECRET", "s")], "MESH_CLIENT_ID is not set"),
        (&[("MESH_CLIENT_ID", "id")], "MESH_CLIENT_SECRET is not set"),
        (
            &[("MESH_CLIENT_ID", "id"), ("MESH_CLIENT_SECRET", "  ")],
            "MESH_CLIENT_SECRET is not set",
        ),
        (
            &[
                ("MESH_CLIENT_ID", "id"),
                ("MESH_CLIENT_SECRET", "s"),
                ("MESH_ENV", "staging"),
            ],
            "MESH_ENV is invalid",
        ),
        (
            &[
                ("MESH_CLIENT_ID", "id"),
                ("MESH_CLIENT_SECRET", "top secret"),
            ],
            "MESH_CLIENT_SECRET is invalid",
        ),
    ];
    for (pairs, expected) in cases {
        let message = MeshClient::from_vars(vars(pairs)).unwrap_err().to_string();
        assert!(message.contains(expected), "{pairs:?}: {message}");
        assert!(!message.contains("top secret"), "{message}");
    }
}

#[test]
fn a_builder_from_the_environment_takes_more_settings_and_still_names_the_variables() {
    let builder = MeshClientBuilder::from_vars(vars(&[
        ("MESH_CLIENT_ID", "id"),
        ("MESH_CLIENT_SECRET", "secret"),
        ("MESH_ENV", "production"),
    ]))
    .unwrap();
    let client = builder
        .catalog_checks(crate::catalog::CatalogChecks::Required)
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    assert_eq!(client.environment(), &Environment::Production);
    assert_eq!(client.shared.settings.timeout, Duration::from_secs(3));
    assert_eq!(
        client.shared.catalogs.checks,
        Some(crate::catalog::CatalogChecks::Required)
    );
    // A credential the builder refuses later is still named by its variable, never shown.
    let bad = MeshClientBuilder::from_vars(vars(&[
        ("MESH_CLIENT_ID", "id"),
        ("MESH_CLIENT_SECRET", "top secret"),
    ]))
    .unwrap()
    .deadline(Duration::from_secs(5))
    .build()
    .unwrap_err()
    .to_string();
    assert!(bad.contains("MESH_CLIENT_SECRET is invalid"), "{bad}");
    assert!(!bad.contains("top secret"), "{bad}");
}

#[test]
fn the_builder_refuses_settings_that_cannot_work() {
    let builder = || MeshClient::builder("id", "secret");
    for (result, expected) in [
        (builder().timeout(Duration::ZERO).build(), "timeout"),
        (builder().deadline(Duration::ZERO).build(), "deadline"),
        (
            builder().connect_timeout(Duration::ZERO).build(),
            "connect_timeout",
        ),
        (
            builder().max_response_bytes(10).build(),
            "max_response_bytes",
        ),
        (builder().base_url("ftp://x").build(), "base URL"),
        (MeshClient::builder("", "secret").build(), "client ID"),
        (
            MeshClient::builder("id", "line\nbreak").build(),
            "client secret",
        ),
    ] {
        let message = result.unwrap_err().to_string();
        assert!(message.contains(expected), "{message}");
    }
}

#[test]
fn debug_output_never_shows_the_secret() {
    let builder = MeshClient::builder("visible-id", "hidden-secret-value");
    assert!(!format!("{builder:?}").contains("hidden-secret-value"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(shown.contains("visible-id"), "{shown}");
    assert!(!shown.contains("hidden-secret-value"), "{shown}");
    let http = format!("{:?}", client.shared.http);
    assert!(
        http.contains("visible-id"),
        "the credentials are default headers: {http}"
    );
    assert!(!http.contains("hidden-secret-value"), "{http}");
}

#[test]
fn the_client_is_cheap_to_clone_and_shareable_across_tasks() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<MeshClient>();
    let client = MeshClient::builder("id", "secret").build().unwrap();
    let clone = client.clone();
    assert!(Arc::ptr_eq(&client.shared, &clone.shared));
}

#[test]
fn a_builder_can_be_cloned_to_make_clients_that_differ_in_one_setting() {
    let shared = MeshClient::builder("id", "shared-secret-value").timeout(Duration::from_secs(3));
    let sandbox = shared.clone().build().unwrap();
    let production = shared
        .clone()
        .environment(Environment::Production)
        .build()
        .unwrap();
    assert_eq!(sandbox.environment(), &Environment::Sandbox);
    assert_eq!(production.environment(), &Environment::Production);
    assert_eq!(production.shared.settings.timeout, Duration::from_secs(3));
    assert!(!format!("{shared:?}").contains("shared-secret-value"));
}
