//! The emulator over real HTTP: what it accepts, what it refuses and how, what it records.

mod common;

use base64::Engine as _;
use common::{object_at, post, post_raw, post_with, started};
use mesh_mock::MeshMock;
use mesh_mock::guide;
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};

#[tokio::test]
async fn the_guides_five_request_bodies_are_accepted_with_a_fresh_link_token_each() {
    let mock = started().await;
    let mut tokens = Vec::new();
    for (use_case, _) in guide::ALL {
        let (status, body) = post(
            &mock,
            &guide::body(use_case).expect("one of the guide's use cases"),
        )
        .await;
        assert_eq!(status, 200, "{use_case}: {body}");
        assert_eq!(body["status"], "ok", "{use_case}");
        assert_eq!(body["errorType"], "", "{use_case}");
        assert_eq!(
            body["content"]["paymentLink"],
            Value::Null,
            "{use_case}: generatePayLink is not true"
        );
        let token = body["content"]["linkToken"].as_str().unwrap().to_owned();
        let url = String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(&token)
                .unwrap(),
        )
        .unwrap();
        let expected_prefix = format!(
            "https://web.meshconnect.com/b2b-iframe/{}/broker-connect?auth_code=",
            mock.client_id()
        );
        assert!(url.starts_with(&expected_prefix), "{use_case}: {url}");
        tokens.push(token);
    }
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 5, "every token must be unique");
}

#[tokio::test]
async fn a_payment_link_comes_back_only_when_asked_for() {
    let mock = started().await;
    let mut body = guide::body("payment").expect("one of the guide's use cases");
    body["transferOptions"]["generatePayLink"] = json!(true);
    let (status, answer) = post(&mock, &body).await;
    assert_eq!(status, 200, "{answer}");
    let link = answer["content"]["paymentLink"].as_str().unwrap();
    assert!(link.starts_with("https://"), "{link}");
}

