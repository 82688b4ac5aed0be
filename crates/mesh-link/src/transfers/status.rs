//! A transfer's status in this crate's own names: Mesh's three, or one Mesh added since.

use std::fmt;

use mesh_link_api::types::TransferStatus as WireStatus;

/// Where a transfer stands (`status` of `GET /api/v1/transfers/managed/mesh`).
///
/// Open for Mesh's additions: a status this version does not know is kept as Mesh spelled it,
/// and is not final, so code that releases goods on [`Succeeded`](Self::Succeeded) never
/// releases them on a status it cannot read.
///
/// ```
/// use mesh_link::TransferStatus;
///
/// assert!(TransferStatus::from("succeeded").is_final());
/// assert!(!TransferStatus::from("pending").is_final());
/// assert_eq!(TransferStatus::from("refunded"), TransferStatus::Unknown("refunded".into()));
/// assert!(!TransferStatus::from("refunded").is_final());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransferStatus {
    /// `pending`: the user confirmed in Link; the transfer is on its way.
    Pending,
    /// `succeeded`: the transfer completed.
    Succeeded,
    /// `failed`: the transfer did not complete and will not.
    Failed,
    /// A status Mesh added after this version of `mesh-link`, as Mesh spelled it.
    Unknown(String),
}

impl TransferStatus {
    /// The statuses Mesh's spec lists (`TransferStatus`), in its order.
    pub const KNOWN: [Self; 3] = [Self::Pending, Self::Succeeded, Self::Failed];

    /// The status as Mesh spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Unknown(other) => other,
        }
    }

    /// Whether the transfer will not change any more: [`Succeeded`](Self::Succeeded) or
    /// [`Failed`](Self::Failed). A status this version does not know is not final.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed)
    }
}

impl From<&str> for TransferStatus {
    /// The status Mesh wrote: known, or kept as written.
    fn from(status: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|known| known.as_str() == status)
            .unwrap_or_else(|| Self::Unknown(status.to_owned()))
    }
}

impl From<WireStatus> for TransferStatus {
    fn from(status: WireStatus) -> Self {
        match status {
            WireStatus::Known(known) => Self::from(known.to_string().as_str()),
            WireStatus::Unknown(other) => Self::from(other.as_str()),
            // The generated enum is open to shapes of its own; it serializes as Mesh wrote it.
            other => Self::Unknown(serde_json::to_value(other).map_or_else(
                |_| String::new(),
                |value| value.as_str().unwrap_or_default().to_owned(),
            )),
        }
    }
}

impl fmt::Display for TransferStatus {
    /// The status as Mesh spells it, known or not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_of_the_spec_is_known_by_its_own_name() {
        let spec: serde_json::Value =
            serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).unwrap();
        let listed: Vec<&str> = spec["components"]["schemas"]["TransferStatus"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        let known: Vec<&str> = TransferStatus::KNOWN
            .iter()
            .map(TransferStatus::as_str)
            .collect();
        assert_eq!(listed, known);
        for name in listed {
            let wire: WireStatus = serde_json::from_value(name.into()).unwrap();
            assert_eq!(TransferStatus::from(wire).as_str(), name);
        }
    }

    #[test]
    fn a_status_mesh_adds_is_kept_and_not_final() {
        let wire: WireStatus = serde_json::from_value("refunded".into()).unwrap();
        let status = TransferStatus::from(wire);
        assert_eq!(status, TransferStatus::Unknown("refunded".into()));
        assert!(!status.is_final());
        assert_eq!(status.to_string(), "refunded");
    }
}
