//! The link-token call: the request a user writes for each use case, the body Mesh receives,
//! and the link token Mesh answers with.

pub(crate) mod amount;
pub(crate) mod answer;
mod body;
pub(crate) mod destination;
pub(crate) mod issued;
pub(crate) mod request;
pub(crate) mod verification;
