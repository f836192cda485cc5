//! Manifest and EnableTypeDirective parsing: any bytes give objects or an error, and an
//! error is one line.
#![no_main]

use kubefedctl::inputs::{parse_directive, parse_manifests};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse_manifests(data) {
        Err(e) => assert!(!e.to_string().contains('\n'), "{e}"),
        Ok(objects) => {
            for object in &objects {
                // `parse` promises a kind and a name on every object it returns.
                assert!(object["kind"].as_str().is_some_and(|k| !k.is_empty()));
                assert!(
                    object["metadata"]["name"]
                        .as_str()
                        .is_some_and(|n| !n.is_empty())
                );
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        match parse_directive(text) {
            Ok(directive) => assert!(!directive.name.is_empty()),
            Err(e) => assert!(!e.to_string().contains('\n'), "{e}"),
        }
    }
});
