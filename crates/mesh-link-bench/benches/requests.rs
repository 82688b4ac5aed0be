//! `cargo bench -p mesh-link-bench --bench requests`: building, checking and serializing a
//! request, and decoding an answer, through mesh-link and through plain serde_json.

use mesh_link_bench::{
    ERROR_BODY, SUCCESS_BODY, UseCase, json_body, mesh_link_body, mesh_link_decode, value_decode,
};

fn main() {
    divan::main();
}

/// Build, validate and serialize with mesh-link.
#[divan::bench(args = UseCase::ALL)]
fn request_mesh_link(case: UseCase) -> Vec<u8> {
    mesh_link_body(case)
}

/// The same body with `json!` and `to_vec`, unchecked.
#[divan::bench(args = UseCase::ALL)]
fn request_json_macro(case: UseCase) -> Vec<u8> {
    json_body(case)
}

#[divan::bench]
fn decode_success_mesh_link() -> bool {
    mesh_link_decode(200, divan::black_box(SUCCESS_BODY)).is_ok()
}

#[divan::bench]
fn decode_success_value() -> serde_json::Value {
    value_decode(divan::black_box(SUCCESS_BODY))
}

#[divan::bench]
fn decode_error_mesh_link() -> bool {
    mesh_link_decode(400, divan::black_box(ERROR_BODY)).is_err()
}

#[divan::bench]
fn decode_error_value() -> serde_json::Value {
    value_decode(divan::black_box(ERROR_BODY))
}
