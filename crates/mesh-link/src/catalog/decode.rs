//! Mesh's catalog answers read through the generated (open) types into this crate's lists: a
//! field, network type or integration type Mesh adds decodes; an entry without an ID, which no
//! request could name, is left out; an answer with no list, or no entry with an ID, is an error.

use mesh_link_api::types::{
    ApiResultStatus, ApiResultStatusKnown, IntegrationNetworkResponseApiResult,
    IntegrationNetworksModelResponse, NetworkModelResponseApiResult,
    NetworkResponseWithIntegrations, TokenNetworksModel, TokenNetworksResponseApiResult,
};
use serde::de::DeserializeOwned;

use super::distinct_symbols;
use super::entries::{self, MAX_ENTRIES};
use super::integration::{Integration, IntegrationNetwork, Integrations};
use super::network::{Network, Networks};
use super::token::{Token, TokenNetwork, Tokens};
use crate::error::Error;
use crate::transport::status::{Answer, read_answer, refused_despite_success};

/// What Mesh's answer to `GET /api/v1/transfers/managed/networks` means, exactly as
/// [`MeshClient::networks`](crate::MeshClient::networks) reads it: for fetching the catalog with
/// your own HTTP stack. `retry_after` is the answer's `Retry-After` header, if any.
pub fn decode_networks(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Networks, Error> {
    read_networks(Answer::from_parts(http_status, retry_after, body), "")
}

/// What Mesh's answer to `GET /api/v1/transfers/managed/integrations` means, as
/// [`decode_networks`] does for the networks.
pub fn decode_integrations(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Integrations, Error> {
    read_integrations(Answer::from_parts(http_status, retry_after, body), "")
}

/// What Mesh's answer to `GET /api/v1/transfers/managed/tokens` means, as [`decode_networks`]
/// does for the networks.
pub fn decode_tokens(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Tokens, Error> {
    read_tokens(Answer::from_parts(http_status, retry_after, body), "")
}

/// Reads the answer to `GET /api/v1/transfers/managed/networks`.
pub(crate) fn read_networks(answer: Answer<&[u8]>, secret: &str) -> Result<Networks, Error> {
    let listed = read_list::<NetworkModelResponseApiResult>(answer, secret)?;
    let networks = usable::<NetworkModelResponseApiResult, _>(listed, network, answer, secret)?;
    Ok(Networks::new(networks))
}

/// Reads the answer to `GET /api/v1/transfers/managed/integrations`.
pub(crate) fn read_integrations(
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<Integrations, Error> {
    let listed = read_list::<IntegrationNetworkResponseApiResult>(answer, secret)?;
    let integrations =
        usable::<IntegrationNetworkResponseApiResult, _>(listed, integration, answer, secret)?;
    Ok(Integrations::new(integrations))
}

/// Reads the answer to `GET /api/v1/transfers/managed/tokens`.
pub(crate) fn read_tokens(answer: Answer<&[u8]>, secret: &str) -> Result<Tokens, Error> {
    let listed = read_list::<TokenNetworksResponseApiResult>(answer, secret)?;
    let tokens = usable::<TokenNetworksResponseApiResult, _>(listed, token, answer, secret)?;
    Ok(Tokens::new(tokens))
}

/// The entries a request could name (those with an ID); none at all is no catalog, but a
/// glitch that must not be kept as one: with checks on, it would refuse every request.
fn usable<E: CatalogEnvelope, T>(
    listed: Vec<E::Item>,
    read: fn(E::Item) -> Option<T>,
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<Vec<T>, Error> {
    let count = listed.len();
    let usable: Vec<T> = listed.into_iter().filter_map(read).collect();
    if !usable.is_empty() {
        return Ok(usable);
    }
    let reason = match count {
        0 => format!(
            "the answer lists no {}; Mesh's catalog is never empty",
            E::LIST
        ),
        _ => format!("none of the {count} {} listed has an ID", E::LIST),
    };
    Err(answer.undecodable(&reason, secret))
}

/// The generated envelope of one catalog answer: its `status`, and the list in its `content`.
trait CatalogEnvelope: DeserializeOwned {
    /// `networks`, `integrations` or `tokens`, for messages.
    const LIST: &'static str;
    type Item;
    fn status(&self) -> Option<&ApiResultStatus>;
    /// The list, when the answer has one.
    fn into_items(self) -> Option<Vec<Self::Item>>;
}

impl CatalogEnvelope for NetworkModelResponseApiResult {
    const LIST: &'static str = "networks";
    type Item = NetworkResponseWithIntegrations;
    fn status(&self) -> Option<&ApiResultStatus> {
        self.status.as_ref()
    }
    fn into_items(self) -> Option<Vec<Self::Item>> {
        self.content.and_then(|c| c.networks)
    }
}

impl CatalogEnvelope for IntegrationNetworkResponseApiResult {
    const LIST: &'static str = "integrations";
    type Item = IntegrationNetworksModelResponse;
    fn status(&self) -> Option<&ApiResultStatus> {
        self.status.as_ref()
    }
    fn into_items(self) -> Option<Vec<Self::Item>> {
        self.content.and_then(|c| c.integrations)
    }
}

impl CatalogEnvelope for TokenNetworksResponseApiResult {
    const LIST: &'static str = "tokens";
    type Item = TokenNetworksModel;
    fn status(&self) -> Option<&ApiResultStatus> {
        self.status.as_ref()
    }
    fn into_items(self) -> Option<Vec<Self::Item>> {
        self.content.and_then(|c| c.tokens)
    }
}

/// The items of a catalog answer, or the error it calls for: any status but 2xx as every
/// operation's; a body that is not the envelope, or has no list, is undecodable; a 2xx whose
/// envelope says otherwise is Mesh's refusal. A body that holds more values than
/// [`MAX_ENTRIES`] is not decoded at all.
fn read_list<E: CatalogEnvelope>(
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<Vec<E::Item>, Error> {
    if answer.error_by_status().is_none() && entries::exceed(answer.body, MAX_ENTRIES) {
        let reason = format!(
            "the answer holds more than {MAX_ENTRIES} values, far more than Mesh's {} answer",
            E::LIST
        );
        return Err(answer.undecodable(&reason, secret));
    }
    read_answer(answer, secret, |answer, secret| {
        let envelope: E = serde_json::from_slice(answer.body).map_err(|e| {
            let reason = format!("the body is not Mesh's {} envelope ({e})", E::LIST);
            answer.undecodable(&reason, secret)
        })?;
        match envelope.status() {
            None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)) => {
                envelope.into_items().ok_or_else(|| {
                    let reason = format!("the answer has no content.{} list", E::LIST);
                    answer.undecodable(&reason, secret)
                })
            }
            Some(_) => Err(refused_despite_success(answer, secret)),
        }
    })
}

fn network(listed: NetworkResponseWithIntegrations) -> Option<Network> {
    let listed_tokens = listed.tokens.into_iter().flatten();
    let tokens = distinct_symbols(
        (listed.supported_tokens.into_iter().flatten())
            .chain(listed_tokens.filter_map(|token| token.symbol)),
    );
    Some(Network {
        id: listed.id?.into(),
        name: listed.name.unwrap_or_default(),
        chain_id: listed.chain_id.filter(|id| !id.is_empty()),
        network_type: listed.network_type,
        native_symbol: listed.native_symbol.filter(|s| !s.is_empty()),
        tokens,
        integration_types: listed.supported_broker_types.unwrap_or_default(),
    })
}

fn integration(listed: IntegrationNetworksModelResponse) -> Option<Integration> {
    let networks = listed
        .networks
        .unwrap_or_default()
        .into_iter()
        .filter_map(|network| {
            Some(IntegrationNetwork {
                id: network.id?.into(),
                name: network.name.unwrap_or_default(),
                tokens: distinct_symbols(network.supported_tokens.into_iter().flatten()),
            })
        })
        .collect();
    // Mesh's examples give some integrations a type and no name: name them by their type.
    let name = listed
        .name
        .filter(|name| !name.is_empty())
        .or_else(|| listed.type_.as_ref().map(ToString::to_string))
        .unwrap_or_default();
    Some(Integration {
        id: listed.id?.into(),
        name,
        integration_type: listed.type_,
        networks,
        incoming: listed.supports_incoming_transfers.unwrap_or(false),
        outgoing: listed.supports_outgoing_transfers.unwrap_or(false),
    })
}

fn token(listed: TokenNetworksModel) -> Option<Token> {
    let networks = listed
        .networks
        .unwrap_or_default()
        .into_iter()
        .filter_map(|network| {
            Some(TokenNetwork {
                id: network.id?.into(),
                name: network.name.unwrap_or_default(),
            })
        })
        .collect();
    Some(Token {
        symbol: listed.token.filter(|symbol| !symbol.is_empty())?,
        networks,
        integration_types: listed.supported_integrations.unwrap_or_default(),
    })
}
