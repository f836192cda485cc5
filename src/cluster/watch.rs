//! The one way this tool waits for an object to change: a list of it by name (which
//! gives the object, or none, and a resourceVersion), then a watch from there, judged at
//! each event, until a deadline. A Ctrl-C ends the wait.

use std::time::Duration;

use futures::stream::{BoxStream, StreamExt, TryStreamExt, select_all};
use kube::Client;
use kube::api::{DynamicObject, ListParams, WatchEvent, WatchParams};
use tokio::time::Instant;

use crate::cluster::target::Target;
use crate::interrupt;

/// How a wait ended.
pub(crate) enum Waited<T> {
    /// `decide` said so.
    Done(T),
    /// The deadline passed; the object as last seen (None: it does not exist).
    TimedOut(Option<Box<DynamicObject>>),
}

/// Reads `target` and watches it until `decide` (given the object, or None once it does
/// not exist) returns a result, or `timeout` passes.
pub(crate) async fn watch_until<T>(
    client: &Client,
    target: &Target<'_>,
    timeout: Duration,
    mut decide: impl FnMut(Option<&DynamicObject>) -> Option<T>,
) -> anyhow::Result<Waited<T>> {
    let api = target.api(client);
    let fields = format!("metadata.name={}", target.name);
    let deadline = Instant::now() + timeout;
    let wait = async {
        loop {
            let list = api.list(&ListParams::default().fields(&fields)).await?;
            let mut latest = list.items.into_iter().next();
            if let Some(result) = decide(latest.as_ref()) {
                return Ok(Waited::Done(result));
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Ok(Waited::TimedOut(latest.map(Box::new)));
            }
            let version = list.metadata.resource_version.unwrap_or_default();
            // The server ends the watch at the deadline.
            let seconds = u32::try_from(remaining.as_secs().max(1)).unwrap_or(u32::MAX);
            let params = WatchParams::default().fields(&fields).timeout(seconds);
            let mut events = Box::pin(api.watch(&params, &version).await?);
            while let Some(event) = events.try_next().await? {
                match event {
                    WatchEvent::Added(object) | WatchEvent::Modified(object) => {
                        if let Some(result) = decide(Some(&object)) {
                            return Ok(Waited::Done(result));
                        }
                        latest = Some(object);
                    }
                    WatchEvent::Deleted(_) => {
                        if let Some(result) = decide(None) {
                            return Ok(Waited::Done(result));
                        }
                        latest = None;
                    }
                    // An expired resourceVersion: list again.
                    WatchEvent::Error(_) | WatchEvent::Bookmark(_) => break,
                }
            }
            if Instant::now() >= deadline {
                return Ok(Waited::TimedOut(latest.map(Box::new)));
            }
        }
    };
    interrupt::unless_interrupted(wait).await
}

/// Waits for the first event of any of `watches`, or the end of one (the server's
/// timeout, a cluster gone away), for at most `timeout`; with nothing to watch, only the
/// timeout ends the wait.
pub(crate) async fn first_change(watches: Vec<BoxStream<'static, ()>>, timeout: Duration) {
    let first = async {
        if watches.is_empty() {
            std::future::pending::<()>().await;
        }
        // Each watch yields once: on its first event, or when it ends.
        let once = watches.into_iter().map(|w| {
            w.chain(futures::stream::once(futures::future::ready(())))
                .take(1)
        });
        select_all(once).next().await;
    };
    let _ = tokio::time::timeout(timeout, first).await;
}
