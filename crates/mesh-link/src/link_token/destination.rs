//! Where a transfer may go (`transferOptions.toAddresses[]`) and what a payment buys.

use rust_decimal::Decimal;

use crate::link_token::amount::IntoAmount;

use crate::ids::networks::NetworkId;

/// One place the user may send to: a network, an asset symbol and an address.
///
/// Give every destination you can accept: Mesh picks the one the user's account can reach.
#[derive(Clone, Debug, PartialEq)]
pub struct Destination {
    pub(crate) network: NetworkId,
    pub(crate) symbol: String,
    pub(crate) address: String,
    pub(crate) address_tag: Option<String>,
    pub(crate) amount: Option<Decimal>,
    pub(crate) display_amount_in_fiat: Option<Decimal>,
    pub(crate) min_amount: Option<Decimal>,
    pub(crate) min_amount_in_fiat: Option<Decimal>,
}

impl Destination {
    /// `symbol` (e.g. `USDC`) sent to `address` on `network`.
    pub fn new(network: NetworkId, symbol: impl Into<String>, address: impl Into<String>) -> Self {
        Self {
            network,
            symbol: symbol.into(),
            address: address.into(),
            address_tag: None,
            amount: None,
            display_amount_in_fiat: None,
            min_amount: None,
            min_amount_in_fiat: None,
        }
    }

    /// The exact amount of the asset to transfer; required on every payment destination.
    ///
    /// A [`Decimal`](crate::Decimal), an integer, or from text: `.amount(25)`,
    /// `.amount(Decimal::new(9999, 2))` (99.99), `.amount("0.00141".parse::<Decimal>()?)`. It
    /// reaches Mesh as the number it says (a sum `0.1 + 0.2` as `0.3`); one with more digits than
    /// the double Mesh reads can hold is refused (any 15 significant digits fit). From an `f64`,
    /// say which digits you mean: `Decimal::try_from(x)` keeps the 15 significant ones any double
    /// holds (`0.1 + 0.2` becomes `0.3`), `x.to_string().parse::<Decimal>()` every digit `x`
    /// prints (`0.30000000000000004`).
    pub fn amount(mut self, amount: impl IntoAmount) -> Self {
        self.amount = Some(amount.into_amount());
        self
    }

    /// Secondary address identifier (memo, destination tag) for assets such as XRP or XLM.
    pub fn address_tag(mut self, tag: impl Into<String>) -> Self {
        self.address_tag = Some(tag.into());
        self
    }

    /// A fiat amount to show the user; Mesh shows it only within 1% of its own price. Exact, as
    /// [`amount`](Self::amount).
    pub fn display_amount_in_fiat(mut self, amount: impl IntoAmount) -> Self {
        self.display_amount_in_fiat = Some(amount.into_amount());
        self
    }

    /// The smallest amount of the asset you accept (deposit and onramp minimums). Exact, as
    /// [`amount`](Self::amount).
    pub fn min_amount(mut self, amount: impl IntoAmount) -> Self {
        self.min_amount = Some(amount.into_amount());
        self
    }

    /// The smallest fiat value you accept (deposit and onramp minimums). Exact, as
    /// [`amount`](Self::amount).
    pub fn min_amount_in_fiat(mut self, amount: impl IntoAmount) -> Self {
        self.min_amount_in_fiat = Some(amount.into_amount());
        self
    }
}

/// Kind of goods in a payment (`goodsType`; Binance Pay).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GoodsType {
    /// `01`: tangible goods.
    Tangible,
    /// `02`: virtual goods.
    Virtual,
}

impl GoodsType {
    pub(crate) fn code(self) -> &'static str {
        match self {
            Self::Tangible => "01",
            Self::Virtual => "02",
        }
    }
}

/// What a payment is for (`transferOptions.goodsDetails[]`; used by Binance Pay).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoodsDetails {
    pub(crate) goods_type: Option<GoodsType>,
    pub(crate) category: Option<String>,
    pub(crate) reference_id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) detail: Option<String>,
}

impl GoodsDetails {
    /// Goods with the given name.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Tangible or virtual.
    pub fn goods_type(mut self, goods_type: GoodsType) -> Self {
        self.goods_type = Some(goods_type);
        self
    }

    /// The category (e.g. `Electronics`).
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// Your reference for the goods.
    pub fn reference_id(mut self, id: impl Into<String>) -> Self {
        self.reference_id = Some(id.into());
        self
    }

    /// More detail about the goods.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}
