//! What the mock received, for tests to assert on what a client actually sent.

use mesh_link_api::wire::Operation;
use serde_json::Value;

/// Header values the mock never keeps: the client secret.
pub(crate) const REDACTED: &str = "[redacted]";

/// One request as the mock received it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The HTTP method.
    pub method: String,
    /// The path and query.
    pub path: String,
    /// The covered operation the method and path name, if any.
    pub operation: Option<Operation>,
    /// Headers, names lower-cased, in arrival order; `x-client-secret` reads `[redacted]`.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON, when it was read and parsed.
    pub body: Option<Value>,
    /// The body exactly as received (bytes that are not UTF-8 replaced by U+FFFD), when it was
    /// read: what a number looked like on the wire (`0.00000486`, not `4.86e-6`).
    pub body_text: Option<String>,
    /// The status answered, or `None` when the connection was dropped or left hanging.
    pub status: Option<u16>,
    /// Why the mock refused the request (`userId: is required`, `X-Client-Secret is wrong`),
    /// never quoting a credential or a value from the body; `None` when it was not refused.
    pub refused_because: Option<String>,
}

impl RecordedRequest {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
