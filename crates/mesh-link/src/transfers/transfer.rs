//! A transfer as Mesh reports it, in this crate's types: IDs typed, amounts exact, times as
//! times.

use std::time::SystemTime;

use rust_decimal::Decimal;

use super::status::TransferStatus;
use crate::ids::integrations::IntegrationId;
use crate::ids::networks::NetworkId;
use crate::ids::{Id, IdKind};

/// Marks an [`Id`] as a transfer ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TransferIdKind;

impl IdKind for TransferIdKind {
    const NOUN: &'static str = "transfer";
    fn well_known() -> &'static [(&'static str, Id<Self>)] {
        &[]
    }
}

/// Mesh's ID of a transfer (`id`), to look it up again with [`TransferQuery::by_id`](crate::TransferQuery::by_id).
pub type TransferId = Id<TransferIdKind>;

/// One transfer of a Link session (`TransferModel`): who, how much, where, and its
/// [status](Self::status).
///
/// Amounts are exactly the decimals Mesh wrote (`10.123` stays `10.123`); a field Mesh left
/// out is `None`. Times are read from Mesh's Unix timestamps (seconds, as its examples show).
#[derive(Clone, Debug, PartialEq)]
pub struct Transfer {
    pub(crate) id: TransferId,
    pub(crate) status: TransferStatus,
    pub(crate) transaction_id: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) transfer_type: Option<String>,
    pub(crate) symbol: Option<String>,
    pub(crate) network_id: Option<NetworkId>,
    pub(crate) network_name: Option<String>,
    pub(crate) amount: Option<Decimal>,
    pub(crate) amount_in_fiat: Option<Decimal>,
    pub(crate) fiat_currency: Option<String>,
    pub(crate) source_amount: Option<Decimal>,
    pub(crate) destination_amount: Option<Decimal>,
    pub(crate) destination_address: Option<String>,
    pub(crate) refund_address: Option<String>,
    pub(crate) hash: Option<String>,
    pub(crate) source_integration: Option<IntegrationId>,
    pub(crate) source_name: Option<String>,
    pub(crate) fees: Fees,
    pub(crate) created_at: Option<SystemTime>,
    pub(crate) executed_at: Option<SystemTime>,
}

/// The fees of a transfer, as Mesh itemizes them.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Fees {
    /// The network's fee for the transaction (`gasFee`).
    pub gas: Option<Fee>,
    /// The source integration's withdrawal fee (`withdrawalFee`).
    pub withdrawal: Option<Fee>,
    /// Mesh's processing fee (`processingFee`).
    pub processing: Option<Fee>,
    /// Every fee together, in fiat (`totalFeesAmountInFiat`).
    pub total_in_fiat: Option<Decimal>,
}

/// One fee (`TransferFee`).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Fee {
    /// The fee, in [`currency`](Self::currency) (`fee`).
    pub amount: Option<Decimal>,
    /// What the fee is paid in (`feeCurrency`: `ETH`, `USDC`...).
    pub currency: Option<String>,
    /// The fee in fiat (`feeInFiat`).
    pub in_fiat: Option<Decimal>,
}

impl Transfer {
    /// Mesh's ID of the transfer (`id`).
    pub fn id(&self) -> TransferId {
        self.id
    }

    /// Where it stands (`status`); [`TransferStatus::is_final`] says whether it can change.
    pub fn status(&self) -> &TransferStatus {
        &self.status
    }

    /// The `transactionId` your link-token request carried (`clientTransactionId`), which ties
    /// the transfer to your order.
    pub fn transaction_id(&self) -> Option<&str> {
        self.transaction_id.as_deref()
    }

    /// The `userId` of the link-token request.
    pub fn user_id(&self) -> Option<&str> {
        self.user_id.as_deref()
    }

    /// `deposit`, `payment` or `onramp` (`transferType`), or a kind Mesh added, as it spells it.
    pub fn transfer_type(&self) -> Option<&str> {
        self.transfer_type.as_deref()
    }

    /// The token sent (`symbol`: `USDC`).
    pub fn symbol(&self) -> Option<&str> {
        self.symbol.as_deref()
    }

    /// The network it travelled on (`networkId`).
    pub fn network_id(&self) -> Option<NetworkId> {
        self.network_id
    }

    /// Mesh's name for the network (`networkName`).
    pub fn network_name(&self) -> Option<&str> {
        self.network_name.as_deref()
    }

    /// The amount of the token transferred (`amount`).
    pub fn amount(&self) -> Option<Decimal> {
        self.amount
    }

    /// The amount in fiat (`amountInFiat`), in [`fiat_currency`](Self::fiat_currency).
    pub fn amount_in_fiat(&self) -> Option<Decimal> {
        self.amount_in_fiat
    }

    /// The fiat currency of the fiat amounts (`amountInFiatCurrencyCode`: `USD`).
    pub fn fiat_currency(&self) -> Option<&str> {
        self.fiat_currency.as_deref()
    }

    /// What left the user's account, fees included where they paid them (`sourceAmount`).
    pub fn source_amount(&self) -> Option<Decimal> {
        self.source_amount
    }

    /// What reached the destination (`destinationAmount`).
    pub fn destination_amount(&self) -> Option<Decimal> {
        self.destination_amount
    }

    /// The address the transfer went to (`destinationAddress`).
    pub fn destination_address(&self) -> Option<&str> {
        self.destination_address.as_deref()
    }

    /// Where a refund goes (`refundAddress`).
    pub fn refund_address(&self) -> Option<&str> {
        self.refund_address.as_deref()
    }

    /// The transaction's hash on its network (`hash`).
    pub fn hash(&self) -> Option<&str> {
        self.hash.as_deref()
    }

    /// The integration the user paid from (`from.id`).
    pub fn source_integration(&self) -> Option<IntegrationId> {
        self.source_integration
    }

    /// Mesh's name for the integration the user paid from (`from.name`: `Coinbase`).
    pub fn source_name(&self) -> Option<&str> {
        self.source_name.as_deref()
    }

    /// The fees, itemized.
    pub fn fees(&self) -> &Fees {
        &self.fees
    }

    /// When the transfer was created (`createdTimestamp`).
    pub fn created_at(&self) -> Option<SystemTime> {
        self.created_at
    }

    /// When it was executed (`executedTimestamp`).
    pub fn executed_at(&self) -> Option<SystemTime> {
        self.executed_at
    }
}
