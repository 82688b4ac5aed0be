//! Mesh's catalog answers read through the generated (open) types into this crate's lists: a
//! field, network type or integration type Mesh adds decodes; an entry without an ID, which no
//! request could name, is left out.

use mesh_link_api::types::{
    ApiResultStatus, ApiResultStatusKnown, IntegrationNetworkResponseApiResult,
    IntegrationNetworksModelResponse, NetworkModelResponseApiResult,
    NetworkResponseWithIntegrations, TokenNetworksModel, TokenNetworksResponseApiResult,
};
use serde::de::DeserializeOwned;

use super::integration::{Integration, IntegrationNetwork, Integrations};
use super::network::{Network, Networks};
use super::token::{Token, TokenNetwork, Tokens};
use crate::answer::{Answer, judge_with, refused_despite_success};
use crate::error::Error;

/// What Mesh's answer to `GET /api/v1/transfers/managed/networks` means, exactly as
/// [`MeshClient::networks`](crate::MeshClient::networks) judges it: for fetching the catalog with
/// your own HTTP stack. `retry_after` is the answer's `Retry-After` header, if any.
pub fn decode_networks(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Networks, Error> {
    judge_networks(Answer::from_parts(http_status, retry_after, body), "")
}

/// What Mesh's answer to `GET /api/v1/transfers/managed/integrations` means, as
/// [`decode_networks`] does for the networks.
pub fn decode_integrations(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Integrations, Error> {
    judge_integrations(Answer::from_parts(http_status, retry_after, body), "")
}

/// What Mesh's answer to `GET /api/v1/transfers/managed/tokens` means, as [`decode_networks`]
/// does for the networks.
pub fn decode_tokens(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Tokens, Error> {
    judge_tokens(Answer::from_parts(http_status, retry_after, body), "")
}

/// Judges the answer to `GET /api/v1/transfers/managed/networks`.
pub(crate) fn judge_networks(answer: Answer<&[u8]>, secret: &str) -> Result<Networks, Error> {
    let listed = judge_list::<NetworkModelResponseApiResult>(answer, secret)?;
    Ok(Networks::new(
        listed.into_iter().filter_map(network).collect(),
    ))
}

/// Judges the answer to `GET /api/v1/transfers/managed/integrations`.
pub(crate) fn judge_integrations(
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<Integrations, Error> {
    let listed = judge_list::<IntegrationNetworkResponseApiResult>(answer, secret)?;
    Ok(Integrations::new(
        listed.into_iter().filter_map(integration).collect(),
    ))
}

/// Judges the answer to `GET /api/v1/transfers/managed/tokens`.
pub(crate) fn judge_tokens(answer: Answer<&[u8]>, secret: &str) -> Result<Tokens, Error> {
    let listed = judge_list::<TokenNetworksResponseApiResult>(answer, secret)?;
    Ok(Tokens::new(listed.into_iter().filter_map(token).collect()))
}

/// The generated envelope of one catalog answer: its `status`, and the list in its `content`.
trait CatalogEnvelope: DeserializeOwned {
    /// `networks`, `integrations` or `tokens`, for messages.
    const LIST: &'static str;
    type Item;
    fn status(&self) -> Option<&ApiResultStatus>;
    fn into_items(self) -> Vec<Self::Item>;
}

impl CatalogEnvelope for NetworkModelResponseApiResult {
    const LIST: &'static str = "networks";
    type Item = NetworkResponseWithIntegrations;
    fn status(&self) -> Option<&ApiResultStatus> {
        self.status.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.content.and_then(|c| c.networks).unwrap_or_default()
    }
}

impl CatalogEnvelope for IntegrationNetworkResponseApiResult {
    const LIST: &'static str = "integrations";
    type Item = IntegrationNetworksModelResponse;
    fn status(&self) -> Option<&ApiResultStatus> {
        self.status.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.content
            .and_then(|c| c.integrations)
            .unwrap_or_default()
    }
}

impl CatalogEnvelope for TokenNetworksResponseApiResult {
    const LIST: &'static str = "tokens";
    type Item = TokenNetworksModel;
    fn status(&self) -> Option<&ApiResultStatus> {
        self.status.as_ref()
    }
    fn into_items(self) -> Vec<Self::Item> {
        self.content.and_then(|c| c.tokens).unwrap_or_default()
    }
}

/// The items of a catalog answer, or the error it calls for: any status but 2xx as every
/// operation's; a body that is not the envelope is undecodable; a 2xx whose envelope says
/// otherwise is Mesh's refusal.
fn judge_list<E: CatalogEnvelope>(
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<Vec<E::Item>, Error> {
    judge_with(answer, secret, |answer, secret| {
        let envelope: E = serde_json::from_slice(answer.body).map_err(|e| {
            let reason = format!("the body is not Mesh's {} envelope ({e})", E::LIST);
            answer.undecodable(&reason, secret)
        })?;
        match envelope.status() {
            None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)) => {
                Ok(envelope.into_items())
            }
            Some(_) => Err(refused_despite_success(answer)),
        }
    })
}

fn network(listed: NetworkResponseWithIntegrations) -> Option<Network> {
    let mut tokens: Vec<String> = listed.supported_tokens.unwrap_or_default();
    for token in listed.tokens.into_iter().flatten() {
        if let Some(symbol) = token.symbol
            && !tokens
                .iter()
                .any(|known| super::same_symbol(known, &symbol))
        {
            tokens.push(symbol);
        }
    }
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
                tokens: network.supported_tokens.unwrap_or_default(),
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
