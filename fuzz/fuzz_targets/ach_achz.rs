//! Fuzzes the PARC ACH importer (`dyad_ach::import_achz`): no input may
//! panic, and every project it imports must write a board file that reads
//! back unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(board) = dyad_ach::import_achz(bytes, Some("fuzz.achz")) else {
        return;
    };
    let _ = dyad_ach::score(&board);
    let json = board.to_json().expect("an imported board serializes");
    let again = dyad_ach::parse_board(&json, Some("imported.json"))
        .expect("an imported board reads back");
    assert_eq!(again.board, board, "the imported board reads back unchanged");
});
