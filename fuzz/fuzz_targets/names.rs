//! Name checks and derivation: cluster names, host names from context names, and the
//! names join gives the member's objects.
#![no_main]

use kubefedctl::inputs::{HostName, JoinNames, check_cluster_name, is_dns1123_subdomain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Three fields separated by NUL: cluster, host context, namespace.
    let mut parts = text.splitn(3, '\0');
    let cluster = parts.next().unwrap_or_default();
    let context = parts.next().unwrap_or_default();
    let namespace = parts.next().unwrap_or_default();

    let _ = check_cluster_name(cluster);
    let _ = HostName::given(cluster);
    let host = HostName::of_context(context);
    // A derived host name must be usable in object names, and stable.
    assert!(
        is_dns1123_subdomain(&host.name),
        "{:?} from {context:?}",
        host.name
    );
    assert_eq!(HostName::of_context(context), host);
    if let Ok(names) = JoinNames::new(cluster, &host.name, namespace) {
        assert!(is_dns1123_subdomain(&names.service_account));
    }
});
