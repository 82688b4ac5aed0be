//! The catalogs the mock serves at `GET /api/v1/transfers/managed/{networks,integrations,tokens}`:
//! its own fixture, or one a user loads, in the shape of Mesh's answers.

use std::collections::BTreeMap;

use mesh_link_api::types::{
    IntegrationNetworksModelResponse, NetworkResponseWithIntegrations, TokenNetworksModel,
};
use serde_json::{Map, Value, json};

/// The emulator's fixture (`catalog.json` in this crate): the networks and integrations whose
/// IDs `mesh-link`'s constants hold, with tokens as Mesh's examples and guide show them. Not
/// Mesh's live catalog.
const FIXTURE: &str = include_str!("../catalog.json");

/// Why a catalog file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The text is not a catalog: `{"networks": [...], "integrations": [...], "tokens": [...]}`.
    #[error("the catalog is not a JSON object of networks, integrations and tokens: {reason}")]
    Malformed {
        /// What is wrong with it.
        reason: String,
    },
}

/// What the mock answers to the three catalog `GET`s.
///
/// Each list holds the items of Mesh's answer as its `content` carries them
/// (`content.networks`, `content.integrations`, `content.tokens`); a catalog without `tokens`
/// gets them derived from its networks.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    networks: Vec<Value>,
    integrations: Vec<Value>,
    tokens: Vec<Value>,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::fixture()
    }
}

impl Catalog {
    /// The emulator's own catalog: the networks and integrations whose IDs `mesh-link`'s
    /// constants hold. An emulator fixture, not Mesh's live list.
    pub fn fixture() -> Self {
        // A unit test proves the fixture reads; a broken one would serve an empty catalog.
        Self::from_json(FIXTURE).unwrap_or_else(|_| Self::empty())
    }

    /// A catalog that lists nothing.
    pub fn empty() -> Self {
        Self {
            networks: Vec::new(),
            integrations: Vec::new(),
            tokens: Vec::new(),
        }
    }

    /// A catalog from JSON text (`{"networks": [...], "integrations": [...], "tokens": [...]}`),
    /// each item in the shape of Mesh's answers.
    pub fn from_json(text: &str) -> Result<Self, CatalogError> {
        let malformed = |reason: String| CatalogError::Malformed { reason };
        let document: Value =
            serde_json::from_str(text).map_err(|e| malformed(format!("not JSON ({e})")))?;
        let Value::Object(mut document) = document else {
            return Err(malformed("not a JSON object".to_owned()));
        };
        let mut list = |key: &str| match document.remove(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(malformed(format!("`{key}` is not a list"))),
        };
        let networks = list("networks")?;
        let integrations = list("integrations")?;
        let tokens = list("tokens")?;
        in_shape("networks", &networks, |item| {
            serde_json::from_value::<NetworkResponseWithIntegrations>(item).map(drop)
        })?;
        in_shape("integrations", &integrations, |item| {
            serde_json::from_value::<IntegrationNetworksModelResponse>(item).map(drop)
        })?;
        in_shape("tokens", &tokens, |item| {
            serde_json::from_value::<TokenNetworksModel>(item).map(drop)
        })?;
        let tokens = if tokens.is_empty() {
            tokens_of(&networks)
        } else {
            tokens
        };
        Ok(Self {
            networks,
            integrations,
            tokens,
        })
    }

    /// The `content` of the answer at `path`, one of the catalog paths.
    pub(crate) fn content(&self, path: &str) -> Option<Value> {
        use mesh_link_api::wire::{INTEGRATIONS_PATH, NETWORKS_PATH, TOKENS_PATH};
        match path {
            NETWORKS_PATH => Some(json!({"networks": self.networks})),
            INTEGRATIONS_PATH => Some(json!({"integrations": self.integrations})),
            TOKENS_PATH => Some(json!({"tokens": self.tokens})),
            _ => None,
        }
    }

    /// The name of the network with this ID, when the catalog lists it.
    pub(crate) fn network_name(&self, id: &str) -> Option<String> {
        self.networks
            .iter()
            .find(|network| same_id(network.get("id"), id))
            .and_then(|network| network.get("name")?.as_str().map(str::to_owned))
    }

    /// The integration with this ID, when the catalog lists it.
    pub(crate) fn integration(&self, id: &str) -> Option<&Value> {
        self.integrations
            .iter()
            .find(|integration| same_id(integration.get("id"), id))
    }
}

/// Every item of the list `key` reads as the spec's type of it (`read`), or the first that does
/// not is named.
fn in_shape(
    key: &str,
    items: &[Value],
    read: impl Fn(Value) -> Result<(), serde_json::Error>,
) -> Result<(), CatalogError> {
    for (index, item) in items.iter().enumerate() {
        read(item.clone()).map_err(|e| CatalogError::Malformed {
            reason: format!("{key}[{index}]: {e}"),
        })?;
    }
    Ok(())
}

/// Whether a listed `id` is `wanted` (IDs compare ignoring case, as UUIDs do).
pub(crate) fn same_id(listed: Option<&Value>, wanted: &str) -> bool {
    listed
        .and_then(Value::as_str)
        .is_some_and(|id| id.eq_ignore_ascii_case(wanted))
}

/// Each symbol the networks list, with the networks it travels on and the integration types
/// those networks name.
fn tokens_of(networks: &[Value]) -> Vec<Value> {
    let mut tokens: BTreeMap<String, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
    for network in networks {
        let symbols = network
            .get("supportedTokens")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        for symbol in symbols {
            let (on, integrations) = tokens.entry(symbol.to_owned()).or_default();
            let mut listed = Map::new();
            for key in ["id", "name"] {
                if let Some(value) = network.get(key) {
                    listed.insert(key.to_owned(), value.clone());
                }
            }
            on.push(Value::Object(listed));
            for broker in network
                .get("supportedBrokerTypes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !integrations.contains(broker) {
                    integrations.push(broker.clone());
                }
            }
        }
    }
    tokens
        .into_iter()
        .map(|(symbol, (networks, integrations))| {
            json!({"token": symbol, "networks": networks, "supportedIntegrations": integrations})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_reads_and_lists_the_constants_networks_and_integrations() {
        let catalog = Catalog::from_json(FIXTURE).unwrap();
        assert_eq!(catalog.networks.len(), 9);
        assert_eq!(catalog.integrations.len(), 5);
        let usdc = catalog
            .tokens
            .iter()
            .find(|token| token["token"] == "USDC")
            .unwrap();
        assert!(usdc["networks"].as_array().unwrap().len() >= 5);
        assert!(
            catalog
                .integration("34AEB688-DECB-485F-9D80-B66466783394")
                .is_some()
        );
    }

    #[test]
    fn catalogs_that_are_not_lists_of_mesh_items_are_refused_with_the_place() {
        for (text, expected) in [
            ("[1, 2]", "not a JSON object"),
            (r#"{"networks": {}}"#, "`networks` is not a list"),
            (r#"{"networks": [{"id": "not-a-uuid"}]}"#, "networks[0]"),
            (r#"{"tokens": [{"token": 5}]}"#, "tokens[0]"),
            ("{", "not JSON"),
        ] {
            let error = Catalog::from_json(text).unwrap_err();
            assert!(error.to_string().contains(expected), "{text}: {error}");
        }
    }
}
