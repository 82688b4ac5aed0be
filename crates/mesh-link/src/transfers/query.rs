//! Which transfers to read: the filters of `GET /api/v1/transfers/managed/mesh`, checked against
//! the spec's limits before anything is sent, and the URL of each page.

use std::time::{SystemTime, UNIX_EPOCH};

use url::Url;

use super::status::TransferStatus;
use super::transfer::{Transfer, TransferId};
use crate::defaults;
use crate::ids::integrations::IntegrationId;
use crate::rules::limits::{
    TRANSACTION_ID_MAX_CHARS, TRANSFERS_MAX_INTEGRATION_IDS, TRANSFERS_MAX_PAGE_SIZE,
    TRANSFERS_TRANSACTION_ID_MAX_CHARS, TRANSFERS_USER_ID_MAX_CHARS, USER_ID_MAX_CHARS,
};
use crate::rules::violations::{InvalidRequest, Rule, Violation};

/// The transfers to read with [`MeshClient::transfers`](crate::MeshClient::transfers): start
/// from what you know (your transaction ID, Mesh's transfer ID, a user), narrow with the rest.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use mesh_link::{TransferQuery, TransferStatus};
///
/// let order = TransferQuery::for_transaction("order-1042");
/// let failed_today = TransferQuery::all()
///     .created_from(SystemTime::now() - Duration::from_secs(24 * 60 * 60))
///     .statuses([TransferStatus::Failed])
///     .newest_first();
/// # let _ = (order, failed_today);
/// ```
///
/// Every transfer the query matches is read, page by page, each exactly once
/// ([`MeshClient::transfers`](crate::MeshClient::transfers) says how). The filters are checked
/// before anything is sent: `UserId` takes at most 50 characters here although a link token
/// takes 300 ([`limits`](crate::limits)).
#[derive(Clone, Debug, PartialEq)]
pub struct TransferQuery {
    id: Option<TransferId>,
    transaction_id: Option<String>,
    user_id: Option<String>,
    hash: Option<String>,
    integrations: Vec<IntegrationId>,
    statuses: Vec<TransferStatus>,
    created_from: Option<SystemTime>,
    created_until: Option<SystemTime>,
    newest_first: bool,
    page_size: u32,
    max_transfers: usize,
}

impl TransferQuery {
    /// Every transfer of your account.
    pub fn all() -> Self {
        Self {
            id: None,
            transaction_id: None,
            user_id: None,
            hash: None,
            integrations: Vec::new(),
            statuses: Vec::new(),
            created_from: None,
            created_until: None,
            newest_first: false,
            page_size: TRANSFERS_MAX_PAGE_SIZE,
            max_transfers: defaults::MAX_TRANSFERS_READ,
        }
    }

    /// The transfers of the link token whose `transactionId` was `transaction_id`
    /// (`ClientTransactionId`): how an order finds its payment.
    pub fn for_transaction(transaction_id: impl Into<String>) -> Self {
        Self::all().transaction_id(transaction_id)
    }

    /// The transfer with Mesh's ID `id` (`Id`).
    pub fn by_id(id: TransferId) -> Self {
        Self {
            id: Some(id),
            ..Self::all()
        }
    }

    /// The transfers of your user `user_id` (`UserId`, the link token's `userId`).
    pub fn for_user(user_id: impl Into<String>) -> Self {
        Self::all().user_id(user_id)
    }

    /// Only those of this `transactionId` (`ClientTransactionId`).
    pub fn transaction_id(mut self, transaction_id: impl Into<String>) -> Self {
        self.transaction_id = Some(transaction_id.into());
        self
    }

    /// Only those of this user (`UserId`).
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Only the one with this transaction hash on its network (`Hash`).
    pub fn hash(mut self, hash: impl Into<String>) -> Self {
        self.hash = Some(hash.into());
        self
    }

    /// Only those from these integrations (`IntegrationIds`, at most 100).
    pub fn integrations(mut self, integrations: impl IntoIterator<Item = IntegrationId>) -> Self {
        self.integrations.extend(integrations);
        self
    }

