//! The commands: `spec import`, `spec diff`, `spec update`, `spec upstream` and `codegen`. They
//! read files, run the stages through [`crate::pipeline`], and write or print the results.

mod codegen;
mod compare;
mod loaded;
mod spec_diff;
mod spec_import;
mod spec_update;
mod upstream;
mod vendoring;

pub(crate) use codegen::codegen;
pub(crate) use spec_diff::spec_diff;
pub(crate) use spec_import::{last_imported, spec_import};
pub(crate) use spec_update::spec_update;
pub(crate) use upstream::spec_upstream;
