//! Integration IDs Mesh documents. `GET /api/v1/transfers/managed/integrations` lists them all;
//! Mesh's guide says they do not change, so they are safe to keep as constants.

use crate::ids::{Id, IdKind};

/// Marks an [`Id`] as an integration ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntegrationIdKind;

/// A Mesh integration ID (`integrationId`): an exchange or wallet to open Link on.
pub type IntegrationId = Id<IntegrationIdKind>;

/// Binance Connect (onramp). Source: Mesh's guide "Fetch a Link Token".
pub const BINANCE_CONNECT: IntegrationId =
    IntegrationId::from_u128(0x5620bf49_3240_4f85_8b4f_9dd6261597e2);
/// Phantom wallet. Source: Mesh's guide "Fetch a Link Token".
pub const PHANTOM: IntegrationId = IntegrationId::from_u128(0x757e703f_a8fe_4dc4_d0ec_08dc6737ad96);
/// Coinbase. Source: Mesh's docs.
pub const COINBASE: IntegrationId =
    IntegrationId::from_u128(0x47624467_e52e_4938_a41a_7926b6c27acf);
/// MetaMask wallet. Source: Mesh's docs.
pub const METAMASK: IntegrationId =
    IntegrationId::from_u128(0x34aeb688_decb_485f_9d80_b66466783394);
/// Binance (`binanceInternationalDirect`). Source: Mesh's docs.
pub const BINANCE: IntegrationId = IntegrationId::from_u128(0x9226e5c2_ebc3_4fdd_94f6_ed52cdce1420);

const WELL_KNOWN: [(&str, IntegrationId); 6] = [
    ("Binance Connect", BINANCE_CONNECT),
    ("Phantom", PHANTOM),
    ("Coinbase", COINBASE),
    ("MetaMask", METAMASK),
    ("Binance", BINANCE),
    ("binanceInternationalDirect", BINANCE),
];

impl IdKind for IntegrationIdKind {
    const NOUN: &'static str = "integration";

    fn well_known() -> &'static [(&'static str, IntegrationId)] {
        &WELL_KNOWN
    }
}