    /// Only those in one of these statuses. Read from every page and kept here, not sent as
    /// Mesh's `Statuses` filter: a transfer that leaves a status while pages are read would
    /// otherwise shift the pages after it and hide another transfer.
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = TransferStatus>) -> Self {
        for status in statuses {
            if !self.statuses.contains(&status) {
                self.statuses.push(status);
            }
        }
        self
    }

    /// Only those created at or after `time` (`FromTimestamp`).
    pub fn created_from(mut self, time: SystemTime) -> Self {
        self.created_from = Some(time);
        self
    }

    /// Only those created at or before `time` (`ToTimestamp`).
    pub fn created_until(mut self, time: SystemTime) -> Self {
        self.created_until = Some(time);
        self
    }

    /// Newest first; the default is oldest first, the order pages are read in.
    pub fn newest_first(mut self) -> Self {
        self.newest_first = true;
        self
    }

    /// How many transfers each request asks for (`Count`): 1 to 100, 100 by default.
    pub fn page_size(mut self, size: u32) -> Self {
        self.page_size = size;
        self
    }

    /// The most transfers one call reads ([`defaults::MAX_TRANSFERS_READ`] by default): reading
    /// stops after the page that reaches it, and the list says it is
    /// [incomplete](crate::TransferList::is_complete).
    pub fn max_transfers(mut self, max: usize) -> Self {
        self.max_transfers = max;
        self
    }

    pub(crate) fn page_size_value(&self) -> u32 {
        self.page_size
    }

    pub(crate) fn max_transfers_value(&self) -> usize {
        self.max_transfers
    }

    pub(crate) fn is_newest_first(&self) -> bool {
        self.newest_first
    }

    /// Whether `transfer` passes the filters kept here rather than sent.
    pub(crate) fn keeps(&self, transfer: &Transfer) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&transfer.status)
    }

    /// Every rule the query breaks, named by the query parameter Mesh receives.
    pub(crate) fn check(&self) -> Result<(), InvalidRequest> {
        let mut violations = Vec::new();
        let mut broken = |field: &str, rule: Rule| {
            violations.push(Violation {
                field: field.to_owned(),
                rule,
            });
        };
        for (field, text) in [
            ("ClientTransactionId", &self.transaction_id),
            ("UserId", &self.user_id),
            ("Hash", &self.hash),
        ] {
            if text.as_deref().is_some_and(|text| text.trim().is_empty()) {
                broken(field, Rule::Empty);
            }
        }
        if let Some(transaction_id) = &self.transaction_id {
            let actual = transaction_id.chars().count();
            if actual > TRANSFERS_TRANSACTION_ID_MAX_CHARS {
                broken(
                    "ClientTransactionId",
                    Rule::TooLong {
                        max: TRANSFERS_TRANSACTION_ID_MAX_CHARS,
                        actual,
                    },
                );
            }
        }
        if let Some(user_id) = &self.user_id {
            let actual = user_id.chars().count();
            if actual > TRANSFERS_USER_ID_MAX_CHARS {
                broken(
                    "UserId",
                    Rule::TooLongForQuery {
                        max: TRANSFERS_USER_ID_MAX_CHARS,
                        actual,
                        link_token_max: USER_ID_MAX_CHARS,
                    },
                );
            }
        }
        if self.integrations.len() > TRANSFERS_MAX_INTEGRATION_IDS {
            broken(
                "IntegrationIds",
                Rule::TooMany {
                    max: TRANSFERS_MAX_INTEGRATION_IDS,
                    actual: self.integrations.len(),
                },
            );
        }
        if !(1..=TRANSFERS_MAX_PAGE_SIZE).contains(&self.page_size) {
            broken(
                "Count",
                Rule::OutOfRange {
                    min: 1.0,
                    max: f64::from(TRANSFERS_MAX_PAGE_SIZE),
                },
            );
        }
        if let (Some(from), Some(until)) = (self.created_from, self.created_until)
            && until < from
        {
            broken(
                "ToTimestamp",
                Rule::LessThan {
                    other: "FromTimestamp",
                },
            );
        }
        if violations.is_empty() {
            Ok(())
        } else {
            Err(InvalidRequest::from_violations(violations))
        }
    }

    /// The URL of the page that starts `offset` transfers in: oldest first, so that transfers
    /// created while pages are read come after every page already read.
    pub(crate) fn page_url(&self, base: &Url, offset: usize) -> Url {
        let mut url = base.clone();
        {
            let mut pairs = url.query_pairs_mut();
            pairs.append_pair("Count", &self.page_size.to_string());
            pairs.append_pair("Offset", &offset.to_string());
            if let Some(id) = self.id {
                pairs.append_pair("Id", &id.to_string());
            }
            if let Some(transaction_id) = &self.transaction_id {
                pairs.append_pair("ClientTransactionId", transaction_id);
            }
            if let Some(user_id) = &self.user_id {
                pairs.append_pair("UserId", user_id);
            }
            for integration in &self.integrations {
                pairs.append_pair("IntegrationIds", &integration.to_string());
            }
            if let Some(from) = self.created_from {
                pairs.append_pair("FromTimestamp", &unix_seconds(from).to_string());
            }
            if let Some(until) = self.created_until {
                pairs.append_pair("ToTimestamp", &unix_seconds(until).to_string());
            }
            if let Some(hash) = &self.hash {
                pairs.append_pair("Hash", hash);
            }
            pairs.append_pair("OrderBy", "createdTimestamp");
            pairs.append_pair("DescendingOrder", "false");
        }
        url
    }
}

