//! Prints mesh-link's performance next to the plainest code doing the same job, as markdown.
//!
//! Each figure alternates the two sides in the same run (A, B, B, A, ...) and takes medians, so
//! the ratio holds on a shared, noisy machine. Run it through `cargo xtask perf`, which builds it
//! in release first; an optional argument is the path of the release-built quickstart.

#![forbid(unsafe_code)]

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant, UNIX_EPOCH};

use bytes::Bytes;
use mesh_link::catalog::decode_networks;
use mesh_link::{MeshClient, WebhookVerifier};
use mesh_link_bench::server::FixedServer;
use mesh_link_bench::{
    ERROR_BODY, RawClient, SUCCESS_BODY, UseCase, catalog_answer, hand_verified_webhook, json_body,
    mesh_link_body, mesh_link_client, mesh_link_decode, mesh_link_request,
    mesh_link_transfers_decode, transfers_answer, value_decode, webhook_body, webhook_signature,
};

const BLOCKS: usize = 21;
const SEQUENTIAL_CALLS: usize = 5_000;
const CONCURRENT_TASKS: usize = 64;
const CALLS_PER_TASK: usize = 100;
const MEMORY_CALLS: usize = 10_000;
/// The catalog measured: 100 networks of 20 tokens each.
const CATALOG_NETWORKS: usize = 100;
const CATALOG_TOKENS: usize = 20;
/// Copies of the decoded catalog held at once to measure one's resident size.
const CATALOG_COPIES: usize = 50;

fn main() {
    // A child measuring one costly answer alone, so that its peak is its own.
    if let Some(shape) = std::env::args()
        .nth(1)
        .and_then(|a| CostlyAnswer::from_arg(&a))
    {
        return costly_answer_child(shape);
    }
    // First, while this process is small: a child's peak as the OS reports it includes what it
    // shared with its parent when it was forked.
    let quickstart_peak = std::env::args()
        .nth(1)
        .and_then(|path| quickstart_peak_kib(&path));
    println!("## Performance\n\n{}\n", machine());
    requests();
    decoding();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(round_trips());
    transfers_decoding();
    runtime.block_on(transfer_lookups());
    webhook_verifying();
    runtime.block_on(memory(quickstart_peak));
    // Last: the catalogs held here would count in the memory figures above.
    catalogs();
    runtime.block_on(catalog_fetch());
    costly_answers();
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .next()?
                .split_whitespace()
                .nth(1)?
                .parse::<u64>()
                .ok()
        })
        .map_or_else(
            || "?".to_owned(),
            |kib| format!("{:.0} GiB", kib as f64 / 1024.0 / 1024.0),
        );
    format!("Measured on {cpu}, {cores} cores, {memory}; release build (thin LTO).")
}

