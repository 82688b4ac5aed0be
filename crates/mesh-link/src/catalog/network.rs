//! The networks Mesh lists (`GET /api/v1/transfers/managed/networks`).

use std::collections::HashMap;

use super::{BrokerTypeOrUnknown, NetworkTypeOrUnknown, same_symbol};
use crate::ids::networks::NetworkId;

/// A network Mesh lists: its ID for `networkId`, and the tokens it takes.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub(crate) id: NetworkId,
    pub(crate) name: String,
    pub(crate) chain_id: Option<String>,
    pub(crate) network_type: Option<NetworkTypeOrUnknown>,
    pub(crate) native_symbol: Option<String>,
    pub(crate) tokens: Vec<String>,
    pub(crate) integration_types: Vec<BrokerTypeOrUnknown>,
}

impl Network {
    /// The ID to send as `networkId`.
    pub fn id(&self) -> NetworkId {
        self.id
    }

    /// Mesh's name for it (`Base`, `Solana`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The chain ID (`8453` for Base), where the network has one.
    pub fn chain_id(&self) -> Option<&str> {
        self.chain_id.as_deref()
    }

    /// The kind of network (`evm`, `solana`...), or a kind this client does not know yet.
    pub fn network_type(&self) -> Option<&NetworkTypeOrUnknown> {
        self.network_type.as_ref()
    }

    /// The network's own coin (`ETH` on Base).
    pub fn native_symbol(&self) -> Option<&str> {
        self.native_symbol.as_deref()
    }

    /// The symbols of the tokens Mesh transfers on it.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Whether Mesh transfers `symbol` on this network (any case: `usdc` is `USDC`).
    pub fn takes(&self, symbol: &str) -> bool {
        self.tokens.iter().any(|token| same_symbol(token, symbol))
    }

    /// The integration types (`coinbase`, `deFiWallet`...) that transfer on it.
    pub fn integration_types(&self) -> &[BrokerTypeOrUnknown] {
        &self.integration_types
    }
}

/// Every network Mesh lists, with lookups by ID, name and chain ID.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Networks {
    networks: Vec<Network>,
    by_id: HashMap<NetworkId, usize>,
}

impl Networks {
    pub(crate) fn new(networks: Vec<Network>) -> Self {
        let by_id = networks
            .iter()
            .enumerate()
            .map(|(index, network)| (network.id, index))
            .collect();
        Self { networks, by_id }
    }

    /// The network with this ID.
    pub fn get(&self, id: NetworkId) -> Option<&Network> {
        self.by_id.get(&id).map(|&index| &self.networks[index])
    }

    /// The network of this name, ignoring case (`"base"` finds `Base`).
    pub fn by_name(&self, name: &str) -> Option<&Network> {
        let name = name.trim();
        self.networks
            .iter()
            .find(|network| network.name.eq_ignore_ascii_case(name))
    }

    /// The network with this chain ID (`"8453"` finds Base).
    pub fn by_chain_id(&self, chain_id: &str) -> Option<&Network> {
        let chain_id = chain_id.trim();
        self.networks
            .iter()
            .find(|network| network.chain_id.as_deref() == Some(chain_id))
    }

    /// Whether Mesh transfers `symbol` on the network `id` (false for a network it does not list).
    pub fn takes(&self, id: NetworkId, symbol: &str) -> bool {
        self.get(id).is_some_and(|network| network.takes(symbol))
    }

    /// Every network, in Mesh's order.
    pub fn iter(&self) -> std::slice::Iter<'_, Network> {
        self.networks.iter()
    }

    /// How many networks Mesh lists.
    pub fn len(&self) -> usize {
        self.networks.len()
    }

    /// Whether it lists none: only the `Default` list does. A list from Mesh is never empty (an
    /// answer that lists nothing is [`Error::Undecodable`](crate::Error::Undecodable), not kept).
    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }
}

impl<'a> IntoIterator for &'a Networks {
    type Item = &'a Network;
    type IntoIter = std::slice::Iter<'a, Network>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
