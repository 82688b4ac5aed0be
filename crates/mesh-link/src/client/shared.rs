//! What a client and its clones share: the HTTP stack, where and how to call, the kept
//! catalogs.

use secrecy::SecretString;
use url::Url;

use crate::catalog::Catalogs;
use crate::client::config::Environment;
use crate::transport::call::CallSettings;
use crate::transport::deadline::Deadline;

/// What [`MeshClientBuilder::build`](crate::MeshClientBuilder::build) checked and made.
pub(crate) struct Shared {
    /// Sends the credentials with every request and follows no redirect.
    pub(crate) http: reqwest::Client,
    pub(crate) environment: Environment,
    pub(crate) link_token_url: Url,
    pub(crate) transfers_url: Url,
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) settings: CallSettings,
    pub(crate) catalogs: Catalogs,
}

impl Shared {
    /// A deadline for a call of the user's starting now: everything the call does fits in it.
    pub(crate) fn deadline(&self) -> Deadline {
        Deadline::after(self.settings.deadline)
    }
}
