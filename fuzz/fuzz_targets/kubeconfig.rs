//! Kubeconfig loading and the lookups commands make before any request: contexts, the
//! host context, and each context's endpoint (server, CA, TLS and proxy settings).
#![no_main]

use std::io::Write;

use kubefedctl::inputs::Kubeconfigs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // A kubeconfig may name files to read (certificate-authority); keep the fuzzer away
    // from devices and kernel files that never end.
    if data
        .windows(5)
        .any(|w| w == b"/dev/" || w == b"/proc" || w == b"/sys/")
    {
        return;
    }
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(data).expect("write kubeconfig");
    let Ok(config) = Kubeconfigs::load(Some(file.path())) else {
        return;
    };
    let _ = config.host_context(None);
    let names: Vec<String> = config
        .context_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    for name in &names {
        let _ = config.check_context(name);
        let _ = config.context_namespace(name);
        let _ = config.endpoint(name);
    }
    let _ = config.host_context(Some("no-such-context"));
    let _ = format!("{config:?}");
});
