//! Where the client sends requests, the environment variables that can say so, and what can be
//! wrong with a configuration.

use std::ffi::OsString;
use std::fmt;
use std::str::FromStr;

use secrecy::SecretString;
use url::{Host, Url};

use crate::error::HttpError;

/// Environment variable holding the client ID.
pub const CLIENT_ID_VAR: &str = "MESH_CLIENT_ID";
/// Environment variable holding the client secret (API key).
pub const CLIENT_SECRET_VAR: &str = "MESH_CLIENT_SECRET";
/// Environment variable choosing the environment: `sandbox` (default), `production`, or a URL.
pub const ENVIRONMENT_VAR: &str = "MESH_ENV";

/// Which Mesh API the client talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://sandbox-integration-api.meshconnect.com`: test credentials, no real money.
    Sandbox,
    /// `https://integration-api.meshconnect.com`.
    Production,
    /// Any other base URL, such as a local `mesh-mock` (`http://127.0.0.1:4010`).
    Custom(Url),
}

impl Environment {
    /// A custom base URL; a trailing slash or none, `http` or `https`, no query.
    pub fn custom(base_url: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
            reason: reason.to_owned(),
        };
        let url = Url::parse(base_url).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if url.host().is_none() {
            return Err(invalid("it has no host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not have a query or fragment"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("it must not carry credentials"));
        }
        Ok(Self::Custom(url))
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> Url {
        match self {
            Self::Sandbox => known_url(mesh_link_api::SANDBOX_URL),
            Self::Production => known_url(mesh_link_api::PRODUCTION_URL),
            Self::Custom(url) => url.clone(),
        }
    }

    /// The URL of `POST /api/v1/linktoken` under this environment's base URL.
    pub(crate) fn link_token_url(&self) -> Url {
        self.url_of(mesh_link_api::wire::LINK_TOKEN_PATH)
    }

    /// The URL of the operation at `path` (one of [`mesh_link_api::wire`]'s) under this
    /// environment's base URL, which may have a path of its own.
    pub(crate) fn url_of(&self, path: &str) -> Url {
        let mut url = self.base_url();
        let path = format!("{}{path}", url.path().trim_end_matches('/'));
        url.set_path(&path);
        url
    }

    /// Whether requests would cross a network in clear text: `http://` to anything but this
    /// machine.
    pub(crate) fn is_insecure(&self) -> bool {
        let url = self.base_url();
        let loopback = match url.host() {
            Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        url.scheme() == "http" && !loopback
    }
}

// The two hosts are constants of mesh-link-api; a unit test proves they parse.
fn known_url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|_| unreachable!("{text} is a valid URL"))
}

impl FromStr for Environment {
    type Err = ConfigError;

    /// `sandbox`, `production` (any case), or a base URL.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim().to_ascii_lowercase().as_str() {
            "sandbox" => Ok(Self::Sandbox),
            "production" | "prod" => Ok(Self::Production),
            _ => Self::custom(value.trim()),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sandbox => f.write_str("sandbox"),
            Self::Production => f.write_str("production"),
            Self::Custom(url) => write!(f, "{url}"),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// An environment variable `from_env` needs is not set (or not Unicode).
    #[error("environment variable {var} is not set; {hint}")]
    MissingVar {
        /// The variable.
        var: &'static str,
        /// What it should hold.
        hint: &'static str,
    },
    /// An environment variable holds something unusable (its value is not repeated here).
    #[error("environment variable {var} is invalid: {reason}")]
    InvalidVar {
        /// The variable.
        var: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The base URL is unusable.
    #[error("invalid base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong.
        reason: String,
    },
    /// The base URL is plain `http://` to a host other than this machine, which would send the
    /// client secret across the network in clear text.
    #[error(
        "the base URL {base_url} is plain http to another machine, which would send the client \
         secret in clear text; use https, or call allow_insecure_http() on the builder if you \
         really mean it"
    )]
    InsecureBaseUrl {
        /// The base URL.
        base_url: String,
    },
    /// A credential cannot travel in an HTTP header (empty, or not visible ASCII).
    #[error("the {which} must be non-empty visible ASCII; it travels in an HTTP header")]
    InvalidCredential {
        /// Which of the two.
        which: Credential,
    },
    /// A timeout or retry setting that cannot work.
    #[error("invalid setting {setting}: {reason}")]
    InvalidSetting {
        /// The setting.
        setting: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The HTTP client could not be built (for example, no TLS roots).
    #[error("cannot build the HTTP client: {0}")]
    HttpClient(#[source] HttpError),
}

impl ConfigError {
    /// The same error in the words of [`MeshClient::from_env`](crate::MeshClient::from_env): a
    /// credential is named by the variable it came from.
    pub(crate) fn in_terms_of_variables(self) -> Self {
        match self {
            Self::InvalidCredential { which } => Self::InvalidVar {
                var: which.variable(),
                reason: "it must be visible ASCII".to_owned(),
            },
            other => other,
        }
    }
}

/// One of the two credentials Mesh gives a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credential {
    /// The client ID (`X-Client-Id`).
    ClientId,
    /// The client secret, or API key (`X-Client-Secret`).
    ClientSecret,
}

