//! One call to Mesh over HTTP, for every operation: attempts and their waits within one
//! deadline, a bounded read of each answer, and what each status means.

pub(crate) mod attempt;
pub(crate) mod call;
pub(crate) mod deadline;
pub(crate) mod redaction;
pub(crate) mod retry;
pub(crate) mod status;
