//! The transfers of the Link sessions the emulator issued link tokens for: what each request
//! asked, how a test completed it, and the answers to the transfers query.

use std::cmp::Ordering;
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Map, Number, Value, json};
use uuid::Uuid;

use crate::catalog::{Catalog, same_id};
use crate::completion::{Completion, CompletionError, Outcome, SessionKey};

/// The emulator keeps this many sessions and transfers, dropping the oldest.
pub const MAX_KEPT_TRANSFERS: usize = 10_000;

/// What `Count` is when the query gives none, and the most it may be (the spec's description:
/// "Default 10, maximum - 100").
const DEFAULT_COUNT: i64 = 10;
const MAX_COUNT: i64 = 100;

#[derive(Debug, Default)]
pub(crate) struct Transfers {
    kept: Mutex<Kept>,
}

#[derive(Debug, Default)]
struct Kept {
    sessions: Vec<Session>,
    transfers: Vec<TransferRecord>,
}

/// A link token issued for a request, and what of it a transfer takes.
#[derive(Clone, Debug)]
struct Session {
    link_token: String,
    request: Value,
}

/// A moment of a transfer's life, for its webhook events.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Moment {
    Created,
    Settled(SystemTime),
}

/// A transfer just made by a completion, and when its status changes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Completed {
    pub(crate) id: Uuid,
    pub(crate) created: SystemTime,
    /// When it turns final; `None` when it stays `pending`.
    pub(crate) settles_at: Option<SystemTime>,
}

#[derive(Clone, Debug)]
struct TransferRecord {
    id: Uuid,
    request: Value,
    outcome: Outcome,
    amount: Number,
    address: String,
    created: SystemTime,
    /// When the outcome is due; `None` for a delay past what the clock can say.
    settles_at: Option<SystemTime>,
    hash: String,
}

impl Transfers {
    /// Notes a link token issued for `request`, for a test to complete later.
    pub(crate) fn issued(&self, link_token: &str, request: &Value) {
        let mut kept = self.lock();
        if kept.sessions.len() == MAX_KEPT_TRANSFERS {
            kept.sessions.remove(0);
        }
        kept.sessions.push(Session {
            link_token: link_token.to_owned(),
            request: request.clone(),
        });
    }

    /// The transfer of the session `completion` names, `pending` until its outcome is due.
    pub(crate) fn complete(&self, completion: &Completion) -> Result<Completed, CompletionError> {
        let mut kept = self.lock();
        let (named, session) = match &completion.session {
            SessionKey::TransactionId(id) => (
                format!("transactionId {id:?}"),
                kept.sessions.iter().rev().find(|s| {
                    s.request.pointer("/transferOptions/transactionId") == Some(&json!(id))
                }),
            ),
            SessionKey::LinkToken(token) => (
                "that link token".to_owned(),
                kept.sessions.iter().rev().find(|s| &s.link_token == token),
            ),
        };
        let session = session.ok_or_else(|| CompletionError::NoSession(named.clone()))?;
        let destination = session.request.pointer("/transferOptions/toAddresses/0");
        let address = completion
            .address
            .clone()
            .or_else(|| text(destination, "address"))
            .ok_or_else(|| CompletionError::NoDestination(named.clone()))?;
        let amount = match &completion.amount {
            Some(written) => serde_json::from_str::<Number>(written)
                .map_err(|_| CompletionError::NotANumber(written.clone()))?,
            None => destination
                .and_then(|d| d.get("amount"))
                .and_then(|a| a.as_number().cloned())
                .ok_or_else(|| CompletionError::NoDestination(named.clone()))?,
        };
        let created = SystemTime::now();
        let record = TransferRecord {
            id: Uuid::new_v4(),
            request: session.request.clone(),
            outcome: completion.outcome,
            amount,
            address,
            created,
            settles_at: created.checked_add(completion.after),
            hash: format!("0x{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple()),
        };
        let completed = Completed {
            id: record.id,
            created,
            settles_at: record
                .settles_at
                .filter(|_| record.outcome != Outcome::Pending),
        };
        if kept.transfers.len() == MAX_KEPT_TRANSFERS {
            kept.transfers.remove(0);
        }
        kept.transfers.push(record);
        Ok(completed)
    }

    /// The transfer `id` as the transfers query shows it when it is created (`pending`, even
    /// when its outcome is due at once) and when it settles; `None` once forgotten.
    pub(crate) fn transfer_at(&self, id: Uuid, moment: Moment, catalog: &Catalog) -> Option<Value> {
        let kept = self.lock();
        let record = kept.transfers.iter().find(|record| record.id == id)?;
        Some(match moment {
            Moment::Created => record.json_with(Outcome::Pending.as_str(), catalog),
            Moment::Settled(at) => record.to_json(at, catalog),
        })
    }

    /// The `content` of the answer to the transfers query `query` (typed by the spec).
    pub(crate) fn content(&self, query: &Map<String, Value>, catalog: &Catalog) -> Value {
        let now = SystemTime::now();
        let kept = self.lock();
        let mut matching: Vec<&TransferRecord> = kept
            .transfers
            .iter()
            .filter(|record| record.matches(query, now))
            .collect();
        let order = query
            .get("OrderBy")
            .and_then(Value::as_str)
            .unwrap_or("createdTimestamp");
        matching.sort_by(|a, b| a.compare(b, order, now).then_with(|| a.id.cmp(&b.id)));
        if query.get("DescendingOrder") == Some(&Value::Bool(true)) {
            matching.reverse();
        }
        let integer = |name: &str| query.get(name).and_then(Value::as_i64);
        let count = integer("Count")
            .unwrap_or(DEFAULT_COUNT)
            .clamp(0, MAX_COUNT);
        let offset = integer("Offset").unwrap_or(0).max(0);
        let total = matching.len();
        let items: Vec<Value> = matching
            .into_iter()
            .skip(usize::try_from(offset).unwrap_or(usize::MAX))
            .take(usize::try_from(count).unwrap_or(0))
            .map(|record| record.to_json(now, catalog))
            .collect();
        json!({"items": items, "total": total})
    }

    /// Forgets every session and transfer, returning how many transfers there were.
    pub(crate) fn clear(&self) -> usize {
        let mut kept = self.lock();
        let cleared = kept.transfers.len();
        *kept = Kept::default();
        cleared
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn text(value: Option<&Value>, key: &str) -> Option<String> {
    value?.get(key)?.as_str().map(str::to_owned)
}

/// A time as Mesh's transfers write one: Unix seconds.
pub(crate) fn seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |since| {
        i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
    })
}

impl TransferRecord {
    fn status(&self, now: SystemTime) -> &'static str {
        if self.outcome == Outcome::Pending || self.settles_at.is_none_or(|due| now < due) {
            Outcome::Pending.as_str()
        } else {
            self.outcome.as_str()
        }
    }

