//! Mesh's network and integration IDs: UUIDs, parsed in any case, shown in lower case.

pub mod integrations;
pub mod networks;

use std::fmt;
use std::hash::Hash;
use std::marker::PhantomData;
use std::str::FromStr;

use uuid::Uuid;

/// What an [`Id`] identifies; gives the lookup table of well-known IDs.
pub trait IdKind: Copy + Eq + Hash + fmt::Debug + 'static {
    /// `network` or `integration`, for messages.
    const NOUN: &'static str;
    /// Well-known IDs: (name, id). Names are matched ignoring case, spaces, `-` and `_`.
    fn well_known() -> &'static [(&'static str, Id<Self>)];
}

/// A Mesh ID of one kind: [`NetworkId`](crate::NetworkId) or [`IntegrationId`](crate::IntegrationId).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id<K> {
    uuid: Uuid,
    kind: PhantomData<K>,
}

impl<K: IdKind> Id<K> {
    /// The ID with this 128-bit value (for constants).
    pub const fn from_u128(value: u128) -> Self {
        Self {
            uuid: Uuid::from_u128(value),
            kind: PhantomData,
        }
    }

    /// The ID as a UUID.
    pub const fn uuid(self) -> Uuid {
        self.uuid
    }

    /// Every well-known ID with its name, as this crate's constants hold them: for
    /// [`NetworkId`](crate::NetworkId), `("Solana", networks::SOLANA)`, `("Ethereum", ...)`...
    ///
    /// ```
    /// use mesh_link::{NetworkId, networks};
    ///
    /// assert!(NetworkId::well_known().contains(&("Base", networks::BASE)));
    /// ```
    pub fn well_known() -> &'static [(&'static str, Self)] {
        K::well_known()
    }

    /// A well-known ID by name (`"Solana"`, `"binance connect"`, `"MetaMask"`...).
    pub fn by_name(name: &str) -> Option<Self> {
        let wanted = normalize(name);
        K::well_known()
            .iter()
            .find(|(known, _)| normalize(known) == wanted)
            .map(|(_, id)| *id)
    }

    /// The name of a well-known ID, if this is one.
    pub fn name(self) -> Option<&'static str> {
        K::well_known()
            .iter()
            .find(|(_, id)| *id == self)
            .map(|(name, _)| *name)
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl<K: IdKind> From<Uuid> for Id<K> {
    fn from(uuid: Uuid) -> Self {
        Self {
            uuid,
            kind: PhantomData,
        }
    }
}

impl<K: IdKind> From<Id<K>> for Uuid {
    fn from(id: Id<K>) -> Self {
        id.uuid
    }
}

/// Why text is not an ID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a {noun} ID (a UUID such as 0291810a-5947-424d-9a59-e88bb33e999d)")]
pub struct ParseIdError {
    input: String,
    noun: &'static str,
}

impl<K: IdKind> FromStr for Id<K> {
    type Err = ParseIdError;

    /// A UUID in any case, hyphenated or not.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::try_parse(text.trim())
            .map(Self::from)
            .map_err(|_| ParseIdError {
                input: text.chars().take(64).collect(),
                noun: K::NOUN,
            })
    }
}

impl<K> fmt::Display for Id<K> {
    /// Lower-case hyphenated, as Mesh writes IDs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.uuid.hyphenated(), f)
    }
}

impl<K: IdKind> fmt::Debug for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{}({self}: {name})", K::NOUN),
            None => write!(f, "{}({self})", K::NOUN),
        }
    }
}
