//! The link-token request a user writes: one constructor per use case of Mesh's guide, options
//! chained after (`body` checks it and writes what Mesh receives).

use rust_decimal::Decimal;

use crate::link_token::amount::IntoAmount;
use uuid::Uuid;

use crate::ids::integrations::IntegrationId;
use crate::link_token::destination::{Destination, GoodsDetails};
use crate::link_token::verification::WalletVerification;

/// An integration type (`coinbase`, `deFiWallet`, `binanceInternationalDirect`...), as Mesh's
/// spec lists them; [`LinkTokenRequest::broker_type`] sends one (deprecated by Mesh in favour of
/// `integrationId`). Match it with a wildcard arm: Mesh adds types.
pub use mesh_link_api::types::BrokerType;

/// The transfer a Link session starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransferKind {
    /// The user sends crypto to a wallet they own on your platform.
    Deposit,
    /// The user pays your company's wallet for goods or services.
    Payment,
    /// The user buys crypto with an exchange account's balances, into their wallet on your platform.
    Onramp,
}

impl TransferKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Deposit => "deposits",
            Self::Payment => "payments",
            Self::Onramp => "onramps",
        }
    }
}

/// A request for a link token. Build it with the constructor of its use case, chain options,
/// and send it with [`MeshClient::create_link_token`](crate::MeshClient::create_link_token),
/// which checks every rule before anything is sent.
///
/// ```
/// use mesh_link::{Destination, LinkTokenRequest, networks};
///
/// let request = LinkTokenRequest::deposit(
///     "user-7d1f",
///     [
///         Destination::new(networks::SOLANA, "USDC", "7xKX...sol"),
///         Destination::new(networks::BASE, "USDC", "0x12...base").min_amount(5),
///     ],
/// )
/// .transaction_id("deposit-1001");
/// assert!(request.validate().is_ok());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LinkTokenRequest {
    pub(crate) user_id: String,
    pub(crate) restrict_multiple_accounts: bool,
    pub(crate) integration: Option<IntegrationId>,
    pub(crate) disable_api_key_generation: Option<bool>,
    pub(crate) sub_client: Option<Uuid>,
    pub(crate) broker_type: Option<BrokerType>,
    pub(crate) transfer: TransferOptions,
    pub(crate) verification: Option<WalletVerification>,
}

/// `transferOptions`; `kind` is `None` for requests that are not transfers.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TransferOptions {
    pub(crate) kind: Option<TransferKind>,
    pub(crate) destinations: Vec<Destination>,
    pub(crate) transaction_id: Option<String>,
    pub(crate) amount_in_fiat: Option<Decimal>,
    pub(crate) client_fee: Option<Decimal>,
    pub(crate) inclusive_fee: Option<bool>,
    pub(crate) generate_pay_link: Option<bool>,
    pub(crate) description: Option<String>,
    pub(crate) funding_options_enabled: Option<bool>,
    pub(crate) goods_details: Vec<GoodsDetails>,
}

