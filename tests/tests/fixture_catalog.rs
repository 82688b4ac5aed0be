//! The emulator's fixture catalog (`crates/mesh-mock/catalog.json`) lists exactly the networks
//! and integrations whose IDs mesh-link's constants hold, under the same names: the constants
//! are one fact, written in `mesh_link::networks` and `mesh_link::integrations`, and the fixture
//! is checked against them, read through the client over HTTP.

use std::collections::BTreeSet;

use mesh_link::{Id, IdKind, IntegrationId, MeshClient, NetworkId};
use mesh_mock::MeshMock;

/// Every constant's ID.
fn constants<K: IdKind + Ord>() -> BTreeSet<Id<K>> {
    Id::<K>::well_known().iter().map(|(_, id)| *id).collect()
}

/// Whether `listed_name` is one of the names the constants give `id`.
fn named<K: IdKind>(id: Id<K>, listed_name: &str) -> bool {
    Id::<K>::well_known()
        .iter()
        .any(|(name, known)| *known == id && name.eq_ignore_ascii_case(listed_name))
}

#[tokio::test]
async fn the_fixture_lists_every_constant_and_nothing_else_under_the_constants_names() {
    let mock = MeshMock::start().await.expect("the emulator starts");
    let client = MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .build()
        .expect("a client");

    let networks = client.networks().await.expect("the fixture's networks");
    let listed: BTreeSet<NetworkId> = networks.iter().map(|n| n.id()).collect();
    assert_eq!(
        listed,
        constants(),
        "the fixture's networks and the constants differ"
    );
    for network in networks.iter() {
        assert!(
            named(network.id(), network.name()),
            "the fixture names {} {:?}, a name the constants do not give it",
            network.id(),
            network.name()
        );
    }

    let integrations = client
        .integrations()
        .await
        .expect("the fixture's integrations");
    let listed: BTreeSet<IntegrationId> = integrations.iter().map(|i| i.id()).collect();
    assert_eq!(
        listed,
        constants(),
        "the fixture's integrations and the constants differ"
    );
    for integration in integrations.iter() {
        assert!(
            named(integration.id(), integration.name()),
            "the fixture names {} {:?}, a name the constants do not give it",
            integration.id(),
            integration.name()
        );
    }
}
