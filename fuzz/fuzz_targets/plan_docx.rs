//! Any uploaded plan document (.docx or text): `anzhi_plan::parse` returns a plan or
//! an error, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let format = anzhi_plan::detect_format(data, None);
    let _ = anzhi_plan::parse(data, format, None);
});
