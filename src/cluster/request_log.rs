//! `-v 6` and up: one stderr line per API request, with its answer and how long it took,
//! as Go's client logs at that level. Only the method and the path are logged: headers,
//! which carry credentials, and bodies never are.

use std::fmt::Display;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use http::{Request, Response};
use tower::{Layer, Service};

use crate::diagnostics;

/// The verbosity from which requests are logged.
pub(crate) const REQUEST_LOG_LEVEL: u8 = 6;

/// Logs the requests to the cluster of one context.
#[derive(Clone)]
pub(crate) struct RequestLog {
    pub context: String,
}

impl<S> Layer<S> for RequestLog {
    type Service = Logged<S>;

    fn layer(&self, inner: S) -> Logged<S> {
        Logged {
            inner,
            context: self.context.clone(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct Logged<S> {
    inner: S,
    context: String,
}

impl<S, B, R> Service<Request<B>> for Logged<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
    S::Error: Display,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let line = format!(
            "{} {} (context \"{}\")",
            request.method(),
            request.uri(),
            self.context
        );
        let started = Instant::now();
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answer = answer.await;
            let took = started.elapsed().as_millis();
            match &answer {
                Ok(response) => diagnostics::log(
                    REQUEST_LOG_LEVEL,
                    format_args!("{line}: {} in {took} ms", response.status()),
                ),
                Err(e) => diagnostics::log(
                    REQUEST_LOG_LEVEL,
                    format_args!("{line}: failed after {took} ms: {e}"),
                ),
            }
            answer
        })
    }
}
