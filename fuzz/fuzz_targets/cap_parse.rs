//! Any uploaded CAP weather warning: `anzhi_cap::parse` returns a warning or an error,
//! never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = anzhi_cap::parse(data);
});
