//! The `mesh-mock` binary: prints its URL, logs one line per request, never the secret.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

const SECRET: &str = "binary-test-secret-1234";

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
            ])
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
        .json(&serde_json::json!({"userId": "u1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
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
