//! The `mesh-mock` binary: prints its URL, logs one line per request, never the secret.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

const SECRET: &str = "binary-test-secret-1234";
const WEBHOOK_SECRET: &str = "binary-test-webhook-secret-5678";

/// The running binary; killed when dropped, even if the test fails half-way.
struct Running(Child);

impl Running {
    /// Stops the binary and returns what it wrote to stderr.
    fn stop(&mut self) -> String {
        let _ = self.0.kill();
        let _ = self.0.wait();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.0.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
        }
        stderr
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

#[tokio::test]
async fn the_binary_serves_logs_each_request_and_never_prints_the_secret() {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_mesh-mock"))
            .args([
                "--port",
                "0",
                "--client-id",
                "binary-test-id",
                "--client-secret",
                SECRET,
                "--control",
                "--webhook-url",
                "http://127.0.0.1:9/mesh/hook",
                "--webhook-secret",
                WEBHOOK_SECRET,
                "--webhook-attempts",
                "1",
            ])
            .env("RUST_LOG", "mesh_mock=debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().unwrap());
    let mut first_line = String::new();
    stdout.read_line(&mut first_line).unwrap();
    let base_url = first_line
        .trim()
        .strip_prefix("mesh-mock listening on ")
        .expect(&first_line)
        .to_owned();

    let http = reqwest::Client::new();
    let url = format!("{base_url}/api/v1/linktoken");
    let ok = http
        .post(&url)
        .header("X-Client-Id", "binary-test-id")
        .header("X-Client-Secret", SECRET)
        .json(&serde_json::json!({"userId": "u1", "transferOptions": {
            "transactionId": "order-1", "transferType": "payment", "isInclusiveFeeEnabled": false,
            "toAddresses": [{"networkId": "aa883b03-120d-477c-a588-37c2afd3ca71", "symbol": "USDC",
                "address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "amount": 1}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let completed = http
        .post(format!("{base_url}/_mesh-mock/transfers"))
        .header("X-Client-Id", "binary-test-id")
        .header("X-Client-Secret", SECRET)
        .json(&serde_json::json!({"transactionId": "order-1", "status": "succeeded"}))
        .send()
        .await
        .unwrap();
    assert_eq!(completed.status(), 201);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let denied = http
        .post(&url)
        .header("X-Client-Secret", "wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 401);

    let output = child.stop();
    let rest_of_stdout: String = stdout
        .lines()
        .map_while(Result::ok)
        .collect::<Vec<_>>()
        .join("\n");
    let all = format!("{first_line}{rest_of_stdout}\n{output}");
    assert!(output.contains("POST /api/v1/linktoken -> 200 ("), "{all}");
    assert!(output.contains("POST /api/v1/linktoken -> 401 ("), "{all}");
    assert!(
        output.contains("ms): X-Client-Id is missing"),
        "the log says why it refused: {all}"
    );
    assert!(!all.contains(SECRET), "the secret was printed:\n{all}");
    assert!(
        all.contains("webhooks: POST http://127.0.0.1:9/mesh/hook"),
        "{all}"
    );
    assert!(
        all.contains("webhook delivered"),
        "deliveries are logged: {all}"
    );
    assert!(
        !all.contains(WEBHOOK_SECRET),
        "the webhook secret was printed:\n{all}"
    );
}

#[test]
fn help_shows_the_default_credentials() {
    let output = Command::new(env!("CARGO_BIN_EXE_mesh-mock"))
        .arg("--help")
        .output()
        .expect("the binary runs");
    // clap wraps long lines: compare with the whitespace folded.
    let help = String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(output.status.success(), "{help}");
    for default in [
        mesh_mock::DEFAULT_CLIENT_ID,
        mesh_mock::DEFAULT_CLIENT_SECRET,
    ] {
        assert!(help.contains(&format!("[default: {default}]")), "{help}");
    }
}

/// Starts the binary with `args` and returns it with its base URL; what it prints later is
/// left unread, as a shell that read one line would leave it.
fn start_binary(args: &[&str]) -> (Running, String) {
    let mut child = Running(
        Command::new(env!("CARGO_BIN_EXE_mesh-mock"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let mut stdout = BufReader::new(child.0.stdout.take().expect("stdout is piped"));
    let mut first_line = String::new();
    stdout
        .read_line(&mut first_line)
        .expect("the binary prints its URL");
    let base_url = first_line
        .trim()
        .strip_prefix("mesh-mock listening on ")
        .expect(&first_line)
        .to_owned();
    (child, base_url)
}

/// `curl` as a test in another language would run it: status code, then headers and body.
fn curl(args: &[&str]) -> String {
    let output = Command::new("curl")
        .args(["--silent", "--show-error", "--include", "--max-time", "5"])
        .args(args)
        .output()
        .expect("curl runs");
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

#[test]
fn faults_and_catalogs_are_reachable_from_the_command_line_and_curl() {
    let catalog =
        std::env::temp_dir().join(format!("mesh-mock-catalog-{}.json", std::process::id()));
    std::fs::write(
        &catalog,
        r#"{"networks": [{"id": "00000000-0000-0000-0000-00000000000a", "name": "Curlnet", "supportedTokens": ["CRL"]}]}"#,
    )
    .unwrap();
    let (mut child, base_url) = start_binary(&[
        "--fault",
        "unavailable:4",
        "--fault",
        "envelope:500:serverFailure",
        "--catalog",
        catalog.to_str().unwrap(),
    ]);
    let networks = format!("{base_url}/api/v1/transfers/managed/networks");
    let id = "X-Client-Id: mesh-mock-client-id";
    let secret = "X-Client-Secret: mesh-mock-client-secret";
    let first = curl(&["-H", id, "-H", secret, &networks]);
    assert!(first.starts_with("HTTP/1.1 503"), "{first}");
    assert!(
        first.to_ascii_lowercase().contains("retry-after: 4"),
        "{first}"
    );
    let second = curl(&["-H", id, "-H", secret, &networks]);
    assert!(
        second.starts_with("HTTP/1.1 500") && second.contains("serverFailure"),
        "{second}"
    );
    let third = curl(&["-H", id, "-H", secret, &networks]);
    assert!(
        third.starts_with("HTTP/1.1 200") && third.contains("Curlnet"),
        "{third}"
    );
    let dropped = curl(&[
        "-H",
        id,
        "-H",
        secret,
        "-H",
        "X-Mesh-Mock-Fault: drop",
        &networks,
    ]);
    assert!(dropped.contains("curl: (52)"), "an empty reply: {dropped}");
    // Without the credentials the header asks for nothing: whoever reaches the port cannot
    // make the mock hang or drop.
    let stranger = curl(&["-H", "X-Mesh-Mock-Fault: hang", &networks]);
    assert!(stranger.starts_with("HTTP/1.1 401"), "{stranger}");
    let slow = std::time::Instant::now();
    let delayed = curl(&[
        "-H",
        id,
        "-H",
        secret,
        "-H",
        "X-Mesh-Mock-Fault: delay:300",
        &networks,
    ]);
    assert!(delayed.starts_with("HTTP/1.1 200"), "{delayed}");
    assert!(slow.elapsed() >= std::time::Duration::from_millis(300));
    child.stop();
    std::fs::remove_file(&catalog).unwrap();

    let bad = Command::new(env!("CARGO_BIN_EXE_mesh-mock"))
        .args(["--fault", "teapot"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("\"teapot\" is not a fault"));
    let help = Command::new(env!("CARGO_BIN_EXE_mesh-mock"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for (syntax, _) in mesh_mock::FAULT_KINDS {
        assert!(help.contains(syntax), "--help lists {syntax}");
    }
}

/// Runs a README's `sh` block against the running binary; what it printed, once it succeeded.
fn run_script(script: &str) -> String {
    let output = Command::new("sh")
        .args(["-eu", "-c", script])
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The `sh` block of the README's control API section, as the README prints it.
fn readme_control_scenario() -> String {
    readme_scenario("## The control API")
}

/// The first `sh` block of the README's section `heading`.
fn readme_scenario(heading: &str) -> String {
    let readme = include_str!("../README.md");
    let section = readme
        .split(heading)
        .nth(1)
        .expect("the README has the section");
    section
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.split("```").next())
        .expect("the section has a sh block")
        .to_owned()
}

#[test]
fn the_readmes_curl_scenario_fails_exactly_the_link_token_call_and_reads_it_back() {
    let (_child, base_url) = start_binary(&["--control"]);
    let script = readme_control_scenario().replace("http://127.0.0.1:4010", &base_url);
    let stdout = run_script(&script);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..5],
        [
            r#"{"clearedFaults":0,"clearedRequests":0,"clearedTransfers":0,"clearedWebhookDeliveries":0}"#,
            r#"{"pending":1}"#,
            "200",
            "200",
            "400"
        ],
        "{stdout}"
    );
    let received: serde_json::Value = serde_json::from_str(lines[5]).expect("requests as JSON");
    let seen: Vec<(&str, u64)> = received
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["operation"].as_str().unwrap(),
                r["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("GET /api/v1/transfers/managed/networks", 200),
            ("GET /api/v1/transfers/managed/integrations", 200),
            ("POST /api/v1/linktoken", 400),
        ]
    );
    assert_eq!(
        received[2]["bodyText"],
        r#"{"userId": "user-1", "restrictMultipleAccounts": true}"#
    );
}

#[test]
fn the_readmes_curl_scenario_completes_a_payment_and_reads_its_transfer_back() {
    let (_child, base_url) = start_binary(&["--control"]);
    let script = readme_scenario("## Transfers: the user's side of Link")
        .replace("http://127.0.0.1:4010", &base_url);
    let stdout = run_script(&script);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[..2], ["200", "201"], "{stdout}");
    let answer: serde_json::Value = serde_json::from_str(lines[2]).expect("JSON");
    assert_eq!(answer["status"], "ok");
    assert_eq!(answer["content"]["total"], 1);
    let transfer = &answer["content"]["items"][0];
    assert_eq!(transfer["status"], "succeeded");
    assert_eq!(transfer["clientTransactionId"], "order-1");
    assert_eq!(transfer["amount"], 25.5);
    assert_eq!(transfer["symbol"], "USDC");
    assert_eq!(transfer["networkName"], "Base");
}

/// A service's webhook endpoint on a free port: answers 200 to a body whose
/// `X-Mesh-Signature-256` is its HMAC-SHA256 under `secret`, 401 to anything else.
fn signature_checking_handler(secret: &'static str) -> String {
    use base64::Engine as _;
    use hmac::{KeyInit as _, Mac as _};
    use std::io::{Read as _, Write as _};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!(
        "http://{}/mesh/webhooks",
        listener.local_addr().expect("its address")
    );
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let (mut length, mut signature) = (0, String::new());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
                let lower = line.to_ascii_lowercase();
                if let Some(value) = lower.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                if lower.starts_with("x-mesh-signature-256:") {
                    signature = line["x-mesh-signature-256:".len()..].trim().to_owned();
                }
                line.clear();
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
                .expect("HMAC takes any key");
            mac.update(&body);
            let expected =
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
            let status = if signature == expected {
                "200 OK"
            } else {
                "401 Unauthorized"
            };
            let _ = reader.get_mut().write_all(
                format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    url
}

#[test]
fn the_readmes_webhook_scenario_signs_retries_and_records_what_the_handler_answered() {
    let script = readme_scenario("## Webhooks: Mesh calling your service");
    let flags = script
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# mesh-mock --control --port 4010 "))
        .expect("the block starts with the command line");
    let handler = signature_checking_handler("whsec-test");
    let flags = flags.replace("http://127.0.0.1:8080/mesh/webhooks", &handler);
    let mut args = vec!["--control"];
    args.extend(flags.split(' '));
    let (_child, base_url) = start_binary(&args);
    let stdout = run_script(&script.replace("http://127.0.0.1:4010", &base_url));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[..3], ["200", r#"{"pending":1}"#, "201"], "{stdout}");
    let sent: serde_json::Value = serde_json::from_str(lines[3]).expect("deliveries as JSON");
    let seen: Vec<(&str, bool, u64)> = sent
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["transferStatus"].as_str().unwrap(),
                d["signedWithTheSecret"].as_bool().unwrap(),
                d["answer"]["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("pending", false, 401),
            ("pending", true, 200),
            ("succeeded", false, 401),
            ("succeeded", true, 200),
        ]
    );
    assert_eq!(sent[0]["eventId"], sent[1]["eventId"]);
    assert_ne!(sent[0]["id"], sent[1]["id"]);
    let event: serde_json::Value = serde_json::from_str(sent[3]["body"].as_str().unwrap()).unwrap();
    assert_eq!(event["TransactionId"], "order-2");
    assert_eq!(event["DestinationAmount"], 25.5);
}
