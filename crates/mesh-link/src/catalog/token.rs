//! The tokens Mesh lists (`GET /api/v1/transfers/managed/tokens`), and where each travels.

use super::{BrokerTypeOrUnknown, same_symbol};
use crate::ids::networks::NetworkId;

/// A token Mesh transfers: its symbol, the networks it travels on, the integrations that take it.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub(crate) symbol: String,
    pub(crate) networks: Vec<TokenNetwork>,
    pub(crate) integration_types: Vec<BrokerTypeOrUnknown>,
}

/// A network a token travels on.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenNetwork {
    pub(crate) id: NetworkId,
    pub(crate) name: String,
}

impl TokenNetwork {
    /// The network's ID.
    pub fn id(&self) -> NetworkId {
        self.id
    }

    /// Mesh's name for the network.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Token {
    /// The token's symbol (`USDC`).
    pub fn symbol(&self) -> &str {
        &self.symbol
    }

    /// The networks it travels on.
    pub fn networks(&self) -> &[TokenNetwork] {
        &self.networks
    }

    /// The integration types (`coinbase`, `binanceInternational`...) that take it.
    pub fn integration_types(&self) -> &[BrokerTypeOrUnknown] {
        &self.integration_types
    }
}

/// Every token Mesh lists, with a lookup by symbol.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tokens {
    tokens: Vec<Token>,
}

impl Tokens {
    pub(crate) fn new(tokens: Vec<Token>) -> Self {
        Self { tokens }
    }

    /// The token with this symbol, in any case.
    pub fn get(&self, symbol: &str) -> Option<&Token> {
        let symbol = symbol.trim();
        self.tokens
            .iter()
            .find(|token| same_symbol(&token.symbol, symbol))
    }

    /// Every token, in Mesh's order.
    pub fn iter(&self) -> std::slice::Iter<'_, Token> {
        self.tokens.iter()
    }

    /// How many tokens Mesh lists.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Whether it lists none: only the `Default` list does. A list from Mesh is never empty (an
    /// answer that lists nothing is [`Error::Undecodable`](crate::Error::Undecodable), not kept).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

impl<'a> IntoIterator for &'a Tokens {
    type Item = &'a Token;
    type IntoIter = std::slice::Iter<'a, Token>;

    fn into_iter(self) -> Self::IntoIter {
        self.tokens.iter()
    }
}
