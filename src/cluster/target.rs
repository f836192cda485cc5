//! The address of one object on a cluster, shared by the writer (`apply`) and the wait
//! (`watch`), which both build on it and neither on the other.

use kube::Client;
use kube::api::{Api, DynamicObject};
use kube::core::ApiResource;

use crate::plan::join::Object;

/// Where one object is on a cluster: its type, namespace (None for cluster-scoped types)
/// and name (empty for an object that gets a generated name). Writes, reads and waits
/// all address objects this way.
#[derive(Clone, Debug)]
pub(crate) struct Target<'a> {
    pub resource: &'a ApiResource,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

impl Target<'_> {
    pub(super) fn api(&self, client: &Client) -> Api<DynamicObject> {
        match self.namespace {
            Some(ns) => Api::namespaced_with(client.clone(), ns, self.resource),
            None => Api::all_with(client.clone(), self.resource),
        }
    }

    /// `Kind namespace/name` or `Kind name`, for messages; `new Kind in namespace` for an
    /// object that gets a generated name.
    pub(crate) fn describe(&self) -> String {
        let kind = &self.resource.kind;
        match (self.namespace, self.name) {
            (Some(ns), "") => format!("new {kind} in namespace \"{ns}\""),
            (None, "") => format!("new {kind}"),
            (Some(ns), name) => format!("{kind} \"{ns}/{name}\""),
            (None, name) => format!("{kind} \"{name}\""),
        }
    }
}

impl Object {
    pub(crate) fn target(&self) -> Target<'_> {
        Target {
            resource: &self.resource,
            namespace: self.namespace.as_deref(),
            name: &self.name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_describe_themselves_also_before_their_name_is_generated() {
        let secret = ApiResource::erase::<k8s_openapi::api::core::v1::Secret>(&());
        let described = |namespace, name| {
            Target {
                resource: &secret,
                namespace,
                name,
            }
            .describe()
        };
        assert_eq!(described(Some("ns"), "s"), "Secret \"ns/s\"");
        assert_eq!(described(None, "s"), "Secret \"s\"");
        assert_eq!(described(Some("ns"), ""), "new Secret in namespace \"ns\"");
        assert_eq!(described(None, ""), "new Secret");
    }
}
