//! Self-hosted wallet verification (`verifyWalletOptions`).

use crate::ids::networks::NetworkId;
/// A kind of network (`evm`, `solana`, `bitcoin`...), as Mesh's spec lists them; restricts a
/// wallet verification with [`WalletVerification::network_type`]. Match it with a wildcard arm:
/// Mesh adds kinds.
pub use mesh_link_api::types::NetworkType;

/// Asks the user to prove they own a self-hosted wallet by signing a message.
///
/// Use it alone ([`LinkTokenRequest::verify_wallet`](crate::LinkTokenRequest::verify_wallet)) or
/// add it to a deposit or payment ([`LinkTokenRequest::with_wallet_verification`](crate::LinkTokenRequest::with_wallet_verification)).
/// Restrict the network with [`network`](Self::network) *or* [`network_type`](Self::network_type),
/// not both (Mesh's guide).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WalletVerification {
    pub(crate) message: Option<String>,
    pub(crate) network: Option<NetworkId>,
    pub(crate) network_type: Option<NetworkType>,
    pub(crate) addresses: Vec<String>,
}

impl WalletVerification {
    /// Verification by signed message (`verificationMethods: ["signedMessage"]`, the only method).
    pub fn signed_message() -> Self {
        Self::default()
    }

    /// The message to sign; Mesh uses standard wording when none is given.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = Some(message.into());
        self
    }

    /// Verify an address on this network.
    pub fn network(mut self, network: NetworkId) -> Self {
        self.network = Some(network);
        self
    }

    /// Verify an address on any network of this type (e.g. EVM).
    pub fn network_type(mut self, network_type: NetworkType) -> Self {
        self.network_type = Some(network_type);
        self
    }

    /// Only these addresses may be verified; without it, any address the user connects.
    pub fn addresses<I, S>(mut self, addresses: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.addresses = addresses.into_iter().map(Into::into).collect();
        self
    }
}
