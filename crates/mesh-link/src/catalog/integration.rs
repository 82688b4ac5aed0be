//! The integrations Mesh lists (`GET /api/v1/transfers/managed/integrations`): the exchanges and
//! wallets Link can open on, and the networks each transfers on.

use std::collections::HashMap;

use super::{BrokerTypeOrUnknown, same_symbol};
use crate::ids::integrations::IntegrationId;
use crate::ids::networks::NetworkId;

/// An integration Mesh lists: its ID for `integrationId`, and where it transfers.
#[derive(Clone, Debug, PartialEq)]
pub struct Integration {
    pub(crate) id: IntegrationId,
    pub(crate) name: String,
    pub(crate) integration_type: Option<BrokerTypeOrUnknown>,
    pub(crate) networks: Vec<IntegrationNetwork>,
    pub(crate) incoming: bool,
    pub(crate) outgoing: bool,
}

/// A network an integration transfers on, with the tokens it takes there.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationNetwork {
    pub(crate) id: NetworkId,
    pub(crate) name: String,
    pub(crate) tokens: Vec<String>,
}

impl IntegrationNetwork {
    /// The network's ID.
    pub fn id(&self) -> NetworkId {
        self.id
    }

    /// Mesh's name for the network.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The symbols the integration takes on this network.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Whether the integration takes `symbol` on this network (any case).
    pub fn takes(&self, symbol: &str) -> bool {
        self.tokens.iter().any(|token| same_symbol(token, symbol))
    }
}

impl Integration {
    /// The ID to send as `integrationId`.
    pub fn id(&self) -> IntegrationId {
        self.id
    }

    /// Mesh's name for it (`Coinbase`, `MetaMask`), or its type when Mesh gives no name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its type (`coinbase`, `deFiWallet`...), or a type this client does not know yet.
    pub fn integration_type(&self) -> Option<&BrokerTypeOrUnknown> {
        self.integration_type.as_ref()
    }

    /// Whether it is a self-custody wallet (`deFiWallet`), which Mesh deep-links to directly.
    pub fn is_defi_wallet(&self) -> bool {
        matches!(
            self.integration_type,
            Some(BrokerTypeOrUnknown::Known(
                mesh_link_api::types::BrokerType::DeFiWallet
            ))
        )
    }

    /// The networks it transfers on.
    pub fn networks(&self) -> &[IntegrationNetwork] {
        &self.networks
    }

    /// The network `id`, if it transfers on it.
    pub fn network(&self, id: NetworkId) -> Option<&IntegrationNetwork> {
        self.networks.iter().find(|network| network.id == id)
    }

    /// Whether it transfers on the network `id`.
    pub fn takes_network(&self, id: NetworkId) -> bool {
        self.network(id).is_some()
    }

    /// Whether it takes transfers in (deposits to it).
    pub fn supports_incoming_transfers(&self) -> bool {
        self.incoming
    }

    /// Whether it sends transfers out (deposits and payments from it).
    pub fn supports_outgoing_transfers(&self) -> bool {
        self.outgoing
    }
}

/// Every integration Mesh lists, with lookups by ID and name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Integrations {
    integrations: Vec<Integration>,
    by_id: HashMap<IntegrationId, usize>,
}

impl Integrations {
    pub(crate) fn new(integrations: Vec<Integration>) -> Self {
        let by_id = integrations
            .iter()
            .enumerate()
            .map(|(index, integration)| (integration.id, index))
            .collect();
        Self {
            integrations,
            by_id,
        }
    }

    /// The integration with this ID.
    pub fn get(&self, id: IntegrationId) -> Option<&Integration> {
        self.by_id.get(&id).map(|&index| &self.integrations[index])
    }

    /// The integration of this name, ignoring case (`"coinbase"` finds `Coinbase`).
    pub fn by_name(&self, name: &str) -> Option<&Integration> {
        let name = name.trim();
        self.integrations
            .iter()
            .find(|integration| integration.name.eq_ignore_ascii_case(name))
    }

    /// The networks the integration `id` transfers on (none for one Mesh does not list).
    pub fn networks_of(&self, id: IntegrationId) -> &[IntegrationNetwork] {
        self.get(id)
            .map_or(&[], |integration| &integration.networks)
    }

    /// Every integration, in Mesh's order.
    pub fn iter(&self) -> std::slice::Iter<'_, Integration> {
        self.integrations.iter()
    }

    /// How many integrations Mesh lists.
    pub fn len(&self) -> usize {
        self.integrations.len()
    }

    /// Whether it lists none: only the `Default` list does. A list from Mesh is never empty (an
    /// answer that lists nothing is [`Error::Undecodable`](crate::Error::Undecodable), not kept).
    pub fn is_empty(&self) -> bool {
        self.integrations.is_empty()
    }
}

impl<'a> IntoIterator for &'a Integrations {
    type Item = &'a Integration;
    type IntoIter = std::slice::Iter<'a, Integration>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
