//! Duration flags: Go's `time.ParseDuration` syntax with checked arithmetic. Whatever is
//! accepted fits Go's range and survives the way init writes it back into a KubeFedConfig.
#![no_main]

use kubefedctl::inputs::{go_duration, parse_duration};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(duration) = parse_duration(text) else {
        return;
    };
    assert!(duration.as_nanos() <= i64::MAX as u128, "{text:?}");
    let written = go_duration(duration);
    assert_eq!(
        parse_duration(&written),
        Ok(duration),
        "{text:?} -> {written}"
    );
});
