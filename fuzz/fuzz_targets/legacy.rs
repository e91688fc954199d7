#![no_main]
//! TCVN3/VNI detection and conversion both ways.

use khien_extract::{Legacy, legacy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = legacy::detect(s);
        for l in [Legacy::Tcvn3, Legacy::Vni] {
            let u = l.decode_str(s);
            let _ = l.encode_bytes(&u);
        }
    }
    let _ = Legacy::Tcvn3.decode_bytes(data);
});