impl Default for TransferQuery {
    fn default() -> Self {
        Self::all()
    }
}

/// Seconds since 1970, as Mesh's timestamps count; a time before it is 1970 itself.
fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// The transaction ID a link token carries fits the query's filter: both take 128.
const _: () = assert!(TRANSACTION_ID_MAX_CHARS == TRANSFERS_TRANSACTION_ID_MAX_CHARS);

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(query: &TransferQuery) -> Vec<(String, &'static str)> {
        query.check().map_or_else(
            |invalid| {
                invalid
                    .violations()
                    .iter()
                    .map(|v| (v.field.clone(), v.rule.code()))
                    .collect()
            },
            |()| Vec::new(),
        )
    }

    #[test]
    fn a_user_id_a_link_token_takes_but_the_query_does_not_says_both_limits() {
        let query = TransferQuery::for_user("u".repeat(51));
        let invalid = query.check().unwrap_err();
        let message = invalid.to_string();
        assert!(message.starts_with("UserId: "), "{message}");
        assert!(message.contains("at most 50"), "{message}");
        assert!(message.contains("up to 300"), "{message}");
        assert!(TransferQuery::for_user("u".repeat(50)).check().is_ok());
    }

    #[test]
    fn each_limit_is_named_by_its_parameter() {
        let ids = (0..101u128).map(IntegrationId::from_u128);
        let from = UNIX_EPOCH + std::time::Duration::from_secs(10);
        let query = TransferQuery::for_transaction("t".repeat(129))
            .hash(" ")
            .integrations(ids)
            .page_size(101)
            .created_from(from)
            .created_until(from - std::time::Duration::from_secs(1));
        assert_eq!(
            codes(&query),
            [
                ("Hash".to_owned(), "empty"),
                ("ClientTransactionId".to_owned(), "too_long"),
                ("IntegrationIds".to_owned(), "too_many"),
                ("Count".to_owned(), "out_of_range"),
                ("ToTimestamp".to_owned(), "less_than"),
            ]
        );
        assert_eq!(
            codes(&TransferQuery::all().page_size(0))[0].1,
            "out_of_range"
        );
        assert!(codes(&TransferQuery::all().page_size(100)).is_empty());
    }

    #[test]
    fn a_page_asks_oldest_first_with_every_filter_sent_once() {
        let base = Url::parse("http://127.0.0.1:1/api/v1/transfers/managed/mesh").unwrap();
        let query = TransferQuery::for_transaction("order 1&2")
            .user_id("user-1")
            .statuses([TransferStatus::Pending, TransferStatus::Pending])
            .integrations([IntegrationId::from_u128(1)])
            .created_from(UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000))
            .page_size(50);
        assert_eq!(
            query.page_url(&base, 100).query(),
            Some(
                "Count=50&Offset=100&ClientTransactionId=order+1%262&UserId=user-1\
                 &IntegrationIds=00000000-0000-0000-0000-000000000001&FromTimestamp=1700000000\
                 &OrderBy=createdTimestamp&DescendingOrder=false"
            )
        );
    }
}
