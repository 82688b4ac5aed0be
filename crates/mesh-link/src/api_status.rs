//! The `status` of Mesh's envelope, in this crate's own names: a status this version knows, or
//! one Mesh added since, kept as Mesh spelled it.

use std::fmt;

/// The `status` of Mesh's envelope, as [`ApiError::status`](crate::ApiError::status) holds it.
///
/// ```
/// use mesh_link::{ApiStatus, KnownApiStatus};
///
/// assert_eq!(ApiStatus::from("badRequest"), ApiStatus::Known(KnownApiStatus::BadRequest));
/// assert_eq!(ApiStatus::from("quotaExhausted").to_string(), "quotaExhausted");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiStatus {
    /// A status Mesh's spec lists.
    Known(KnownApiStatus),
    /// A status Mesh added after this version of `mesh-link`, as Mesh spelled it.
    Unknown(String),
}

impl From<&str> for ApiStatus {
    /// The status Mesh wrote: known, or kept as written.
    fn from(status: &str) -> Self {
        KnownApiStatus::ALL
            .into_iter()
            .find(|known| known.as_str() == status)
            .map_or_else(|| Self::Unknown(status.to_owned()), Self::Known)
    }
}

impl fmt::Display for ApiStatus {
    /// The status as Mesh spells it, known or not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Known(known) => f.write_str(known.as_str()),
            Self::Unknown(other) => f.write_str(other),
        }
    }
}

/// The statuses Mesh's spec lists for its envelope (`ApiResultStatus`), as
/// [`ApiStatus::Known`] holds them. Mesh's docs describe none of them; the one-line meanings
/// below are what each name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum KnownApiStatus {
    /// `ok`: the call succeeded.
    Ok,
    /// `serverFailure`: Mesh failed on its side; the same request may succeed later.
    ServerFailure,
    /// `permissionDenied`: the credentials are wrong, or lack a permission.
    PermissionDenied,
    /// `badRequest`: the request broke a rule of Mesh's; `message` says which.
    BadRequest,
    /// `notFound`: what the request names does not exist.
    NotFound,
    /// `conflict`: the request clashes with something that exists.
    Conflict,
    /// `tooManyRequest`: a rate limit; the client retries it after `Retry-After`.
    TooManyRequest,
    /// `locked`: what the request names is locked.
    Locked,
    /// `unavailableForLegalReasons`: Mesh may not serve this request.
    UnavailableForLegalReasons,
}

impl KnownApiStatus {
    /// Every status, in the spec's order.
    const ALL: [Self; 9] = [
        Self::Ok,
        Self::ServerFailure,
        Self::PermissionDenied,
        Self::BadRequest,
        Self::NotFound,
        Self::Conflict,
        Self::TooManyRequest,
        Self::Locked,
        Self::UnavailableForLegalReasons,
    ];

    /// The status as Mesh spells it (`badRequest`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::ServerFailure => "serverFailure",
            Self::PermissionDenied => "permissionDenied",
            Self::BadRequest => "badRequest",
            Self::NotFound => "notFound",
            Self::Conflict => "conflict",
            Self::TooManyRequest => "tooManyRequest",
            Self::Locked => "locked",
            Self::UnavailableForLegalReasons => "unavailableForLegalReasons",
        }
    }
}

impl fmt::Display for KnownApiStatus {
    /// The status as Mesh spells it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statuses the embedded spec lists for `ApiResultStatus`.
    fn statuses_in_the_spec() -> Vec<String> {
        let spec: serde_json::Value =
            serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).unwrap();
        spec.pointer("/components/schemas/ApiResultStatus/enum")
            .and_then(serde_json::Value::as_array)
            .expect("the spec lists ApiResultStatus")
            .iter()
            .map(|value| value.as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn the_known_statuses_are_the_specs_in_its_order() {
        let ours: Vec<&str> = KnownApiStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(ours, statuses_in_the_spec());
    }

    #[test]
    fn every_status_reads_back_as_written() {
        for status in statuses_in_the_spec() {
            let read = ApiStatus::from(status.as_str());
            assert!(matches!(read, ApiStatus::Known(_)), "{status}");
            assert_eq!(read.to_string(), status);
        }
        let unknown = ApiStatus::from("quotaExhausted");
        assert_eq!(unknown, ApiStatus::Unknown("quotaExhausted".to_owned()));
        assert_eq!(unknown.to_string(), "quotaExhausted");
    }
}
