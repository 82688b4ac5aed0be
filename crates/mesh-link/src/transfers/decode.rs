//! Mesh's answer to `GET /api/v1/transfers/managed/mesh`, read through the generated (open)
//! envelope into [`Transfer`]s: amounts exact, timestamps as times.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use mesh_link_api::ExactNumber;
use mesh_link_api::types::{
    ApiResultStatus, ApiResultStatusKnown, TransferFee, TransferModel,
    TransferModelPaginationResponseApiResult,
};
use rust_decimal::Decimal;

use super::transfer::{Fee, Fees, Transfer};
use crate::catalog::entries::{self, MAX_ENTRIES};
use crate::error::Error;
use crate::transport::status::{Answer, read_answer, refused_despite_success};

/// One page of transfers, as Mesh answered it.
#[derive(Clone, Debug, PartialEq)]
pub struct TransferPage {
    pub(crate) transfers: Vec<Transfer>,
    pub(crate) total: Option<u64>,
}

impl TransferPage {
    /// The transfers of the page, in Mesh's order.
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// The page's transfers, owned.
    pub fn into_transfers(self) -> Vec<Transfer> {
        self.transfers
    }

    /// How many transfers match the query across every page (`total`), when Mesh says.
    pub fn total(&self) -> Option<u64> {
        self.total
    }
}

/// What Mesh's answer to `GET /api/v1/transfers/managed/mesh` means, exactly as
/// [`MeshClient::transfers`](crate::MeshClient::transfers) reads each page: for calling it with
/// your own HTTP stack. `retry_after` is the answer's `Retry-After` header, if any.
///
/// ```
/// let answer = br#"{"status": "ok", "content": {"total": 1, "items": [{
///     "id": "8e25acb5-a9e2-4d00-8772-a255f010a2a9", "status": "succeeded",
///     "clientTransactionId": "order-1", "amount": 10.50, "symbol": "USDC",
///     "createdTimestamp": 1653211113}]}}"#;
/// let page = mesh_link::decode_transfers(200, None, answer)?;
/// let transfer = &page.transfers()[0];
/// assert!(transfer.status().is_final());
/// assert_eq!(transfer.amount().map(|a| a.to_string()).as_deref(), Some("10.50"));
/// # Ok::<(), mesh_link::Error>(())
/// ```
pub fn decode_transfers(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<TransferPage, Error> {
    read_page(Answer::from_parts(http_status, retry_after, body), "")
}

/// Reads one page; a body holding more values than [`MAX_ENTRIES`] is not decoded at all.
pub(crate) fn read_page(answer: Answer<&[u8]>, secret: &str) -> Result<TransferPage, Error> {
    if answer.error_by_status().is_none() && entries::exceed(answer.body, MAX_ENTRIES) {
        let reason = format!(
            "the answer holds more than {MAX_ENTRIES} values, far more than a page of transfers"
        );
        return Err(answer.undecodable(&reason, secret));
    }
    read_answer(answer, secret, |answer, secret| {
        let envelope: TransferModelPaginationResponseApiResult =
            serde_json::from_slice(answer.body).map_err(|e| {
                let reason = format!("the body is not Mesh's transfers envelope ({e})");
                answer.undecodable(&reason, secret)
            })?;
        if !matches!(
            envelope.status,
            None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok))
        ) {
            return Err(refused_despite_success(answer, secret));
        }
        let Some(content) = envelope.content else {
            return Err(answer.undecodable("the answer has no content", secret));
        };
        let transfers = content
            .items
            .unwrap_or_default()
            .into_iter()
            .map(transfer)
            .collect::<Result<Vec<_>, String>>()
            .map_err(|reason| answer.undecodable(&reason, secret))?;
        let total = match content.total {
            Some(total) => Some(u64::try_from(total).map_err(|_| {
                answer.undecodable(&format!("total is negative ({total})"), secret)
            })?),
            None => None,
        };
        Ok(TransferPage { transfers, total })
    })
}

fn transfer(listed: TransferModel) -> Result<Transfer, String> {
    let id = listed.id;
    let within = |field: &str| format!("transfer {id}: {field}");
    let status = listed
        .status
        .ok_or_else(|| format!("transfer {id} has no status"))?;
    Ok(Transfer {
        id: id.into(),
        status: status.into(),
        transaction_id: listed.client_transaction_id,
        user_id: listed.user_id,
        transfer_type: listed.transfer_type.map(|kind| kind.to_string()),
        symbol: listed.symbol,
        network_id: listed.network_id.map(Into::into),
        network_name: listed.network_name,
        amount: exact(listed.amount, || within("amount"))?,
        amount_in_fiat: exact(listed.amount_in_fiat, || within("amountInFiat"))?,
        fiat_currency: listed.amount_in_fiat_currency_code,
        source_amount: exact(listed.source_amount, || within("sourceAmount"))?,
        destination_amount: exact(listed.destination_amount, || within("destinationAmount"))?,
        destination_address: listed.destination_address,
        refund_address: listed.refund_address,
        hash: listed.hash,
        source_integration: listed
            .from
            .as_ref()
            .and_then(|from| from.id)
            .map(Into::into),
        source_name: listed.from.and_then(|from| from.name),
        fees: Fees {
            gas: fee(listed.gas_fee, || within("gasFee"))?,
            withdrawal: fee(listed.withdrawal_fee, || within("withdrawalFee"))?,
            processing: fee(listed.processing_fee, || within("processingFee"))?,
            total_in_fiat: exact(listed.total_fees_amount_in_fiat, || {
                within("totalFeesAmountInFiat")
            })?,
        },
        created_at: time(listed.created_timestamp, || within("createdTimestamp"))?,
        executed_at: time(listed.executed_timestamp, || within("executedTimestamp"))?,
    })
}

