//! Tests of the whole tool on real documents and scratch workspaces: they regenerate and build
//! with cargo, so they take seconds to minutes where the stages' own tests take milliseconds.
//! Also what tests alone need: a docs page written from a document (`docs_page_writer`).

pub(crate) mod docs_page_writer;
mod real_documents;
mod scratch;
mod semver_insulation;
