//! Tests of the whole tool on real documents and scratch workspaces: they regenerate and build
//! with cargo, so they take seconds to minutes where the stages' own tests take milliseconds.

mod real_documents;
mod scratch;
mod semver_insulation;