impl Credential {
    /// The environment variable [`MeshClient::from_env`](crate::MeshClient::from_env) reads it from.
    pub fn variable(self) -> &'static str {
        match self {
            Self::ClientId => CLIENT_ID_VAR,
            Self::ClientSecret => CLIENT_SECRET_VAR,
        }
    }
}

impl fmt::Display for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ClientId => "client ID",
            Self::ClientSecret => "client secret",
        })
    }
}

/// What the environment variables say: the credentials and the environment.
pub(crate) struct FromVars {
    pub(crate) client_id: String,
    pub(crate) client_secret: SecretString,
    pub(crate) environment: Environment,
}

impl FromVars {
    /// Reads [`CLIENT_ID_VAR`], [`CLIENT_SECRET_VAR`] and [`ENVIRONMENT_VAR`] through `lookup`.
    /// Unset and blank are both "missing"; a value that is not Unicode is invalid.
    pub(crate) fn read(lookup: impl Fn(&str) -> Option<OsString>) -> Result<Self, ConfigError> {
        let read = |var: &'static str, hint: &'static str| -> Result<Option<String>, ConfigError> {
            let Some(value) = lookup(var) else {
                return Ok(None);
            };
            let value = value.into_string().map_err(|_| ConfigError::InvalidVar {
                var,
                reason: "it is not valid Unicode".to_owned(),
            })?;
            if value.trim().is_empty() {
                Err(ConfigError::MissingVar { var, hint })
            } else {
                Ok(Some(value))
            }
        };
        let required = |var, hint| read(var, hint)?.ok_or(ConfigError::MissingVar { var, hint });
        let client_id = required(CLIENT_ID_VAR, "set it to your Mesh client ID")?;
        let client_secret = required(CLIENT_SECRET_VAR, "set it to your Mesh API key")?;
        let environment = match read(ENVIRONMENT_VAR, "sandbox, production, or a base URL")? {
            None => Environment::Sandbox,
            Some(value) => value
                .parse()
                .map_err(|e: ConfigError| ConfigError::InvalidVar {
                    var: ENVIRONMENT_VAR,
                    reason: format!("{e}; expected sandbox, production, or a base URL"),
                })?,
        };
        Ok(Self {
            client_id,
            client_secret: client_secret.into(),
            environment,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_parse_by_name_or_url() {
        assert_eq!(
            "sandbox".parse::<Environment>().unwrap(),
            Environment::Sandbox
        );
        assert_eq!(
            " Production ".parse::<Environment>().unwrap(),
            Environment::Production
        );
        let custom = "http://127.0.0.1:4010/".parse::<Environment>().unwrap();
        assert_eq!(custom.base_url().as_str(), "http://127.0.0.1:4010/");
    }

    #[test]
    fn the_endpoint_is_the_same_with_or_without_a_trailing_slash() {
        for base in ["http://127.0.0.1:4010", "http://127.0.0.1:4010/"] {
            assert_eq!(
                Environment::custom(base).unwrap().link_token_url().as_str(),
                "http://127.0.0.1:4010/api/v1/linktoken"
            );
        }
        let prefixed = Environment::custom("https://proxy.example/mesh/").unwrap();
        assert_eq!(
            prefixed.link_token_url().as_str(),
            "https://proxy.example/mesh/api/v1/linktoken"
        );
        assert_eq!(
            Environment::Sandbox.link_token_url().as_str(),
            "https://sandbox-integration-api.meshconnect.com/api/v1/linktoken"
        );
        assert_eq!(
            Environment::Production.link_token_url().as_str(),
            "https://integration-api.meshconnect.com/api/v1/linktoken"
        );
    }

    #[test]
    fn plain_http_is_insecure_unless_it_stays_on_this_machine() {
        for local in [
            "http://127.0.0.1:4010",
            "http://127.3.2.1",
            "http://localhost:8080",
            "http://[::1]:4010",
            "https://example.com",
        ] {
            assert!(
                !Environment::custom(local).unwrap().is_insecure(),
                "{local}"
            );
        }
        for remote in [
            "http://example.com",
            "http://10.0.0.5:4010",
            "http://[2001:db8::1]",
        ] {
            assert!(
                Environment::custom(remote).unwrap().is_insecure(),
                "{remote}"
            );
        }
        assert!(!Environment::Sandbox.is_insecure());
    }

    #[test]
    fn unusable_base_urls_are_refused_with_a_reason() {
        for (url, reason) in [
            ("ftp://example.com", "scheme"),
            ("not a url", "relative URL"),
            ("https://example.com/?x=1", "query"),
            ("https://user:pw@example.com", "credentials"),
        ] {
            let error = Environment::custom(url).unwrap_err().to_string();
            assert!(error.contains(reason), "{url}: {error}");
        }
    }
}
