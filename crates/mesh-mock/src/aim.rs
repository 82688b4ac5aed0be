//! Which upcoming request a queued fault is for: the next request whatever its path, or the
//! n-th call of one operation from now, so a fault meant for the link-token call is never spent
//! on a catalog fetch or a readiness probe.

use mesh_link_api::wire::{COVERED_OPERATIONS, Operation};

/// The request a queued fault waits for. Built from [`Aim::next_request`] or an operation
/// (`Aim::from(CREATE_LINK_TOKEN)`), then [`skip`](Self::skip) for a later call.
///
/// ```
/// use mesh_mock::{Aim, CREATE_LINK_TOKEN};
///
/// // The second link-token call from now; catalog fetches and other paths pass it by.
/// let aim = Aim::from(CREATE_LINK_TOKEN).skip(1);
/// assert_eq!(aim.operation(), Some(CREATE_LINK_TOKEN));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aim {
    operation: Option<Operation>,
    skip: u32,
}

impl Aim {
    /// The next request, whatever its method and path: what [`MeshMock::enqueue`](crate::MeshMock::enqueue) aims at.
    pub const fn next_request() -> Self {
        Self {
            operation: None,
            skip: 0,
        }
    }

    /// Lets `calls` matching requests go by first: `skip(1)` is the second matching call from
    /// the moment the fault is queued.
    #[must_use]
    pub const fn skip(mut self, calls: u32) -> Self {
        self.skip = calls;
        self
    }

    /// The operation aimed at; `None` for any request.
    pub const fn operation(&self) -> Option<Operation> {
        self.operation
    }

    /// How many matching requests still go by before the fault is used.
    pub const fn calls_to_skip(&self) -> u32 {
        self.skip
    }

    /// Whether a request of `operation` (`None`: no covered operation) is one this aim counts.
    pub(crate) fn counts(&self, operation: Option<Operation>) -> bool {
        self.operation.is_none() || self.operation == operation
    }

    /// Counts one matching request: true when this is the one, else one fewer to skip.
    pub(crate) fn hit(&mut self) -> bool {
        match self.skip.checked_sub(1) {
            Some(left) => {
                self.skip = left;
                false
            }
            None => true,
        }
    }
}

impl From<Operation> for Aim {
    /// The next call of `operation`.
    fn from(operation: Operation) -> Self {
        Self {
            operation: Some(operation),
            skip: 0,
        }
    }
}

/// The covered operation a request is a call of, by its method and path.
pub(crate) fn operation_of(method: &http::Method, path: &str) -> Option<Operation> {
    COVERED_OPERATIONS.into_iter().find(|operation| {
        operation.path == path && method.as_str().eq_ignore_ascii_case(operation.method)
    })
}

/// The covered operation written as the logs show it (`POST /api/v1/linktoken`).
pub(crate) fn operation_named(text: &str) -> Result<Operation, String> {
    COVERED_OPERATIONS
        .into_iter()
        .find(|operation| operation.to_string() == text.trim())
        .ok_or_else(|| {
            let known: Vec<String> = COVERED_OPERATIONS.iter().map(ToString::to_string).collect();
            format!("{text:?} is none of {}", known.join(", "))
        })
}
