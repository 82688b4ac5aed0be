//! Every transfer a query matches, read page by page within one deadline, each exactly once.

use std::collections::HashSet;

use mesh_link_api::wire;
use secrecy::ExposeSecret as _;

use super::decode;
use super::query::TransferQuery;
use super::transfer::Transfer;
use crate::client::shared::Shared;
use crate::defaults;
use crate::error::{Error, Undecodable};
use crate::transport::attempt::Outgoing;
use crate::transport::call::Call;
use crate::transport::deadline::Deadline;

/// The transfers a [`TransferQuery`] matched, in the order it asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TransferList {
    transfers: Vec<Transfer>,
    complete: bool,
}

impl TransferList {
    /// The transfers.
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// The transfers, owned.
    pub fn into_transfers(self) -> Vec<Transfer> {
        self.transfers
    }

    /// Whether every matching transfer was read: `false` when the query's
    /// [`max_transfers`](TransferQuery::max_transfers) stopped the reading first.
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

/// Reads every page of `query` within `deadline`.
///
/// Pages are asked for oldest first, so a transfer created meanwhile lands after every page
/// already read; a transfer seen twice (Mesh's order among equal timestamps is its own) is kept
/// once; a status filter is applied here, so a transfer changing status cannot shift a page.
pub(crate) async fn read_all(
    shared: &Shared,
    query: &TransferQuery,
    deadline: Deadline,
) -> Result<TransferList, Error> {
    query.check()?;
    let page_size = usize::try_from(query.page_size_value()).unwrap_or(usize::MAX);
    let mut seen = HashSet::new();
    let mut kept = Vec::new();
    let mut offset = 0;
    let complete = loop {
        let url = query.page_url(&shared.transfers_url, offset);
        let page = Call {
            http: &shared.http,
            url: &url,
            operation: wire::GET_TRANSFERS.operation_id,
            outgoing: Outgoing::Get,
            settings: &shared.settings,
            deadline,
            max_response_bytes: defaults::MAX_TRANSFER_PAGE_BYTES,
            secret: shared.client_secret.expose_secret(),
            read: decode::read_page,
        }
        .run()
        .await?;
        let total = page.total;
        let count = page.transfers.len();
        if count > page_size {
            return Err(lying(format!(
                "Mesh answered {count} transfers to a request for at most {page_size}"
            )));
        }
        let mut new = 0;
        for transfer in page.transfers {
            if seen.insert(transfer.id) {
                new += 1;
                if query.keeps(&transfer) {
                    kept.push(transfer);
                }
            }
        }
        offset += count;
        if count < page_size || total.is_some_and(|total| offset as u64 >= total) {
            break true;
        }
        if new == 0 {
            return Err(lying(format!(
                "the page at offset {} holds only transfers of earlier pages",
                offset - count
            )));
        }
        if seen.len() >= query.max_transfers_value() {
            break false;
        }
    };
    if query.is_newest_first() {
        kept.reverse();
    }
    Ok(TransferList {
        transfers: kept,
        complete,
    })
}

fn lying(reason: String) -> Error {
    Error::Undecodable(Undecodable::new(200, reason))
}