#[tokio::test]
async fn every_media_type_the_spec_lists_is_accepted() {
    let mock = started().await;
    for content_type in [
        "application/json",
        "text/json",
        "application/vnd.mesh+json",
        "application/json; charset=utf-8",
    ] {
        let (status, body) = post_raw(&mock, Some(content_type), r#"{"userId": "u1"}"#).await;
        assert_eq!(status, 200, "{content_type}: {body}");
    }
}

#[tokio::test]
async fn other_media_types_get_415_naming_the_accepted_ones() {
    let mock = started().await;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let (status, body) = post_raw(&mock, content_type, r#"{"userId": "u1"}"#).await;
        assert_eq!(status, 415, "{content_type:?}");
        let message = serde_json::from_str::<Value>(&body).unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            message.contains("application/json, application/*+json, text/json")
                || message.contains("text/json"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn missing_or_wrong_credentials_get_401_with_mesh_envelope_on_every_operation() {
    let mock = started().await;
    let url = format!("{}/api/v1/linktoken", mock.base_url());
    let http = reqwest::Client::new();
    let secret = mock.client_secret().expose_secret().to_owned();
    let cases: [(&str, Option<&str>, Option<&str>, &str); 4] = [
        ("no headers", None, None, "X-Client-Id is missing"),
        (
            "no secret",
            Some(mock.client_id()),
            None,
            "X-Client-Secret is missing",
        ),
        (
            "wrong secret",
            Some(mock.client_id()),
            Some("wrong-secret-value"),
            "X-Client-Secret is wrong",
        ),
        (
            "wrong id",
            Some("someone-else"),
            Some(secret.as_str()),
            "X-Client-Id is wrong",
        ),
    ];
    for (i, (case, id, secret, why)) in cases.into_iter().enumerate() {
        let mut request = http.post(&url).json(&json!({"userId": "u1"}));
        if let Some(id) = id {
            request = request.header("X-Client-Id", id);
        }
        if let Some(secret) = secret {
            request = request.header("X-Client-Secret", secret);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{case}");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{case}: the spec documents application/json"
        );
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "permissionDenied", "{case}");
        assert_eq!(
            body["message"], why,
            "{case}: names the header, never its value"
        );
        let recorded = &mock.requests()[i];
        assert_eq!(recorded.refused_because.as_deref(), Some(why), "{case}");
    }
}

#[tokio::test]
async fn the_reason_for_a_400_names_the_field_and_rule_but_never_a_value_sent() {
    let mock = started().await;
    let (status, _) = post(
        &mock,
        &json!({"userId": "", "transferOptions": {"transferType": "no-such-type-sent-by-the-test"}}),
    )
    .await;
    assert_eq!(status, 400);
    let why = mock.requests()[0].refused_because.clone().unwrap();
    assert!(
        why.contains("userId: is shorter than 1 characters"),
        "{why}"
    );
    assert!(why.contains("transferOptions.transferType"), "{why}");
    assert!(!why.contains("no-such-type-sent-by-the-test"), "{why}");
    let (status, _) = post(&mock, &json!({"userId": "u1"})).await;
    assert_eq!(status, 200);
    assert_eq!(mock.requests()[1].refused_because, None);
}

#[tokio::test]
async fn a_body_over_one_mebibyte_gets_413() {
    let mock = started().await;
    let padding = "x".repeat(mesh_mock::MAX_BODY_BYTES);
    let (status, body) = post_raw(
        &mock,
        Some("application/json"),
        &format!(r#"{{"userId": "{padding}"}}"#),
    )
    .await;
    assert_eq!(status, 413, "{body}");
}

#[tokio::test]
async fn a_chunked_body_over_one_mebibyte_gets_413_too() {
    let mock = started().await;
    let chunks = (0..20).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024]));
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn unknown_paths_get_404_with_a_not_found_envelope() {
    let mock = started().await;
    let response = reqwest::get(format!("{}/api/v1/nothing-here", mock.base_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "notFound");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("/api/v1/nothing-here")
    );
}

#[tokio::test]
async fn the_wrong_method_gets_405_with_allow() {
    let mock = started().await;
    let response = reqwest::get(format!("{}/api/v1/linktoken", mock.base_url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
}

#[tokio::test]
async fn malformed_json_gets_400_naming_the_body() {
    let mock = started().await;
    let (status, body) = post_raw(&mock, Some("application/json"), r#"{"userId": "u1","#).await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["status"], "badRequest");
    assert_eq!(body["errorType"], "invalidField");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("body: is not valid JSON"),
        "{body}"
    );
}

#[tokio::test]
async fn invalid_utf8_gets_400_not_a_crash() {
    let mock = started().await;
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/linktoken", mock.base_url()))
        .header("X-Client-Id", mock.client_id())
        .header("X-Client-Secret", mock.client_secret().expose_secret())
        .header("content-type", "application/json")
        .body(vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

/// One body breaking one rule, and what the 400 must say.
struct Refusal {
    case: &'static str,
    body: Value,
    error_type: &'static str,
    message_starts: &'static str,
}

fn schema_refusals() -> Vec<Refusal> {
    // The deposit body with one field set (added if absent).
    let with = |pointer: &str, value: Value| {
        let mut body = guide::body("deposit").expect("one of the guide's use cases");
        let (parent, field) = pointer.rsplit_once('/').expect("a pointer with a parent");
        object_at(&mut body, parent).insert(field.to_owned(), value);
        body
    };
    vec![
        Refusal {
            case: "no userId",
            body: json!({"restrictMultipleAccounts": true}),
            error_type: "missingField",
            message_starts: "userId: is required",
        },
        Refusal {
            case: "empty userId",
            body: json!({"userId": ""}),
            error_type: "invalidField",
            message_starts: "userId: is shorter than 1 characters (minLength 1)",
        },
        Refusal {
            case: "userId over 300",
            body: json!({"userId": "u".repeat(301)}),
            error_type: "invalidField",
            message_starts: "userId: is longer than 300 characters (maxLength 300)",
        },
        Refusal {
            case: "userId not a string",
            body: json!({"userId": 42}),
            error_type: "invalidField",
            message_starts: "userId: must be of type string",
        },
        Refusal {
            case: "unknown field",
            body: json!({"userId": "u", "configurationId": "x"}),
            error_type: "invalidField",
            message_starts: "configurationId: is not a field the spec allows here",
        },
        Refusal {
            case: "unknown transfer type",
            body: with("/transferOptions/transferType", json!("withdrawal")),
            error_type: "invalidField",
            message_starts: "transferOptions.transferType: must be one of",
        },
        Refusal {
            case: "client fee over 1",
            body: with("/transferOptions/clientFee", json!(1.5)),
            error_type: "invalidField",
            message_starts: "transferOptions.clientFee: is greater than 1 (maximum 1)",
        },
        Refusal {
            case: "negative client fee",
            body: with("/transferOptions/clientFee", json!(-0.1)),
            error_type: "invalidField",
            message_starts: "transferOptions.clientFee: is less than 0 (minimum 0)",
        },
        Refusal {
            case: "transactionId over 128",
            body: with("/transferOptions/transactionId", json!("t".repeat(129))),
            error_type: "invalidField",
            message_starts: "transferOptions.transactionId: is longer than 128 characters",
        },
        Refusal {
            case: "description over 256",
            body: with("/transferOptions/description", json!("d".repeat(257))),
            error_type: "invalidField",
            message_starts: "transferOptions.description: is longer than 256 characters",
        },
        Refusal {
            case: "networkId not a uuid",
            body: with(
                "/transferOptions/toAddresses/1/networkId",
                json!("ethereum"),
            ),
            error_type: "invalidField",
            message_starts: "transferOptions.toAddresses[1].networkId: is not a valid uuid",
        },
        Refusal {
            case: "amount not a number",
            body: with("/transferOptions/toAddresses/0/amount", json!("ten")),
            error_type: "invalidField",
            message_starts: "transferOptions.toAddresses[0].amount: must be of type number",
        },
        Refusal {
            case: "unknown destination field",
            body: with("/transferOptions/toAddresses/0/memo", json!("x")),
            error_type: "invalidField",
            message_starts: "transferOptions.toAddresses[0].memo: is not a field the spec allows here",
        },
        Refusal {
            case: "integrationId not a uuid",
            body: json!({"userId": "u", "integrationId": "binance"}),
            error_type: "invalidField",
            message_starts: "integrationId: is not a valid uuid",
        },
        Refusal {
            case: "unknown broker type",
            body: json!({"userId": "u", "brokerType": "myBank"}),
            error_type: "invalidField",
            message_starts: "brokerType: must be one of",
        },
        Refusal {
            case: "unknown verification method",
            body: json!({"userId": "u", "verifyWalletOptions": {"verificationMethods": ["signMessage"]}}),
            error_type: "invalidField",
            message_starts: "verifyWalletOptions.verificationMethods[0]: must be one of",
        },
        Refusal {
            case: "unknown network type",
            body: json!({"userId": "u", "verifyWalletOptions": {"networkType": "martian"}}),
            error_type: "invalidField",
            message_starts: "verifyWalletOptions.networkType: must be one of",
        },
        Refusal {
            case: "restrictMultipleAccounts not a boolean",
            body: json!({"userId": "u", "restrictMultipleAccounts": "yes"}),
            error_type: "invalidField",
            message_starts: "restrictMultipleAccounts: must be of type boolean",
        },
    ]
}

fn guide_refusals() -> Vec<Refusal> {
    let without = |use_case: &str, pointer: &str, field: &str| {
        let mut body = guide::body(use_case).expect("one of the guide's use cases");
        object_at(&mut body, pointer).remove(field);
        body
    };
    let mut payment_with_fiat = guide::body("payment").expect("one of the guide's use cases");
    payment_with_fiat["transferOptions"]["amountInFiat"] = json!(10);
    vec![
        Refusal {
            case: "transfer without networkId",
            body: without("deposit", "/transferOptions/toAddresses/2", "networkId"),
            error_type: "missingField",
            message_starts: "transferOptions.toAddresses[2].networkId: is required for transfers",
        },
        Refusal {
            case: "transfer without symbol",
            body: without("onramp", "/transferOptions/toAddresses/0", "symbol"),
            error_type: "missingField",
            message_starts: "transferOptions.toAddresses[0].symbol: is required for transfers",
        },
        Refusal {
            case: "transfer without address",
            body: without("deposit", "/transferOptions/toAddresses/0", "address"),
            error_type: "missingField",
            message_starts: "transferOptions.toAddresses[0].address: is required for transfers",
        },
        Refusal {
            case: "payment without amount",
            body: without("payment", "/transferOptions/toAddresses/3", "amount"),
            error_type: "missingField",
            message_starts: "transferOptions.toAddresses[3].amount: is required when transferType is payment",
        },
        Refusal {
            case: "payment with amountInFiat",
            body: payment_with_fiat,
            error_type: "invalidField",
            message_starts: "transferOptions.amountInFiat: must not be used when transferType is payment",
        },
    ]
}

#[tokio::test]
async fn every_schema_and_guide_rule_has_a_400_naming_the_field_and_the_rule() {
    let mock = started().await;
    for refusal in schema_refusals().into_iter().chain(guide_refusals()) {
        let (status, body) = post(&mock, &refusal.body).await;
        let case = refusal.case;
        assert_eq!(status, 400, "{case}: {body}");
        assert_eq!(body["status"], "badRequest", "{case}");
        assert_eq!(body["errorType"], refusal.error_type, "{case}: {body}");
        let message = body["message"].as_str().unwrap();
        assert!(
            message.starts_with(refusal.message_starts),
            "{case}: {message}"
        );
        assert_eq!(body["errorHash"].as_str().unwrap().len(), 8, "{case}");
        assert_eq!(
            body["errorData"]["problems"][0]["errorType"], refusal.error_type,
            "{case}"
        );
    }
}

#[tokio::test]
async fn several_problems_are_all_listed_in_error_data() {
    let mock = started().await;
    let (status, body) = post(&mock, &json!({"userId": "", "integrationId": "nope"})).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["errorData"]["problems"].as_array().unwrap().len(),
        2,
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().ends_with("(and 1 more)"),
        "{body}"
    );
}

#[tokio::test]
async fn verification_with_both_network_id_and_network_type_is_accepted_as_the_api_does() {
    let mock = started().await;
    let body = guide::body("verification").expect("one of the guide's use cases");
    assert!(
        body["verifyWalletOptions"]["networkId"].is_string()
            && body["verifyWalletOptions"]["networkType"].is_string()
    );
    assert_eq!(post(&mock, &body).await.0, 200);
}

#[tokio::test]
async fn recorded_requests_show_what_was_sent_with_the_secret_redacted() {
    let mock = started().await;
    let body = guide::body("deposit").expect("one of the guide's use cases");
    post(&mock, &body).await;
    post_raw(&mock, Some("text/plain"), "hello").await;
    let requests = mock.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/api/v1/linktoken");
    assert_eq!(requests[0].body.as_ref(), Some(&body));
    assert_eq!(requests[0].status, Some(200));
    assert_eq!(requests[0].header("x-client-id"), Some(mock.client_id()));
    assert_eq!(requests[0].header("X-Client-Secret"), Some("[redacted]"));
    let secret = mock.client_secret().expose_secret().to_owned();
    assert!(
        !format!("{requests:?}").contains(&secret),
        "the secret must not be recorded"
    );
    assert_eq!(requests[1].status, Some(415));
    assert_eq!(requests[1].body, None);
    mock.clear_requests();
    assert!(mock.requests().is_empty());
}

/// The embedded document with `userId`'s `maxLength` lowered from 300 to 10.
fn spec_with_a_short_user_id() -> Value {
    let mut document: Value =
        serde_json::from_str(mesh_link_api::OPENAPI_DOCUMENT).expect("the embedded spec is JSON");
    let max_length = document
        .pointer_mut("/components/schemas/GetLinkTokenRequest/properties/userId/maxLength")
        .expect("userId has a maxLength");
    assert_eq!(*max_length, 300);
    *max_length = json!(10);
    document
}

async fn assert_judged_by_a_short_user_id(strict: &MeshMock) {
    let vendored = started().await;
    let body = json!({"userId": "eleven-char"});
    assert_eq!(post(&vendored, &body).await.0, 200);
    let (status, answer) = post(strict, &body).await;
    assert_eq!(status, 400);
    assert!(
        answer["message"]
            .as_str()
            .is_some_and(|message| message.contains("(maxLength 10)")),
        "{answer}"
    );
}

#[tokio::test]
async fn the_mock_judges_by_the_spec_it_is_given() {
    let strict = MeshMock::builder()
        .spec(spec_with_a_short_user_id().to_string())
        .start()
        .await
        .unwrap();
    assert_judged_by_a_short_user_id(&strict).await;
}

#[cfg(feature = "yaml")]
#[tokio::test]
async fn with_the_yaml_feature_the_spec_may_be_yaml() {
    let yaml = serde_yaml_ng::to_string(&spec_with_a_short_user_id()).unwrap();
    assert!(yaml.contains("maxLength: 10"), "{yaml}");
    let strict = MeshMock::builder().spec(yaml).start().await.unwrap();
    assert_judged_by_a_short_user_id(&strict).await;
}

#[tokio::test]
async fn a_spec_without_the_operation_does_not_start() {
    let error = MeshMock::builder()
        .spec(r#"{"openapi": "3.0.3", "paths": {}}"#)
        .start()
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no request body for POST /api/v1/linktoken"),
        "{error}"
    );
}

#[tokio::test]
async fn credentials_that_cannot_travel_in_a_header_are_refused_at_start() {
    let error = MeshMock::builder()
        .client_secret("two words")
        .start()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("client secret"), "{error}");
    assert!(
        !error.to_string().contains("two words"),
        "the secret must not be echoed"
    );
}

#[tokio::test]
async fn dropping_the_mock_closes_its_port() {
    let mock = started().await;
    let addr = mock.addr();
    drop(mock);
    tokio::task::yield_now().await;
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "the port still accepts connections after drop");
}

#[tokio::test]
async fn two_hundred_concurrent_clients_all_get_tokens() {
    const CLIENTS: usize = 200;
    const REQUESTS_EACH: usize = 5;
    let mock = std::sync::Arc::new(started().await);
    let started_at = std::time::Instant::now();
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|i| {
            let mock = std::sync::Arc::clone(&mock);
            tokio::spawn(async move {
                // Each task is its own client, with its own connection.
                let http = reqwest::Client::new();
                let mut statuses = Vec::new();
                for j in 0..REQUESTS_EACH {
                    let body = json!({"userId": format!("user-{i}-{j}")});
                    statuses.push(post_with(&http, &mock, &body).await.0);
                }
                statuses
            })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        ok += task
            .await
            .unwrap()
            .into_iter()
            .filter(|s| *s == 200)
            .count();
    }
    assert_eq!(ok, CLIENTS * REQUESTS_EACH);
    eprintln!(
        "{} requests from {CLIENTS} concurrent clients in {:?}",
        CLIENTS * REQUESTS_EACH,
        started_at.elapsed()
    );
}

#[tokio::test]
async fn the_catalogs_answer_get_with_credentials_and_nothing_else() {
    let mock = started().await;
    let http = reqwest::Client::new();
    let secret = mock.client_secret().expose_secret().to_owned();
    for (path, list) in [
        ("/api/v1/transfers/managed/networks", "networks"),
        ("/api/v1/transfers/managed/integrations", "integrations"),
        ("/api/v1/transfers/managed/tokens", "tokens"),
    ] {
        let url = format!("{}{path}", mock.base_url());
        let anonymous = http.get(&url).send().await.unwrap();
        assert_eq!(anonymous.status(), 401, "{path}");
        let answer = http
            .get(&url)
            .header("X-Client-Id", mock.client_id())
            .header("X-Client-Secret", &secret)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{path}");
        let body: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(body["status"], "ok");
        assert!(
            !body["content"][list].as_array().unwrap().is_empty(),
            "{path}"
        );
        let posted = http
            .post(&url)
            .header("X-Client-Id", mock.client_id())
            .header("X-Client-Secret", &secret)
            .send()
            .await
            .unwrap();
        assert_eq!(posted.status(), 405, "{path}");
        assert_eq!(posted.headers()["allow"], "GET");
    }
}

#[tokio::test]
async fn a_request_asks_for_its_own_fault_in_a_header() {
    let mock = started().await;
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/transfers/managed/networks", mock.base_url());
    let secret = mock.client_secret().expose_secret().to_owned();
    let with_credentials = |request: reqwest::RequestBuilder| {
        request
            .header("X-Client-Id", mock.client_id())
            .header("X-Client-Secret", &secret)
    };
    let limited = with_credentials(http.get(&url))
        .header("X-Mesh-Mock-Fault", "rate-limited:3")
        .send()
        .await
        .unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "3");
    let unknown = with_credentials(http.get(&url))
        .header("X-Mesh-Mock-Fault", "teapot")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    let body: serde_json::Value = unknown.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("X-Mesh-Mock-Fault: \"teapot\" is not a fault"),
        "{body}"
    );
    assert_eq!(mock.pending_faults(), 0);
}
