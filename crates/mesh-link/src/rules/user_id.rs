//! `userId`: present, within the spec's length, and no personal data (Mesh's guide).

use super::{Checker, Path, limits, pii};
use crate::rules::violations::Rule;

pub(super) fn user_id(check: &mut Checker, user_id: &str) {
    check.text(Path::At("userId"), user_id, Some(limits::USER_ID_MAX_CHARS));
    if pii::looks_like_email(user_id) {
        check.fail(Path::At("userId"), Rule::LooksLikeEmail);
    } else if pii::looks_like_phone_number(user_id) {
        check.fail(Path::At("userId"), Rule::LooksLikePhoneNumber);
    }
}
