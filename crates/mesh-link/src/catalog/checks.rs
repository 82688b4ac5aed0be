//! A request checked against what Mesh's catalogs list: every destination network listed and
//! taking its token, an `integrationId` listed and transferring on the request's networks (a
//! DeFi wallet's on each of them).

use super::integration::Integrations;
use super::network::Networks;
use crate::link_token::request::LinkTokenRequest;
use crate::rules::violations::{InvalidRequest, Rule, Violation};
use crate::rules::{VERIFICATION_NETWORK_ID, destination_field};

/// Every way `request` disagrees with the catalogs given (a list not given is not checked).
pub(crate) fn check_against(
    request: &LinkTokenRequest,
    networks: Option<&Networks>,
    integrations: Option<&Integrations>,
) -> Result<(), InvalidRequest> {
    let mut violations = Vec::new();
    if let Some(networks) = networks {
        destinations(request, networks, &mut violations);
        verification_network(request, networks, &mut violations);
    }
    if let Some(integrations) = integrations {
        integration(request, networks, integrations, &mut violations);
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(InvalidRequest::from_violations(violations))
    }
}

fn destinations(request: &LinkTokenRequest, networks: &Networks, out: &mut Vec<Violation>) {
    for (index, destination) in request.transfer.destinations.iter().enumerate() {
        let Some(network) = networks.get(destination.network) else {
            out.push(Violation {
                field: destination_field(index, "networkId"),
                rule: Rule::NotListed { list: "networks" },
            });
            continue;
        };
        if !network.takes(&destination.symbol) {
            out.push(Violation {
                field: destination_field(index, "symbol"),
                rule: Rule::TokenNotOnNetwork {
                    symbol: destination.symbol.clone(),
                    network: network.name.clone(),
                    listed: network.tokens.clone(),
                },
            });
        }
    }
}

fn verification_network(request: &LinkTokenRequest, networks: &Networks, out: &mut Vec<Violation>) {
    let Some(network) = request.verification.as_ref().and_then(|v| v.network) else {
        return;
    };
    if networks.get(network).is_none() {
        out.push(Violation {
            field: VERIFICATION_NETWORK_ID.to_owned(),
            rule: Rule::NotListed { list: "networks" },
        });
    }
}

fn integration(
    request: &LinkTokenRequest,
    networks: Option<&Networks>,
    integrations: &Integrations,
    out: &mut Vec<Violation>,
) {
    const FIELD: &str = "integrationId";
    let Some(id) = request.integration else {
        return;
    };
    let Some(integration) = integrations.get(id) else {
        out.push(Violation {
            field: FIELD.to_owned(),
            rule: Rule::NotListed {
                list: "integrations",
            },
        });
        return;
    };
    // Named only for a violation, so a valid request allocates nothing here.
    let takes = || -> Vec<String> {
        integration
            .networks
            .iter()
            .map(|network| network.name.clone())
            .collect()
    };
    let name_of = |id| {
        networks
            .and_then(|networks| networks.get(id))
            .map_or_else(|| id.to_string(), |network| network.name.clone())
    };
    let destinations = &request.transfer.destinations;
    let before = out.len();
    if integration.is_defi_wallet() {
        // Mesh's spec: a DeFi wallet refuses each destination network it does not take.
        out.extend(
            destinations
                .iter()
                .enumerate()
                .filter(|(_, destination)| !integration.takes_network(destination.network))
                .map(|(i, _)| Violation {
                    field: destination_field(i, "networkId"),
                    rule: Rule::NotForWallet {
                        wallet: integration.name.clone(),
                        takes: takes(),
                    },
                }),
        );
    } else if !destinations.is_empty()
        && !destinations
            .iter()
            .any(|destination| integration.takes_network(destination.network))
    {
        out.push(Violation {
            field: FIELD.to_owned(),
            rule: Rule::IntegrationTakesNoneOf {
                integration: integration.name.clone(),
                wanted: "the destination networks".to_owned(),
                takes: takes(),
            },
        });
    }
    if out.len() == before
        && let Some(network) = request.verification.as_ref().and_then(|v| v.network)
        && !integration.takes_network(network)
    {
        out.push(Violation {
            field: FIELD.to_owned(),
            rule: Rule::IntegrationTakesNoneOf {
                integration: integration.name.clone(),
                wanted: format!("the verification network {}", name_of(network)),
                takes: takes(),
            },
        });
    }
}