/// Median ns per call of `a` and `b`, alternating blocks of `per_block` calls.
fn compare<A: FnMut() -> RA, B: FnMut() -> RB, RA, RB>(
    mut a: A,
    mut b: B,
    per_block: usize,
) -> (f64, f64) {
    let block = |f: &mut dyn FnMut()| {
        let started = Instant::now();
        for _ in 0..per_block {
            f();
        }
        started.elapsed().as_nanos() as f64 / per_block as f64
    };
    let (mut run_a, mut run_b) = (|| drop(black_box(a())), || drop(black_box(b())));
    block(&mut run_a);
    block(&mut run_b);
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for i in 0..BLOCKS {
        if i % 2 == 0 {
            times_a.push(block(&mut run_a));
            times_b.push(block(&mut run_b));
        } else {
            times_b.push(block(&mut run_b));
            times_a.push(block(&mut run_a));
        }
    }
    (median(&mut times_a), median(&mut times_b))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn requests() {
    println!("### Build + validate + serialize a request\n");
    println!("| use case | mesh-link | `json!` + `to_vec` | ratio (target ≤ 1) |");
    println!("| --- | ---: | ---: | ---: |");
    for case in UseCase::ALL {
        let (ours, plain) = compare(|| mesh_link_body(case), || json_body(case), 2_000);
        println!(
            "| {} | {ours:.0} ns | {plain:.0} ns | {:.2} |",
            case.name(),
            ours / plain
        );
    }
    println!();
}

fn decoding() {
    println!("### Decode an answer\n");
    println!(
        "| answer | mesh-link (envelope, status, token, its Link URL checked) | `from_slice` into `Value` | ratio (target ≤ 1.5) |"
    );
    println!("| --- | ---: | ---: | ---: |");
    for (name, status, body) in [
        ("success", 200, SUCCESS_BODY),
        ("error envelope", 400, ERROR_BODY),
    ] {
        let (ours, plain) = compare(
            || mesh_link_decode(status, black_box(body)),
            || value_decode(black_box(body)),
            5_000,
        );
        println!(
            "| {name} | {ours:.0} ns | {plain:.0} ns | {:.2} |",
            ours / plain
        );
    }
    println!();
}

/// Transfers on a page, as `Count`'s maximum asks.
const PAGE_OF_TRANSFERS: usize = 100;
const STATUS_LOOKUPS: usize = 2_000;

fn transfers_decoding() {
    let page = transfers_answer(PAGE_OF_TRANSFERS);
    let body = page.as_bytes();
    let (ours, plain) = compare(
        || mesh_link_transfers_decode(black_box(body)),
        || value_decode(black_box(body)),
        100,
    );
    println!("### Transfers\n");
    println!("| what | mesh-link | baseline | ratio (aim ≤ 1) |\n| --- | ---: | ---: | ---: |");
    println!(
        "| decode a page of {PAGE_OF_TRANSFERS} transfers ({} KiB, as Mesh's example writes one) into `Transfer`s (exact amounts, times), against `from_slice` into `Value` | {:.0} µs | {:.0} µs | {:.2} |",
        body.len() / 1024,
        ours / 1000.0,
        plain / 1000.0,
        ours / plain
    );
}

const WEBHOOK_SECRET: &str = "whsec-perf-report";

fn webhook_verifying() {
    let sent = 1_764_806_400;
    let body = webhook_body(sent);
    let body = body.as_bytes();
    let signature = webhook_signature(WEBHOOK_SECRET, body);
    let verifier = WebhookVerifier::new(WEBHOOK_SECRET).expect("a secret");
    let now = UNIX_EPOCH + Duration::from_secs(sent);
    let (ours, hand) = compare(
        || verifier.verify_at(Some(signature.as_bytes()), black_box(body), now),
        || hand_verified_webhook(WEBHOOK_SECRET, &signature, black_box(body)),
        1_000,
    );
    println!("### Webhooks\n");
    println!("| what | mesh-link | baseline | ratio (aim ≤ 1.2) |\n| --- | ---: | ---: | ---: |");
    println!(
        "| verify and decode a webhook of {} bytes into a `TransferEvent` (signature, exact amounts, times, age), against the same HMAC checked with `hmac` and `from_slice` into `Value` | {:.1} µs | {:.1} µs | {:.2} |\n",
        body.len(),
        ours / 1000.0,
        hand / 1000.0,
        ours / hand
    );
}

/// A status lookup of one order (`transfers` of a transaction ID, one transfer answered) against
/// the same `GET` written with reqwest, alternating call by call.
async fn transfer_lookups() {
    let answer: &'static str = Box::leak(transfers_answer(1).into_boxed_str());
    let server = FixedServer::start(answer.as_bytes())
        .await
        .expect("a local server");
    let base_url = server.base_url();
    let client = mesh_link_client(&base_url);
    let raw = RawClient::new(&base_url);
    let query = mesh_link::TransferQuery::for_transaction("order-0");
    let (mut ours, mut plain) = (Vec::new(), Vec::new());
    for call in 0..STATUS_LOOKUPS + 200 {
        for side in [call % 2, 1 - call % 2] {
            let started = Instant::now();
            let ok = match side {
                0 => client.transfers(&query).await.is_ok(),
                _ => raw.transfers_of(&base_url, "order-0").await.is_some(),
            };
            assert!(ok, "the status lookup failed against the local server");
            if call >= 200 {
                [&mut ours, &mut plain][side].push(started.elapsed());
            }
        }
    }
    let (our_rate, our_text) = figures(&mut ours, 1);
    let (raw_rate, raw_text) = figures(&mut plain, 1);
    println!(
        "| a status lookup round trip (`transfers` of one transaction ID, {STATUS_LOOKUPS} sequential), against the same `GET` with reqwest into `Value` | {our_text} | {raw_text} | {:.3} (throughput, aim ≥ 0.97) |\n",
        our_rate / raw_rate
    );
}

/// The three clients compared in one round-trip run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    MeshLink,
    /// A hand-written reqwest call building the same body with `json!` for each call.
    Raw,
    /// The same call sending bytes serialized once before the loop: the floor.
    RawPrebuilt,
}

