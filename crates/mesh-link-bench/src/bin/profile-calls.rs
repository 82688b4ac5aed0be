//! A development aid for finding where a call spends its time.
//!
//! `profile-calls mesh [N]` or `profile-calls raw [N]` makes N sequential calls through mesh-link
//! or the raw reqwest client, to run under `valgrind --tool=callgrind` (instruction counts that
//! hold on a noisy machine) or `perf record -e cpu-clock`. `profile-calls ab [N]` alternates the
//! two call by call and prints their latency percentiles.
#![forbid(unsafe_code)]
use bytes::Bytes;
use mesh_link_bench::server::FixedServer;
use mesh_link_bench::{
    RawClient, SUCCESS_BODY, UseCase, json_body, mesh_link_client, mesh_link_request,
};

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let calls: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = FixedServer::start(SUCCESS_BODY).await.expect("server");
        let client = mesh_link_client(&server.base_url());
        let raw = RawClient::new(&server.base_url());
        let request = mesh_link_request(UseCase::Deposit);
        let body = Bytes::from(json_body(UseCase::Deposit));
        if which == "ab" {
            // Alternate call by call, so drift hits both sides alike.
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            for _ in 0..calls {
                let t = std::time::Instant::now();
                assert!(client.create_link_token(&request).await.is_ok());
                ours.push(t.elapsed());
                let t = std::time::Instant::now();
                assert!(raw.call(body.clone()).await.is_some());
                theirs.push(t.elapsed());
            }
            ours.sort();
            theirs.sort();
            let at = |v: &[std::time::Duration], f: f64| {
                v[(v.len() as f64 * f) as usize].as_secs_f64() * 1e6
            };
            println!(
                "mesh-link p10/p50/p90 {:.1}/{:.1}/{:.1} µs; raw {:.1}/{:.1}/{:.1} µs",
                at(&ours, 0.1),
                at(&ours, 0.5),
                at(&ours, 0.9),
                at(&theirs, 0.1),
                at(&theirs, 0.5),
                at(&theirs, 0.9)
            );
            return;
        }
        for _ in 0..calls {
            if which == "raw" {
                assert!(raw.call(body.clone()).await.is_some());
            } else {
                assert!(client.create_link_token(&request).await.is_ok());
            }
        }
    });
}
