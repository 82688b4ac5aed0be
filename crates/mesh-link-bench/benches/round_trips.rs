//! `cargo bench -p mesh-link-bench --bench round_trips`: one request to a local fixed-answer
//! server through mesh-link and through a raw reqwest call, alone and 64 at once.

use std::sync::LazyLock;

use bytes::Bytes;
use mesh_link::{LinkTokenRequest, MeshClient};
use mesh_link_bench::server::FixedServer;
use mesh_link_bench::{
    RawClient, SUCCESS_BODY, UseCase, json_body, mesh_link_client, mesh_link_request,
};

const CONCURRENT: usize = 64;

struct Setup {
    runtime: tokio::runtime::Runtime,
    mesh_link: MeshClient,
    raw: RawClient,
    request: LinkTokenRequest,
    body: Bytes,
    _server: FixedServer,
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime
        .block_on(FixedServer::start(SUCCESS_BODY))
        .expect("a local server");
    let (mesh_link, raw) = runtime.block_on(async {
        (
            mesh_link_client(&server.base_url()),
            RawClient::new(&server.base_url()),
        )
    });
    Setup {
        runtime,
        mesh_link,
        raw,
        request: mesh_link_request(UseCase::Deposit),
        body: Bytes::from(json_body(UseCase::Deposit)),
        _server: server,
    }
});

fn main() {
    divan::main();
}

#[divan::bench]
fn sequential_mesh_link() -> bool {
    let s = &*SETUP;
    s.runtime
        .block_on(s.mesh_link.create_link_token(&s.request))
        .is_ok()
}

/// A hand-written call building the same body for each call, as an application would.
#[divan::bench]
fn sequential_raw_reqwest() -> bool {
    let s = &*SETUP;
    s.runtime
        .block_on(s.raw.call(Bytes::from(json_body(UseCase::Deposit))))
        .is_some()
}

/// The floor: the same call sending bytes serialized once.
#[divan::bench]
fn sequential_raw_reqwest_prebuilt_body() -> bool {
    let s = &*SETUP;
    s.runtime.block_on(s.raw.call(s.body.clone())).is_some()
}

#[divan::bench]
fn concurrent_64_mesh_link() -> usize {
    let s = &*SETUP;
    s.runtime.block_on(async {
        let calls = (0..CONCURRENT).map(|_| {
            let client = s.mesh_link.clone();
            tokio::spawn(async move { client.create_link_token(&SETUP.request).await.is_ok() })
        });
        let mut ok = 0;
        for call in calls.collect::<Vec<_>>() {
            ok += usize::from(call.await.unwrap_or(false));
        }
        ok
    })
}

#[divan::bench]
fn concurrent_64_raw_reqwest() -> usize {
    let s = &*SETUP;
    s.runtime.block_on(async {
        let calls = (0..CONCURRENT).map(|_| {
            let raw = s.raw.clone();
            tokio::spawn(async move {
                raw.call(Bytes::from(json_body(UseCase::Deposit)))
                    .await
                    .is_some()
            })
        });
        let mut ok = 0;
        for call in calls.collect::<Vec<_>>() {
            ok += usize::from(call.await.unwrap_or(false));
        }
        ok
    })
}