fn fee(listed: Option<TransferFee>, field: impl Fn() -> String) -> Result<Option<Fee>, String> {
    let Some(listed) = listed else {
        return Ok(None);
    };
    Ok(Some(Fee {
        amount: exact(listed.fee, || format!("{}.fee", field()))?,
        currency: listed.fee_currency,
        in_fiat: exact(listed.fee_in_fiat, || format!("{}.feeInFiat", field()))?,
    }))
}

/// The decimal Mesh wrote, digit for digit; one a `Decimal` cannot hold exactly is an error,
/// never a rounding.
pub(crate) fn exact(
    number: Option<ExactNumber>,
    field: impl FnOnce() -> String,
) -> Result<Option<Decimal>, String> {
    let Some(number) = number else {
        return Ok(None);
    };
    let text = number.as_str();
    let decimal = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    decimal.map(Some).map_err(|_| {
        format!(
            "{} is {text}, beyond what this client holds exactly (28 digits)",
            field()
        )
    })
}

/// A Unix timestamp in seconds, as Mesh's examples write them.
fn time(
    seconds: Option<i64>,
    field: impl FnOnce() -> String,
) -> Result<Option<SystemTime>, String> {
    let Some(seconds) = seconds else {
        return Ok(None);
    };
    u64::try_from(seconds)
        .ok()
        .and_then(|seconds| UNIX_EPOCH.checked_add(Duration::from_secs(seconds)))
        .map(Some)
        .ok_or_else(|| format!("{} is {seconds}, not a time after 1970", field()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: &str) -> Result<TransferPage, Error> {
        let body = format!(r#"{{"status":"ok","content":{{"total":1,"items":[{items}]}}}}"#);
        decode_transfers(200, None, body.as_bytes())
    }

    const ID: &str = r#""id":"8e25acb5-a9e2-4d00-8772-a255f010a2a9""#;

    #[test]
    fn amounts_are_the_decimals_mesh_wrote() {
        let page = page(&format!(
            r#"{{{ID},"status":"pending","amount":0.00000486,"amountInFiat":100.00,
               "sourceAmount":1e-7,"gasFee":{{"fee":0.0001,"feeInFiat":0.1}}}}"#
        ))
        .unwrap();
        let transfer = &page.transfers()[0];
        assert_eq!(transfer.amount().unwrap().to_string(), "0.00000486");
        assert_eq!(transfer.amount_in_fiat().unwrap().to_string(), "100.00");
        assert_eq!(transfer.source_amount().unwrap().to_string(), "0.0000001");
        let gas = transfer.fees().gas.as_ref().unwrap();
        assert_eq!(gas.amount.unwrap().to_string(), "0.0001");
        assert_eq!(page.total(), Some(1));
    }

    #[test]
    fn an_amount_no_decimal_holds_exactly_is_an_error_not_a_rounding() {
        let error = page(&format!(
            r#"{{{ID},"status":"pending","amount":0.12345678901234567890123456789}}"#
        ))
        .unwrap_err();
        assert!(error.to_string().contains("amount"), "{error}");
        let error = page(&format!(r#"{{{ID},"status":"pending","amount":1e300}}"#)).unwrap_err();
        assert!(matches!(error, Error::Undecodable(_)), "{error:?}");
    }

    #[test]
    fn timestamps_are_times_and_impossible_ones_are_errors() {
        let page = page(&format!(
            r#"{{{ID},"status":"succeeded","createdTimestamp":1653211113}}"#
        ))
        .unwrap();
        assert_eq!(
            page.transfers()[0].created_at(),
            Some(UNIX_EPOCH + Duration::from_secs(1_653_211_113))
        );
        for bad in ["-1", "-1653211113"] {
            let error = self::page(&format!(
                r#"{{{ID},"status":"succeeded","createdTimestamp":{bad}}}"#
            ));
            assert!(error.is_err(), "{bad}");
        }
    }

    #[test]
    fn a_transfer_without_a_status_cannot_be_judged() {
        let error = page(&format!("{{{ID}}}")).unwrap_err();
        assert!(error.to_string().contains("no status"), "{error}");
    }
}
