//! Reads of objects of a type the caller chooses: one object, all objects of the type in
//! a namespace or in all of them (whole or metadata only), or page by page.
//!
//! These return kube's error unchanged, because the callers treat a type the server does
//! not serve (404, 405) differently — as holding no objects, or as KubeFed missing — and
//! each names what it was reading, and on which context, in its own words. Lists of
//! KubeFed's own types, which mean the same to every command, are in
//! [`crate::cluster::kubefed`].

use kube::Client;
use kube::api::{Api, DynamicObject, ListParams, PartialObjectMeta};
use kube::core::ApiResource;

/// A handle on `resource` in `namespace`; None: all namespaces, or a cluster-scoped type.
fn api(client: &Client, resource: &ApiResource, namespace: Option<&str>) -> Api<DynamicObject> {
    match namespace {
        Some(ns) => Api::namespaced_with(client.clone(), ns, resource),
        None => Api::all_with(client.clone(), resource),
    }
}

/// Object `name`, or None when the server answers Not Found (the object is missing, or
/// its type is not served).
pub(crate) async fn get(
    client: &Client,
    resource: &ApiResource,
    namespace: Option<&str>,
    name: &str,
) -> kube::Result<Option<DynamicObject>> {
    api(client, resource, namespace).get_opt(name).await
}

/// The metadata of object `name`: a smaller answer where only its existence matters.
pub(crate) async fn get_metadata(
    client: &Client,
    resource: &ApiResource,
    namespace: Option<&str>,
    name: &str,
) -> kube::Result<PartialObjectMeta<DynamicObject>> {
    api(client, resource, namespace).get_metadata(name).await
}

/// Every object of `resource` in `namespace` (None: everywhere), whole, with one list.
pub(crate) async fn list(
    client: &Client,
    resource: &ApiResource,
    namespace: Option<&str>,
) -> kube::Result<Vec<DynamicObject>> {
    let list = api(client, resource, namespace)
        .list(&ListParams::default())
        .await?;
    Ok(list.items)
}

/// Every object of `resource` in `namespace` (None: everywhere), metadata only, with one
/// list.
pub(crate) async fn list_metadata(
    client: &Client,
    resource: &ApiResource,
    namespace: Option<&str>,
) -> kube::Result<Vec<PartialObjectMeta<DynamicObject>>> {
    let list = api(client, resource, namespace)
        .list_metadata(&ListParams::default())
        .await?;
    Ok(list.items)
}

/// How many objects one page holds: kubectl's chunk size, so that a type with many
/// objects never comes in one huge response.
const PAGE_SIZE: u32 = 500;

/// The objects of one type, [`PAGE_SIZE`] at a time: each page is requested when the
/// previous one has been handled, following the server's continue token.
pub(crate) struct Pages {
    api: Api<DynamicObject>,
    /// The parameters of the next request; None after the last page, or an error.
    next: Option<ListParams>,
}

impl Pages {
    /// The pages of `resource` in `namespace` (None: everywhere).
    pub(crate) fn new(client: &Client, resource: &ApiResource, namespace: Option<&str>) -> Self {
        Pages {
            api: api(client, resource, namespace),
            next: Some(ListParams::default().limit(PAGE_SIZE)),
        }
    }

    /// The next page of whole objects; None after the last one.
    pub(crate) async fn next(&mut self) -> Option<kube::Result<Vec<DynamicObject>>> {
        let params = self.next.take()?;
        let page = self.api.list(&params).await;
        Some(page.map(|page| {
            self.next = Self::after(params, page.metadata.continue_.as_deref());
            page.items
        }))
    }

    /// The next page, metadata only; None after the last one.
    pub(crate) async fn next_metadata(
        &mut self,
    ) -> Option<kube::Result<Vec<PartialObjectMeta<DynamicObject>>>> {
        let params = self.next.take()?;
        let page = self.api.list_metadata(&params).await;
        Some(page.map(|page| {
            self.next = Self::after(params, page.metadata.continue_.as_deref());
            page.items
        }))
    }

    /// The request after a page that ended with `token`; an empty token ends the list.
    fn after(params: ListParams, token: Option<&str>) -> Option<ListParams> {
        token
            .filter(|token| !token.is_empty())
            .map(|token| params.continue_token(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_a_continue_token_is_the_last() {
        let first = || ListParams::default().limit(PAGE_SIZE);
        assert!(Pages::after(first(), None).is_none());
        assert!(Pages::after(first(), Some("")).is_none());
        let next = Pages::after(first(), Some("t")).expect("a next page");
        assert_eq!(next.continue_token.as_deref(), Some("t"));
        assert_eq!(next.limit, Some(PAGE_SIZE));
    }
}
