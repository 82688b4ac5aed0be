//! Mesh's answer to `POST /api/v1/linktoken`, read into the generated envelope: the link token,
//! or the error it calls for.

use std::time::SystemTime;

use mesh_link_api::types::{ApiResultStatus, ApiResultStatusKnown, LinkTokenModelApiResult};

use crate::error::{Error, Undecodable};
use crate::link_token::issued::LinkToken;
use crate::transport::redaction::quote;
use crate::transport::status::{Answer, read_answer, refused_despite_success};

/// What Mesh's answer to `POST /api/v1/linktoken` means: the link token, or the [`Error`] it
/// calls for, exactly as [`MeshClient`](crate::MeshClient) reads it.
///
/// For sending [`LinkTokenRequest::to_json_body`](crate::LinkTokenRequest::to_json_body) with
/// your own HTTP stack. `retry_after` is the answer's `Retry-After` header, if any.
///
/// ```
/// let answer = br#"{"status": "ok", "content": {"linkToken": "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLw=="}}"#;
/// let token = mesh_link::decode_answer(200, None, answer)?;
/// assert_eq!(token.link_url().host_str(), Some("web.meshconnect.com"));
/// # Ok::<(), mesh_link::Error>(())
/// ```
pub fn decode_answer(
    http_status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<LinkToken, Error> {
    read(Answer::from_parts(http_status, retry_after, body), "")
}

/// Reads Mesh's answer to `POST /api/v1/linktoken`; `secret` is redacted from any excerpt of
/// its body.
pub(crate) fn read(answer: Answer<&[u8]>, secret: &str) -> Result<LinkToken, Error> {
    read_answer(
        answer,
        secret,
        |answer, secret| match serde_json::from_slice::<LinkTokenModelApiResult>(answer.body) {
            Ok(envelope) => success(envelope, answer, secret),
            Err(e) => {
                let reason = format!("the body is not Mesh's link-token envelope ({e})");
                Err(answer.undecodable(&reason, secret))
            }
        },
    )
}

fn success(
    envelope: LinkTokenModelApiResult,
    answer: Answer<&[u8]>,
    secret: &str,
) -> Result<LinkToken, Error> {
    let (token, payment_link) = envelope
        .content
        .map_or((None, None), |c| (c.link_token, c.payment_link));
    let token = match (envelope.status, token.filter(|t| !t.is_empty())) {
        (None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)), Some(token)) => token,
        (Some(ApiResultStatus::Unknown(status)), Some(token)) => {
            tracing::warn!(
                status = quote(&status, secret),
                "Mesh answered with a status this client does not know, and a link token; using the token"
            );
            token
        }
        (None | Some(ApiResultStatus::Known(ApiResultStatusKnown::Ok)), None) => {
            let reason = "status is ok but the answer has no linkToken";
            return Err(answer.undecodable(reason, secret));
        }
        (Some(_), _) => return Err(refused_despite_success(answer, secret)),
    };
    // No excerpt: the body holds the token, which is a secret.
    LinkToken::from_answer(token, payment_link, SystemTime::now())
        .map_err(|reason| Error::Undecodable(Undecodable::new(answer.status, reason)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_strings_decode_too() {
        // base64 has `/`, which some JSON writers escape.
        let token = "aHR0cHM6Ly93ZWIubWVzaGNvbm5lY3QuY29tLz9hPT8/Pz8/";
        let body = format!(
            r#"{{"status":"ok","content":{{"linkToken":"{}"}}}}"#,
            token.replace('/', "\\/")
        );
        let decoded = decode_answer(200, None, body.as_bytes()).unwrap();
        assert_eq!(decoded.token(), token);
        assert_eq!(
            decoded.link_url().as_str(),
            "https://web.meshconnect.com/?a=?????"
        );
    }
}