const SIDES: [Side; 3] = [Side::MeshLink, Side::Raw, Side::RawPrebuilt];

struct Clients {
    mesh_link: MeshClient,
    raw: RawClient,
    request: mesh_link::LinkTokenRequest,
    prebuilt: Bytes,
}

impl Clients {
    /// One call through `side`; its latency.
    async fn call(&self, side: Side) -> Duration {
        let started = Instant::now();
        let ok = match side {
            Side::MeshLink => self
                .mesh_link
                .create_link_token(&self.request)
                .await
                .is_ok(),
            Side::Raw => self
                .raw
                .call(Bytes::from(json_body(UseCase::Deposit)))
                .await
                .is_some(),
            Side::RawPrebuilt => self.raw.call(self.prebuilt.clone()).await.is_some(),
        };
        assert!(ok, "{side:?} failed against the local server");
        started.elapsed()
    }

    /// `calls` calls through each side, rotating the order call by call so drift and noise
    /// reach every side alike; the latencies per side.
    async fn rotate(&self, calls: usize, offset: usize) -> [Vec<Duration>; 3] {
        let mut latencies = [
            Vec::with_capacity(calls),
            Vec::with_capacity(calls),
            Vec::with_capacity(calls),
        ];
        for call in 0..calls {
            for i in 0..3 {
                let side = (i + call + offset) % 3;
                latencies[side].push(self.call(SIDES[side]).await);
            }
        }
        latencies
    }
}

fn percentile(latencies: &mut [Duration], fraction: f64) -> Duration {
    latencies.sort();
    let index =
        ((latencies.len() as f64 * fraction) as usize).min(latencies.len().saturating_sub(1));
    latencies.get(index).copied().unwrap_or_default()
}

/// Requests per second at `concurrency` in flight (Little's law), and p50 / p99 latency.
fn figures(latencies: &mut [Duration], concurrency: usize) -> (f64, String) {
    let mean = latencies.iter().sum::<Duration>().as_secs_f64() / latencies.len().max(1) as f64;
    let rate = concurrency as f64 / mean;
    let p50 = percentile(latencies, 0.5).as_secs_f64() * 1e6;
    let p99 = percentile(latencies, 0.99).as_secs_f64() * 1e6;
    (rate, format!("{rate:.0} req/s, {p50:.0} / {p99:.0} µs"))
}

fn summarize(name: &str, mut latencies: [Vec<Duration>; 3], concurrency: usize) {
    let [ours, raw, floor] = &mut latencies;
    let (our_rate, our_text) = figures(ours, concurrency);
    let (raw_rate, raw_text) = figures(raw, concurrency);
    let (floor_rate, floor_text) = figures(floor, concurrency);
    println!(
        "| {name} | {our_text} | {raw_text} | **{:.3}** | {floor_text} | {:.3} |",
        our_rate / raw_rate,
        our_rate / floor_rate
    );
}

