//! Did the user pay? The transfers of Link sessions (`GET /api/v1/transfers/managed/mesh`),
//! found by the `transactionId` a link token carried: their status, exact amounts and fees, read
//! page by page, and a wait for a final status.

pub(crate) mod decode;
pub(crate) mod listing;
pub(crate) mod query;
pub(crate) mod status;
pub(crate) mod transfer;
pub(crate) mod wait;