    fn field(&self, pointer: &str) -> Option<&str> {
        self.request.pointer(pointer).and_then(Value::as_str)
    }

    fn transaction_id(&self) -> Option<&str> {
        self.field("/transferOptions/transactionId")
    }

    fn user_id(&self) -> Option<&str> {
        self.field("/userId")
    }

    fn symbol(&self) -> Option<&str> {
        self.field("/transferOptions/toAddresses/0/symbol")
    }

    fn network_id(&self) -> Option<&str> {
        self.field("/transferOptions/toAddresses/0/networkId")
    }

    fn integration_id(&self) -> Option<&str> {
        self.field("/integrationId")
    }

    fn matches(&self, query: &Map<String, Value>, now: SystemTime) -> bool {
        let same_text = |name: &str, mine: Option<&str>| {
            query
                .get(name)
                .and_then(Value::as_str)
                .is_none_or(|wanted| mine == Some(wanted))
        };
        let listed = |name: &str, mine: Option<&str>, same: fn(&str, &str) -> bool| {
            query
                .get(name)
                .and_then(Value::as_array)
                .filter(|list| !list.is_empty())
                .is_none_or(|list| {
                    mine.is_some_and(|mine| {
                        list.iter().filter_map(Value::as_str).any(|w| same(w, mine))
                    })
                })
        };
        let created = seconds(self.created);
        let time = |name: &str| query.get(name).and_then(Value::as_i64);
        same_text("ClientTransactionId", self.transaction_id())
            && same_text("UserId", self.user_id())
            && same_text("Hash", (self.status(now) == "succeeded").then_some(self.hash.as_str()))
            && query
                .get("Id")
                .is_none_or(|id| same_id(Some(id), &self.id.to_string()))
            && query
                .get("SubClientId")
                .is_none_or(|id| id.as_str().is_some_and(|id| same_id(self.request.get("subClientId"), id)))
            && listed("Statuses", Some(self.status(now)), |a, b| a == b)
            && listed("IntegrationIds", self.integration_id(), |a, b| a.eq_ignore_ascii_case(b))
            && time("FromTimestamp").is_none_or(|from| created >= from)
            && time("ToTimestamp").is_none_or(|to| created <= to)
            // The emulator prices nothing in fiat: a fiat bound matches none of its transfers.
            && !query.contains_key("MinAmountInFiat")
            && !query.contains_key("MaxAmountInFiat")
    }

    fn compare(&self, other: &Self, order: &str, now: SystemTime) -> Ordering {
        let by_text = |mine: Option<&str>, theirs: Option<&str>| mine.cmp(&theirs);
        match order {
            "id" => self.id.cmp(&other.id),
            "clientTransferId" => by_text(self.transaction_id(), other.transaction_id()),
            "userId" => by_text(self.user_id(), other.user_id()),
            "status" => self.status(now).cmp(other.status(now)),
            "symbol" => by_text(self.symbol(), other.symbol()),
            "fromType" | "networkName" | "amountInFiat" => {
                by_text(self.network_id(), other.network_id())
            }
            _ => self.created.cmp(&other.created),
        }
    }

    fn to_json(&self, now: SystemTime, catalog: &Catalog) -> Value {
        self.json_with(self.status(now), catalog)
    }

