//! Fuzzes the ACH board reader (`dyad_ach::parse_board_bytes`): no input may
//! panic, and every board it accepts must score, export, and read back from
//! its own JSON unchanged.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(loaded) = dyad_ach::parse_board_bytes(bytes, Some("fuzz.json")) else {
        return;
    };
    let board = loaded.board;
    let _ = dyad_ach::score(&board);
    let _ = dyad_ach::sensitivity(&board);
    let _ = dyad_ach::markdown_report(&board);
    let _ = dyad_ach::csv_matrix(&board);
    let json = board.to_json().expect("an accepted board serializes");
    let again = dyad_ach::parse_board(&json, Some("written.json"))
        .expect("a board dyad wrote reads back");
    assert_eq!(again.board, board, "the written board reads back unchanged");
});
