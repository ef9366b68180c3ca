//! Codes any text, dated or not, with dyad's bundled dictionaries
//! (`dyad_dict::bundled`): no input may panic, and every coded document must
//! keep its sentences and event spans inside the text, on char boundaries
//! (see `common::check_coded`).

#![no_main]

#[path = "../common/mod.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn coder() -> &'static dyad_coder::Coder {
    static CODER: OnceLock<dyad_coder::Coder> = OnceLock::new();
    CODER.get_or_init(|| {
        let (dict, _) = dyad_dict::bundled().expect("the bundled dictionaries load");
        dyad_coder::Coder::new(Arc::new(dict))
    })
}

fuzz_target!(|bytes: &[u8]| {
    let doc = common::document(bytes);
    if let Ok(coded) = coder().code_document(&doc) {
        common::check_coded(&doc, &coded);
    }
});
