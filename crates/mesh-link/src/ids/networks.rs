//! Network IDs Mesh documents. `GET /api/v1/transfers/managed/networks` lists them all; Mesh's
//! guide says they do not change, so they are safe to keep as constants.

use crate::ids::{Id, IdKind};

/// Marks an [`Id`] as a network ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NetworkIdKind;

/// A Mesh network ID (`networkId`).
pub type NetworkId = Id<NetworkIdKind>;

/// Solana. Source: Mesh's guide "Fetch a Link Token".
pub const SOLANA: NetworkId = NetworkId::from_u128(0x0291810a_5947_424d_9a59_e88bb33e999d);
/// Ethereum. Source: Mesh's guide "Fetch a Link Token".
pub const ETHEREUM: NetworkId = NetworkId::from_u128(0xe3c7fdd8_b1fc_4e51_85ae_bb276e075611);
/// Base. Source: Mesh's guide "Fetch a Link Token".
pub const BASE: NetworkId = NetworkId::from_u128(0xaa883b03_120d_477c_a588_37c2afd3ca71);
/// Bitcoin. Source: Mesh's guide "Fetch a Link Token".
pub const BITCOIN: NetworkId = NetworkId::from_u128(0x03dee5da_7398_428f_9ec2_ab41bcb271da);
/// Polygon. Source: the request example of Mesh's API reference for `POST /api/v1/linktoken`.
pub const POLYGON: NetworkId = NetworkId::from_u128(0x7436e9d0_ba42_4d2b_b4c0_8e4e606b2c12);
/// Optimism. Source: Mesh's own SDK examples.
pub const OPTIMISM: NetworkId = NetworkId::from_u128(0x18fa36b0_88a8_43ca_83db_9a874e0a2288);
/// Avalanche C-Chain. Source: Mesh's own SDK examples.
pub const AVALANCHE_C_CHAIN: NetworkId =
    NetworkId::from_u128(0xbad16371_c22a_4bf4_a311_274d046cd760);
/// Arbitrum. Source: captured responses of Mesh's API.
pub const ARBITRUM: NetworkId = NetworkId::from_u128(0xa34f2431_0ddd_4de4_bc22_4a8143287aeb);
/// Tron. Source: captured responses of Mesh's API.
pub const TRON: NetworkId = NetworkId::from_u128(0xc5dc5d2e_68c1_4261_9a30_90b598738bf5);

const WELL_KNOWN: [(&str, NetworkId); 10] = [
    ("Solana", SOLANA),
    ("Ethereum", ETHEREUM),
    ("Base", BASE),
    ("Bitcoin", BITCOIN),
    ("Polygon", POLYGON),
    ("Optimism", OPTIMISM),
    ("Avalanche C-Chain", AVALANCHE_C_CHAIN),
    ("Avalanche", AVALANCHE_C_CHAIN),
    ("Arbitrum", ARBITRUM),
    ("Tron", TRON),
];

impl IdKind for NetworkIdKind {
    const NOUN: &'static str = "network";

    fn well_known() -> &'static [(&'static str, NetworkId)] {
        &WELL_KNOWN
    }
}
