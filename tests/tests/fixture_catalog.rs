//! The emulator's fixture catalog (`crates/mesh-mock/catalog.json`) lists exactly the networks
//! and integrations whose IDs mesh-link's constants hold, under the same names: the constants
//! are one fact, written in `mesh_link::networks` and `mesh_link::integrations`, and the fixture
//! is checked against them, read through the client over HTTP.

use std::collections::BTreeSet;

use mesh_link::integrations::IntegrationIdKind;
use mesh_link::networks::NetworkIdKind;
use mesh_link::{Id, IdKind, MeshClient};
use mesh_mock::MeshMock;

/// `listed` (ID and name of each entry of a catalog) holds exactly the constants of `K`, each
/// under one of the names the constants give it.
fn listed_as_the_constants<'a, K: IdKind + Ord>(listed: impl Iterator<Item = (Id<K>, &'a str)>) {
    let listed: Vec<(Id<K>, &str)> = listed.collect();
    let ids: BTreeSet<Id<K>> = listed.iter().map(|(id, _)| *id).collect();
    let constants: BTreeSet<Id<K>> = Id::<K>::well_known().iter().map(|(_, id)| *id).collect();
    assert_eq!(
        ids,
        constants,
        "the fixture's {}s and the constants differ",
        K::NOUN
    );
    for (id, listed_name) in listed {
        assert!(
            Id::<K>::well_known()
                .iter()
                .any(|(name, known)| *known == id && name.eq_ignore_ascii_case(listed_name)),
            "the fixture names {id} {listed_name:?}, a name the constants do not give it"
        );
    }
}

#[tokio::test]
async fn the_fixture_lists_every_constant_and_nothing_else_under_the_constants_names() {
    let mock = MeshMock::start().await.expect("the emulator starts");
    let client = MeshClient::builder(mock.client_id(), mock.client_secret())
        .base_url(mock.base_url())
        .build()
        .expect("a client");
    let networks = client.networks().await.expect("the fixture's networks");
    listed_as_the_constants::<NetworkIdKind>(networks.iter().map(|n| (n.id(), n.name())));
    let integrations = client
        .integrations()
        .await
        .expect("the fixture's integrations");
    listed_as_the_constants::<IntegrationIdKind>(integrations.iter().map(|i| (i.id(), i.name())));
}