async fn round_trips() {
    let server = FixedServer::start(SUCCESS_BODY)
        .await
        .expect("a local server");
    let clients = std::sync::Arc::new(Clients {
        mesh_link: mesh_link_client(&server.base_url()),
        raw: RawClient::new(&server.base_url()),
        request: mesh_link_request(UseCase::Deposit),
        prebuilt: Bytes::from(json_body(UseCase::Deposit)),
    });
    let _ = clients.rotate(200, 0).await;
    println!("### Round trips to a local fixed-answer server (deposit request)\n");
    println!(
        "Throughput, then p50 / p99 latency. The raw reqwest client sends the same headers and body and parses the"
    );
    println!(
        "answer into a `Value`; it builds the body with `json!` for each call, as an application would, or, for the"
    );
    println!(
        "floor, sends bytes serialized once. The three take turns call by call (each of the 64 tasks rotates too), so"
    );
    println!("load and noise reach them alike; throughput is calls in flight over mean latency.\n");
    println!(
        "| calls | mesh-link | raw reqwest | ratio (target ≥ 0.97) | raw reqwest, prebuilt body (floor) | ratio to floor |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    summarize(
        &format!("sequential ({SEQUENTIAL_CALLS} each)"),
        clients.rotate(SEQUENTIAL_CALLS, 0).await,
        1,
    );
    let tasks: Vec<_> = (0..CONCURRENT_TASKS)
        .map(|task| {
            let clients = std::sync::Arc::clone(&clients);
            tokio::spawn(async move { clients.rotate(CALLS_PER_TASK, task).await })
        })
        .collect();
    let mut all: [Vec<Duration>; 3] = Default::default();
    for task in tasks {
        let [a, b, c] = task.await.expect("a task finished");
        all[0].extend(a);
        all[1].extend(b);
        all[2].extend(c);
    }
    summarize(
        &format!(
            "{CONCURRENT_TASKS} concurrent tasks on one client per side ({} calls each)",
            CONCURRENT_TASKS * CALLS_PER_TASK
        ),
        all,
        CONCURRENT_TASKS,
    );
    println!();
}

/// The catalog checks on a request once the catalog is kept, its decoding, and its size.
fn catalogs() {
    let answer = catalog_answer(CATALOG_NETWORKS, CATALOG_TOKENS);
    let networks = decode_networks(200, None, answer.as_bytes()).expect("the catalog decodes");
    let request = mesh_link_request(UseCase::Deposit);
    println!("### Mesh's catalogs ({CATALOG_NETWORKS} networks × {CATALOG_TOKENS} tokens)\n");
    println!("| what | mesh-link | baseline | difference |");
    println!("| --- | ---: | ---: | ---: |");
    let (checked, plain) = compare(
        || {
            request
                .validate()
                .and_then(|()| request.validate_with_catalogs(Some(&networks), None))
        },
        || request.validate(),
        5_000,
    );
    println!(
        "| validate a deposit (3 destinations) with the catalog checks, against without | {checked:.0} ns | {plain:.0} ns | {:.0} ns a destination |",
        (checked - plain) / 3.0
    );
    let (ours, value) = compare(
        || decode_networks(200, None, answer.as_bytes()),
        || serde_json::from_slice::<serde_json::Value>(answer.as_bytes()),
        20,
    );
    println!(
        "| decode the networks answer ({} KiB) into lookups, against `from_slice` into `Value` | {:.0} µs | {:.0} µs | {:.2}× |",
        answer.len() / 1024,
        ours / 1e3,
        value / 1e3,
        ours / value
    );
    let before = memory_kib().0;
    let copies: Vec<_> = (0..CATALOG_COPIES)
        .map(|_| decode_networks(200, None, answer.as_bytes()).expect("the catalog decodes"))
        .collect();
    let after = memory_kib().0;
    println!(
        "| resident size of one kept catalog (mean of {CATALOG_COPIES} held at once) | {:.0} KiB | | |",
        after.saturating_sub(before) as f64 / CATALOG_COPIES as f64
    );
    drop(black_box(copies));
    println!();
}