impl LinkTokenRequest {
    fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            // Mesh's guide: true "is standard used for any transfer flow"; we always send it.
            restrict_multiple_accounts: true,
            integration: None,
            disable_api_key_generation: None,
            sub_client: None,
            broker_type: None,
            transfer: TransferOptions::default(),
            verification: None,
        }
    }

    fn transfer(
        user_id: impl Into<String>,
        kind: TransferKind,
        destinations: impl IntoIterator<Item = Destination>,
    ) -> Self {
        let mut request = Self::new(user_id);
        request.transfer.kind = Some(kind);
        request.transfer.destinations = destinations.into_iter().collect();
        request
    }

    /// A deposit: the user sends crypto to one of `destinations`, wallets they own on your
    /// platform. Fees come on top (`isInclusiveFeeEnabled: false`).
    pub fn deposit(
        user_id: impl Into<String>,
        destinations: impl IntoIterator<Item = Destination>,
    ) -> Self {
        Self::transfer(user_id, TransferKind::Deposit, destinations)
    }

    /// A payment: the user pays your company's wallet. Every destination needs its exact
    /// [`amount`](Destination::amount); there is no fiat total. Fees come on top.
    pub fn payment(
        user_id: impl Into<String>,
        destinations: impl IntoIterator<Item = Destination>,
    ) -> Self {
        Self::transfer(user_id, TransferKind::Payment, destinations)
    }

    /// A payment of one `amount` of the asset, on any of `destinations` (say, USDC on Solana or
    /// on Base): each destination without an [`amount`](Destination::amount) of its own gets
    /// this one, so it is written once. Otherwise as [`payment`](Self::payment).
    ///
    /// ```
    /// use mesh_link::{Decimal, Destination, LinkTokenRequest, networks};
    ///
    /// let request = LinkTokenRequest::payment_of(
    ///     "user-7d1f",
    ///     Decimal::new(2550, 2), // 25.50
    ///     [
    ///         Destination::new(networks::SOLANA, "USDC", "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"),
    ///         Destination::new(networks::BASE, "USDC", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
    ///     ],
    /// )
    /// .transaction_id("order-5521");
    /// let body = String::from_utf8(request.to_json_body()?)?;
    /// assert_eq!(body.matches(r#""amount":25.50,"#).count(), 2); // as written
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn payment_of(
        user_id: impl Into<String>,
        amount: impl IntoAmount,
        destinations: impl IntoIterator<Item = Destination>,
    ) -> Self {
        let amount = amount.into_amount();
        let destinations = destinations
            .into_iter()
            .map(|destination| match destination.amount {
                Some(_) => destination,
                None => destination.amount(amount),
            });
        Self::payment(user_id, destinations)
    }

    /// An onramp: the user buys crypto into one of `destinations`. Fees are taken from the
    /// amount (`isInclusiveFeeEnabled: true`). Usually you also give the exchange the user
    /// picked ([`integration`](Self::integration)) and the amount ([`amount_in_fiat`](Self::amount_in_fiat)).
    pub fn onramp(
        user_id: impl Into<String>,
        destinations: impl IntoIterator<Item = Destination>,
    ) -> Self {
        Self::transfer(user_id, TransferKind::Onramp, destinations)
    }

    /// Account connection only (authentication): no transfer, no verification.
    pub fn connect(user_id: impl Into<String>) -> Self {
        Self::new(user_id)
    }

    /// Self-hosted wallet verification alone. To verify before a deposit or payment, use
    /// [`with_wallet_verification`](Self::with_wallet_verification) on that request instead.
    pub fn verify_wallet(user_id: impl Into<String>, verification: WalletVerification) -> Self {
        Self::new(user_id).with_wallet_verification(verification)
    }

    /// Adds wallet verification to this request (a deposit or a payment, as Mesh's guide allows).
    pub fn with_wallet_verification(mut self, verification: WalletVerification) -> Self {
        self.verification = Some(verification);
        self
    }

    /// Whether Link hides "Link another account" on its last screen (default `true`).
    pub fn restrict_multiple_accounts(mut self, restrict: bool) -> Self {
        self.restrict_multiple_accounts = restrict;
        self
    }

    /// Opens Link directly on this integration (an exchange or wallet) instead of the catalog.
    pub fn integration(mut self, integration: IntegrationId) -> Self {
        self.integration = Some(integration);
        self
    }

    /// Hides the option to generate an API key on integrations that offer one.
    pub fn disable_api_key_generation(mut self, disable: bool) -> Self {
        self.disable_api_key_generation = Some(disable);
        self
    }

    /// For B2B2B clients: the sub-client whose Link experience to use.
    pub fn sub_client(mut self, sub_client_id: Uuid) -> Self {
        self.sub_client = Some(sub_client_id);
        self
    }

    /// Opens Link on this broker type.
    #[deprecated(note = "Mesh deprecated `brokerType`; use `integration` with an IntegrationId")]
    pub fn broker_type(mut self, broker_type: BrokerType) -> Self {
        self.broker_type = Some(broker_type);
        self
    }

    /// Adds a destination to a transfer.
    pub fn add_destination(mut self, destination: Destination) -> Self {
        self.transfer.destinations.push(destination);
        self
    }

    /// Your ID for the transfer, to match it in later calls (at most 128 characters).
    pub fn transaction_id(mut self, transaction_id: impl Into<String>) -> Self {
        self.transfer.transaction_id = Some(transaction_id.into());
        self
    }

    /// The amount in USD the user transfers (deposits and onramps; never payments). Exact, as
    /// [`Destination::amount`].
    pub fn amount_in_fiat(mut self, amount: impl IntoAmount) -> Self {
        self.transfer.amount_in_fiat = Some(amount.into_amount());
        self
    }

    /// A fee for your company as a ratio of the payment (`Decimal::new(25, 3)`, 0.025, is
    /// 2.5%), payments only. Exact, as [`Destination::amount`].
    pub fn client_fee(mut self, ratio: impl IntoAmount) -> Self {
        self.transfer.client_fee = Some(ratio.into_amount());
        self
    }

    /// Whether fees come out of the amount (`true`) or on top of it (`false`). Defaults to the
    /// guide's standard: `false` for deposits and payments, `true` for onramps.
    pub fn inclusive_fee(mut self, inclusive: bool) -> Self {
        self.transfer.inclusive_fee = Some(inclusive);
        self
    }

    /// Also return a payment link, to open Link in a separate web page (default `false`); needs
    /// a [`transaction_id`](Self::transaction_id) (Mesh's PayLinks quickstart).
    pub fn generate_pay_link(mut self, generate: bool) -> Self {
        self.transfer.generate_pay_link = Some(generate);
        self
    }

    /// A description of the transfer (at most 256 characters; Binance Pay).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.transfer.description = Some(description.into());
        self
    }

    /// Whether Link may use the end user's available buying power and/or payment methods to
    /// supplement a cryptocurrency balance that is insufficient for the transfer
    /// (`transferOptions.fundingOptions.enabled`; Mesh's spec).
    pub fn funding_options_enabled(mut self, enabled: bool) -> Self {
        self.transfer.funding_options_enabled = Some(enabled);
        self
    }

    /// Adds goods the payment is for (Binance Pay).
    pub fn add_goods(mut self, goods: GoodsDetails) -> Self {
        self.transfer.goods_details.push(goods);
        self
    }

    /// The end user's ID as given.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The transfer this request starts, if any.
    pub fn transfer_kind(&self) -> Option<TransferKind> {
        self.transfer.kind
    }
}
