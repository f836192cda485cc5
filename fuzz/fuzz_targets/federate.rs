//! Manifest parsing followed by federated conversion (with per-cluster overrides) and the
//! canonical output order.
#![no_main]

use kubefedctl::inputs::{
    ObjectKey, Overrides, Placement, builtin_namespaced, default_federated_type, federate,
    parse_cluster_change, parse_manifests,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(objects) = parse_manifests(data) else {
        return;
    };
    let placement = Placement {
        clusters: vec!["cluster2".into()],
        selector: [("region".to_owned(), "eu".to_owned())].into(),
        // Overrides are checked against each template: one that exists in many, one
        // that may not.
        overrides: Overrides {
            items: Vec::new(),
            changes: [
                "cluster2:/spec/replicas=3",
                "cluster3:/metadata/labels/tier-",
            ]
            .into_iter()
            .map(|text| parse_cluster_change(text).expect("a valid override"))
            .collect(),
        },
    };
    let mut federated = Vec::new();
    for object in &objects {
        let kind = object["kind"].as_str().unwrap_or_default();
        let api_version = object["apiVersion"].as_str().unwrap_or_default();
        let namespaced = builtin_namespaced(api_version, kind).unwrap_or(true);
        let federated_type = default_federated_type(kind, namespaced);
        if let Ok(f) = federate(object, &federated_type, &placement, Some("default")) {
            // What is printed must serialize.
            serde_json::to_string(&f.object).expect("federated object serializes");
            federated.push(f.object);
        }
    }
    federated.sort_by_key(ObjectKey::of);
});