/// The first call for the networks (fetched over HTTP and decoded) and the calls after it.
async fn catalog_fetch() {
    let answer: &'static [u8] = Box::leak(
        catalog_answer(CATALOG_NETWORKS, CATALOG_TOKENS)
            .into_bytes()
            .into_boxed_slice(),
    );
    let server = FixedServer::start(answer).await.expect("a local server");
    let mut first = Vec::new();
    let mut kept = Vec::new();
    for _ in 0..BLOCKS {
        let client = mesh_link_client(&server.base_url());
        let started = Instant::now();
        let _ = black_box(client.networks().await);
        first.push(started.elapsed().as_secs_f64() * 1e6);
        const KEPT_CALLS: u32 = 1_000;
        let started = Instant::now();
        for _ in 0..KEPT_CALLS {
            let _ = black_box(client.networks().await);
        }
        kept.push(started.elapsed().as_secs_f64() * 1e9 / f64::from(KEPT_CALLS));
    }
    println!("### Mesh's catalogs through the client (local server, same catalog)\n");
    println!("| call | time |");
    println!("| --- | ---: |");
    println!(
        "| `client.networks()`, the first call of a new client (connect, fetch, decode) | {:.0} µs |",
        median(&mut first)
    );
    println!(
        "| `client.networks()`, each call after it (the kept copy) | {:.0} ns |",
        median(&mut kept)
    );
    println!();
}

/// (resident, peak resident) of this process in KiB, from /proc.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// The peak resident memory of the quickstart run to completion, in KiB.
fn quickstart_peak_kib(path: &str) -> Option<i64> {
    if !Path::new(path).exists() {
        return None;
    }
    let status = std::process::Command::new(path)
        .env_remove(mesh_link::CLIENT_ID_VAR)
        .env_remove(mesh_link::CLIENT_SECRET_VAR)
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    // The quickstart is the only child this process waits for, so the children's peak is its own.
    let usage =
        nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).ok()?;
    status.success().then_some(usage.max_rss())
}

async fn memory(quickstart_peak: Option<i64>) {
    let server = FixedServer::start(SUCCESS_BODY)
        .await
        .expect("a local server");
    let client = mesh_link_client(&server.base_url());
    let request = mesh_link_request(UseCase::Deposit);
    println!("### Memory\n");
    println!("| what | resident |");
    println!("| --- | ---: |");
    let mut after_thousand = 0;
    for call in 1..=MEMORY_CALLS {
        let _ = client.create_link_token(&request).await;
        if call == 1_000 {
            after_thousand = memory_kib().0;
        }
    }
    let (resident, peak) = memory_kib();
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "| this process after 1,000 sequential calls | {:.1} MiB |",
        mib(after_thousand)
    );
    println!(
        "| after 10,000 (growth {:+.1} MiB; peak {:.1} MiB, incl. the earlier figures) | {:.1} MiB |",
        mib(resident) - mib(after_thousand),
        mib(peak),
        mib(resident)
    );
    match quickstart_peak {
        Some(kib) => println!(
            "| the quickstart process, peak | {:.1} MiB |",
            kib as f64 / 1024.0
        ),
        None => println!(
            "| the quickstart process, peak | (not run: build it with `cargo xtask perf`) |"
        ),
    }
    println!();
}

/// The costliest networks answers under the limits: what each costs `client.networks()`.
#[derive(Clone, Copy, Debug)]
enum CostlyAnswer {
    EmptyNetworks,
    DistinctSymbols,
    MostEmptyNetworks,
    MostNetworks,
    MostSymbols,
}

impl CostlyAnswer {
    const ALL: [Self; 5] = [
        Self::EmptyNetworks,
        Self::DistinctSymbols,
        Self::MostEmptyNetworks,
        Self::MostNetworks,
        Self::MostSymbols,
    ];
    const ARG: &str = "--costly-answer=";

