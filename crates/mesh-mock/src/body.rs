//! Response bodies, including one that stops short on purpose.

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};

/// How long a cut-short body waits after its first part, so that part reaches the client
/// before the connection breaks.
const PAUSE_BEFORE_CUT: Duration = Duration::from_millis(50);

/// A whole body, or the start of one followed by a broken connection.
#[derive(Debug)]
pub(crate) enum MockBody {
    Whole(Option<Bytes>),
    CutShort {
        first_part: Option<Bytes>,
        pause: Pin<Box<tokio::time::Sleep>>,
    },
}

impl MockBody {
    pub(crate) fn empty() -> Self {
        Self::Whole(None)
    }

    pub(crate) fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::Whole(Some(bytes.into()))
    }

    pub(crate) fn cut_short(first_part: Bytes) -> Self {
        Self::CutShort {
            first_part: Some(first_part),
            pause: Box::pin(tokio::time::sleep(PAUSE_BEFORE_CUT)),
        }
    }
}

impl Body for MockBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            Self::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Self::CutShort { first_part, pause } => match first_part.take() {
                Some(b) => Poll::Ready(Some(Ok(Frame::data(b)))),
                None => pause
                    .as_mut()
                    .poll(cx)
                    .map(|()| Some(Err(std::io::Error::other("body cut short on purpose")))),
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Self::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Self::CutShort { .. } => SizeHint::default(),
        }
    }
}
