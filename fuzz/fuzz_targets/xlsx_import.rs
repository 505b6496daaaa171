//! Any uploaded bytes: `anzhi_sheets::read` returns rows or an error, never panics,
//! hangs or runs out of memory.
#![no_main]

use anzhi_sheets::Column;
use libfuzzer_sys::fuzz_target;

const COLUMNS: [Column<'static>; 3] = [
    Column { header: "企业名称", required: true },
    Column { header: "统一社会信用代码", required: true },
    Column { header: "员工人数", required: false },
];

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = anzhi_sheets::read(data, &COLUMNS, 1_000) {
        assert!(rows.len() <= 1_000);
        assert!(rows.iter().all(|(n, cells)| *n >= 2 && cells.len() == COLUMNS.len()));
    }
});