    fn json_with(&self, status: &str, catalog: &Catalog) -> Value {
        let settled = status != Outcome::Pending.as_str();
        let network_id = self.network_id();
        let from = self.integration_id().map(|id| {
            let listed = catalog.integration(id);
            without_nulls(json!({
                "id": id,
                "name": listed.and_then(|i| i.get("name")).cloned(),
                "type": listed.and_then(|i| i.get("type")).cloned(),
            }))
        });
        without_nulls(json!({
            "id": self.id,
            "clientTransactionId": self.transaction_id(),
            "userId": self.user_id(),
            "status": status,
            "transferType": self.field("/transferOptions/transferType"),
            "amount": self.amount,
            "sourceAmount": self.amount,
            "destinationAmount": self.amount,
            "symbol": self.symbol(),
            "networkId": network_id,
            "networkName": network_id.and_then(|id| catalog.network_name(id)),
            "destinationAddress": self.address,
            "createdTimestamp": seconds(self.created),
            "executedTimestamp": self.settles_at.filter(|_| settled).map(seconds),
            "hash": (status == "succeeded").then_some(&self.hash),
            "from": from,
            "subClientId": self.request.get("subClientId"),
            "isFeeIncluded": false,
        }))
    }
}

/// An object without its `null` members: what the emulator does not know it leaves out, as some
/// of these fields may not be `null` in the spec.
fn without_nulls(mut value: Value) -> Value {
    if let Some(members) = value.as_object_mut() {
        members.retain(|_, member| !member.is_null());
    }
    value
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn issued(transfers: &Transfers, transaction_id: &str, amount: Value) {
        transfers.issued(
            "token",
            &json!({"userId": "user-1", "transferOptions": {
                "transactionId": transaction_id, "transferType": "payment",
                "toAddresses": [{"networkId": "aa883b03-120d-477c-a588-37c2afd3ca71",
                                 "symbol": "USDC", "address": "0xabc", "amount": amount}]}}),
        );
    }

    #[test]
    fn a_completed_session_is_pending_until_its_outcome_is_due() {
        let transfers = Transfers::default();
        issued(&transfers, "order-1", json!(10.5));
        let completion = Completion::of_transaction("order-1", Outcome::Succeeded)
            .after(Duration::from_secs(3600));
        transfers.complete(&completion).unwrap();
        let catalog = Catalog::fixture();
        let page = transfers.content(&Map::new(), &catalog);
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["status"], "pending");
        assert_eq!(page["items"][0]["amount"], json!(10.5));
        assert_eq!(page["items"][0]["executedTimestamp"], Value::Null);
        let done = Completion::of_transaction("order-1", Outcome::Failed).amount("3");
        transfers.complete(&done).unwrap();
        let mut failed = Map::new();
        failed.insert("Statuses".into(), json!(["failed"]));
        let page = transfers.content(&failed, &catalog);
        assert_eq!(page["total"], 1);
        assert_eq!(page["items"][0]["amount"], json!(3));
    }

    #[test]
    fn a_delay_past_what_the_clock_can_say_stays_pending() {
        let transfers = Transfers::default();
        issued(&transfers, "order-1", json!(1));
        let forever =
            Completion::of_transaction("order-1", Outcome::Succeeded).after(Duration::MAX);
        transfers.complete(&forever).unwrap();
        let page = transfers.content(&Map::new(), &Catalog::fixture());
        assert_eq!(page["items"][0]["status"], "pending");
    }

    #[test]
    fn a_session_that_was_never_issued_or_has_nowhere_to_send_is_refused() {
        let transfers = Transfers::default();
        let unknown = Completion::of_transaction("nope", Outcome::Succeeded);
        assert!(matches!(
            transfers.complete(&unknown),
            Err(CompletionError::NoSession(_))
        ));
        transfers.issued("bare", &json!({"userId": "u"}));
        let bare = Completion::of_link_token("bare", Outcome::Succeeded);
        assert!(matches!(
            transfers.complete(&bare),
            Err(CompletionError::NoDestination(_))
        ));
        let priced = bare.address("0x1").amount("one");
        assert!(matches!(
            transfers.complete(&priced),
            Err(CompletionError::NotANumber(_))
        ));
    }

    #[test]
    fn pages_hold_count_items_from_offset_and_the_total_of_all() {
        let transfers = Transfers::default();
        for n in 0..25 {
            issued(&transfers, &format!("order-{n}"), json!(n + 1));
            transfers
                .complete(&Completion::of_transaction(
                    format!("order-{n}"),
                    Outcome::Succeeded,
                ))
                .unwrap();
        }
        let mut query = Map::new();
        query.insert("Count".into(), json!(500));
        query.insert("Offset".into(), json!(20));
        let page = transfers.content(&query, &Catalog::fixture());
        assert_eq!(page["total"], 25);
        assert_eq!(page["items"].as_array().unwrap().len(), 5);
        assert_eq!(
            transfers.content(&Map::new(), &Catalog::fixture())["items"]
                .as_array()
                .unwrap()
                .len(),
            10
        );
    }
}