    fn arg(self) -> String {
        format!("{}{self:?}", Self::ARG)
    }

    fn from_arg(arg: &str) -> Option<Self> {
        let name = arg.strip_prefix(Self::ARG)?;
        Self::ALL
            .into_iter()
            .find(|shape| format!("{shape:?}") == name)
    }

    fn what(self) -> &'static str {
        match self {
            Self::EmptyNetworks => "8 MiB of empty networks `{}` (refused: too many values)",
            Self::DistinctSymbols => {
                "8 MiB of distinct symbols on one network (refused: too many values)"
            }
            Self::MostEmptyNetworks => {
                "the most empty networks the value cap lets through (none has an ID: refused)"
            }
            Self::MostNetworks => "the most networks with IDs the value cap lets through (read)",
            Self::MostSymbols => {
                "the most distinct symbols on one network the value cap lets through (read)"
            }
        }
    }

    fn answer(self) -> String {
        let cap = mesh_link::defaults::MAX_CATALOG_BYTES - 1024;
        let most = mesh_link::catalog::MAX_ENTRIES - 20;
        let empties = |count: usize| vec!["{}"; count].join(",");
        let symbols = |count: usize| {
            let listed: Vec<String> = (0..count)
                .map(|i| format!(r#"{{"symbol":"S{i}"}}"#))
                .collect();
            format!(
                r#"{{"id":"{}","tokens":[{}]}}"#,
                mesh_link::networks::BASE,
                listed.join(",")
            )
        };
        let networks = match self {
            Self::EmptyNetworks => empties(cap / 3),
            // Each `{"symbol":"S123456"},` takes 21 bytes; the ID and the envelope fit in 1 KiB.
            Self::DistinctSymbols => symbols(cap / 21),
            Self::MostEmptyNetworks => empties(most),
            Self::MostNetworks => (0..most / 2)
                .map(|n| format!(r#"{{"id":"00000000-0000-4000-8000-{n:012}"}}"#))
                .collect::<Vec<_>>()
                .join(","),
            Self::MostSymbols => symbols(most / 2),
        };
        format!(r#"{{"status":"ok","content":{{"networks":[{networks}]}}}}"#)
    }
}

/// Runs each costly answer in a child process of its own and prints what it cost.
fn costly_answers() {
    let Ok(this) = std::env::current_exe() else {
        return;
    };
    println!("### The costliest catalog answers under the limits\n");
    println!(
        "Each in a process of its own: a local server answers `client.networks()` with it once. \
         Time to the outcome; peak resident memory above the process before the call.\n"
    );
    println!("| answer | size | time | peak memory added |");
    println!("| --- | ---: | ---: | ---: |");
    for shape in CostlyAnswer::ALL {
        let output = std::process::Command::new(&this).arg(shape.arg()).output();
        let figures = output
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_else(|| "| (failed) | | ".to_owned());
        println!("| {} {figures} |", shape.what());
    }
    println!();
}

/// In the child: one call against the answer, and its row's figures.
fn costly_answer_child(shape: CostlyAnswer) {
    let answer: &'static [u8] = Box::leak(shape.answer().into_bytes().into_boxed_slice());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = FixedServer::start(answer).await.expect("a local server");
        let client = mesh_link_client(&server.base_url());
        // Linux: "5" resets the peak to what is resident now, so building the answer is not in it.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = memory_kib().0;
        let started = Instant::now();
        let outcome = client.networks().await;
        let took = started.elapsed();
        let peak = memory_kib().1;
        black_box(outcome.map(|listed| listed.len()).ok());
        println!(
            "| {:.1} MiB | {:.0} ms | {:.1} MiB",
            answer.len() as f64 / (1024.0 * 1024.0),
            took.as_secs_f64() * 1e3,
            peak.saturating_sub(before) as f64 / 1024.0
        );
    });
}
