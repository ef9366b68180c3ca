//! ACH boards in the browser: the saved boards (`GET /ach`,
//! `GET /api/boards`), one board as a matrix of hypotheses and evidence with
//! its scores (`GET /ach/{id}`, `GET /api/boards/{id}`), saving a whole board
//! (`PUT /api/boards/{id}`) and changing one rating
//! (`PUT /api/boards/{id}/ratings`), which answers with the new scores,
//! diagnosticity and linchpins so the page can update in place.
//!
//! Boards are checked by `dyad_ach::parse_board` before they are saved, and
//! rating edits are read-modify-write under one lock, so two analysts editing
//! at once do not lose each other's ratings.

use crate::error::ApiError;
use crate::layout::{Nav, html_response, json_response, page, path_segment};
use crate::params::Params;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use dyad_ach::{Board, Rating, Scores, parse_board, score};
use dyad_store::BoardSummary;
use maud::html;
use serde::{Deserialize, Serialize};

/// The longest board id.
pub const MAX_BOARD_ID: usize = 64;

/// Board ids are 1 to 64 letters, digits, `.`, `_` and `-`.
pub fn check_board_id(id: &str) -> Result<(), ApiError> {
    let fine = !id.is_empty()
        && id.len() <= MAX_BOARD_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if fine {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!(
            "board id {id:?}: use 1 to {MAX_BOARD_ID} letters, digits, '.', '_' and '-'"
        )))
    }
}

/// Write endpoints take JSON.
fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/json") {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("send the body as application/json, not {content_type:?}"),
        ))
    }
}

/// A saved board, parsed.
struct LoadedBoard {
    id: String,
    updated_at: i64,
    board: Board,
}

async fn load(state: &AppState, id: String) -> Result<LoadedBoard, ApiError> {
    check_board_id(&id)?;
    state
        .with_store(move |store| {
            let saved = store
                .load_board(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no board with id {id:?}")))?;
            let loaded = parse_board(&saved.body, Some(&format!("board {id}"))).map_err(|e| {
                ApiError::internal(format!("the saved board {id:?} no longer reads: {e}"))
            })?;
            Ok(LoadedBoard {
                id: saved.id,
                updated_at: saved.updated_at,
                board: loaded.board,
            })
        })
        .await
}

#[derive(Serialize)]
struct BoardAnswer<'b> {
    id: &'b str,
    title: &'b str,
    updated_at: i64,
    board: &'b Board,
    scores: Scores,
}

fn board_answer(loaded: &LoadedBoard) -> Result<String, ApiError> {
    serde_json::to_string(&BoardAnswer {
        id: &loaded.id,
        title: &loaded.board.title,
        updated_at: loaded.updated_at,
        board: &loaded.board,
        scores: score(&loaded.board),
    })
    .map_err(|e| ApiError::internal(format!("writing the board as JSON: {e}")))
}

#[derive(Serialize)]
struct BoardList {
    boards: Vec<BoardSummary>,
}

async fn list(state: &AppState) -> Result<Vec<BoardSummary>, ApiError> {
    state.with_store(|store| Ok(store.list_boards()?)).await
}

/// `GET /api/boards`.
pub async fn api_boards(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let boards = list(&state).await?;
    let body = serde_json::to_string(&BoardList { boards })
        .map_err(|e| ApiError::internal(format!("writing boards as JSON: {e}")))?;
    Ok(json_response(body))
}

/// `GET /api/boards/{id}`.
pub async fn api_board(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let loaded = load(&state, id).await?;
    Ok(json_response(board_answer(&loaded)?))
}

/// `PUT /api/boards/{id}`: saves a whole board (the board file format).
pub async fn api_save_board(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    check_board_id(&id)?;
    require_json(&headers)?;
    let loaded = dyad_ach::parse_board_bytes(&body, Some("the request body"))
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    let board = loaded.board;
    let text = board
        .to_json()
        .map_err(|e| ApiError::internal(format!("writing the board: {e}")))?;
    let _edit = state.board_edits().lock().await;
    let (saved_id, title) = (id.clone(), board.title.clone());
    let updated_at = state
        .with_store(move |store| Ok(store.save_board(&saved_id, &title, &text)?))
        .await?;
    state.refresh_generation().await?;
    Ok(json_response(board_answer(&LoadedBoard {
        id,
        updated_at,
        board,
    })?))
}

/// The body of a rating change.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingChange {
    evidence: String,
    hypothesis: String,
    /// CC, C, N, I, II or NA.
    rating: String,
}

#[derive(Serialize)]
struct RatingAnswer {
    evidence: String,
    hypothesis: String,
    rating: &'static str,
    updated_at: i64,
    scores: Scores,
}

/// `PUT /api/boards/{id}/ratings`: sets one cell and answers with the new scores.
pub async fn api_set_rating(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    check_board_id(&id)?;
    require_json(&headers)?;
    let change: RatingChange = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body must be {{\"evidence\": ID, \"hypothesis\": ID, \"rating\": \"CC|C|N|I|II|NA\"}}: {e}"
        ))
    })?;
    let rating = Rating::from_symbol(change.rating.trim()).ok_or_else(|| {
        ApiError::bad_request(format!(
            "rating {:?} is not one of CC, C, N, I, II, NA",
            change.rating
        ))
    })?;
    let _edit = state.board_edits().lock().await;
    let mut loaded = load(&state, id).await?;
    if loaded.board.hypothesis(&change.hypothesis).is_none() {
        return Err(ApiError::bad_request(format!(
            "board {:?} has no hypothesis {:?}",
            loaded.id, change.hypothesis
        )));
    }
    let Some(item) = loaded
        .board
        .evidence
        .iter_mut()
        .find(|e| e.id == change.evidence)
    else {
        return Err(ApiError::bad_request(format!(
            "board {:?} has no evidence item {:?}",
            loaded.id, change.evidence
        )));
    };
    item.ratings.set(&change.hypothesis, rating);
    loaded.board.normalize_rating_order();
    let text = loaded
        .board
        .to_json()
        .map_err(|e| ApiError::internal(format!("writing the board: {e}")))?;
    let (board_id, title) = (loaded.id.clone(), loaded.board.title.clone());
    let updated_at = state
        .with_store(move |store| Ok(store.save_board(&board_id, &title, &text)?))
        .await?;
    state.refresh_generation().await?;
    let answer = RatingAnswer {
        evidence: change.evidence,
        hypothesis: change.hypothesis,
        rating: rating.symbol(),
        updated_at,
        scores: score(&loaded.board),
    };
    let body = serde_json::to_string(&answer)
        .map_err(|e| ApiError::internal(format!("writing scores as JSON: {e}")))?;
    Ok(json_response(body))
}

/// `GET /ach`: the saved boards and a form to import one.
pub async fn boards_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let boards = list(&state).await?;
    let content = html! {
        h1 { "Competing hypotheses" }
        @if boards.is_empty() {
            p.note #no-boards { "No boards saved yet. Import a board file below, or save one with " code { "dyad ach save" } "." }
        } @else {
            table.data #board-list {
                thead { tr { th { "Board" } th { "Id" } th { "Saved" } } }
                tbody {
                    @for board in &boards {
                        tr {
                            td { a href={ "/ach/" (path_segment(&board.id)) } { (board.title) } }
                            td { code { (board.id) } }
                            td.nowrap { (saved_at(board.updated_at)) }
                        }
                    }
                }
            }
        }
        h2 { "Import a board" }
        form.upload #board-import {
            label { "Id " input #board-id name="id" required pattern="[A-Za-z0-9._\\-]{1,64}" placeholder="troops-to-ally"; }
            label { "Board file (JSON) " input #board-file type="file" accept=".json,application/json" required; }
            button type="submit" { "Import" }
        }
        p.status #board-import-status role="status" {}
    };
    Ok(html_response(page(&state, "ACH boards", Nav::Ach, content)))
}

fn saved_at(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map_or_else(
        || unix.to_string(),
        |t| t.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// `GET /ach/{id}`: the matrix, editable.
pub async fn board_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let loaded = load(&state, id).await?;
    let board = &loaded.board;
    let scores = score(board);
    let title_of = |hid: &str| {
        board
            .hypothesis(hid)
            .map_or(hid.to_string(), |h| h.title.clone())
    };
    let leader_text = match (&scores.leader, scores.tied_for_lead.is_empty()) {
        (Some(leader), _) => format!("Leader: {}", title_of(leader)),
        (None, false) => format!(
            "No leader: {} tie",
            scores
                .tied_for_lead
                .iter()
                .map(|h| title_of(h))
                .collect::<Vec<_>>()
                .join(" and ")
        ),
        (None, true) => "No hypotheses".to_string(),
    };
    let content = html! {
        h1 { (board.title) }
        p.question { (board.question) }
        @if let Some(notes) = &board.notes { p.note { (notes) } }
        p.leader #leader data-leader=(scores.leader.as_deref().unwrap_or("")) { (leader_text) }
        p.note {
            "Lower weighted inconsistency ranks higher. Change a rating and the scores, "
            "diagnosticity and linchpins (items whose removal would change the leader) update. "
            span.linchpin-badge { "linchpin" }
        }
        div.matrix-box {
            table.matrix #ach-matrix data-board=(loaded.id) {
                thead {
                    tr {
                        th { "Evidence" }
                        th { "Credibility" }
                        th { "Relevance" }
                        th.num { "Diagnosticity" }
                        @for (hi, h) in board.hypotheses.iter().enumerate() {
                            th.hypothesis data-h=(hi) .leading[scores.leader.as_deref() == Some(h.id.as_str())] title=(h.notes.as_deref().unwrap_or("")) {
                                (h.title) br; code { (h.id) }
                            }
                        }
                    }
                }
                tbody {
                    @for (ei, item) in board.evidence.iter().enumerate() {
                        tr.evidence data-e=(ei) .linchpin[scores.linchpins.contains(&item.id)] {
                            td {
                                code { (item.id) } " " (item.text)
                                @if item.assumption { " " span.tag { "assumption" } }
                                " " span.linchpin-badge { "linchpin" }
                            }
                            td { (item.credibility.word()) }
                            td { (item.relevance.word()) }
                            td.num.diagnosticity data-e=(ei) {
                                (format!("{:.2}", scores.evidence.get(ei).map_or(0.0, |s| s.diagnosticity)))
                            }
                            @for h in &board.hypotheses {
                                @let current = item.ratings.effective(&h.id);
                                td.rating-cell {
                                    select.rating data-evidence=(item.id) data-hypothesis=(h.id) data-value=(current.symbol())
                                        aria-label={ (item.id) " against " (h.id) } {
                                        @for rating in Rating::ALL {
                                            option value=(rating.symbol()) selected[rating == current] { (rating.symbol()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                tfoot {
                    @for (label, field) in [("Inconsistency", "inconsistency"), ("Weighted inconsistency", "weighted"), ("Consistency", "consistency"), ("Rank", "rank")] {
                        tr {
                            th colspan="4" { (label) }
                            @for (hi, h) in scores.hypotheses.iter().enumerate() {
                                td.num.score data-h=(hi) data-field=(field) {
                                    @match field {
                                        "inconsistency" => (h.inconsistency),
                                        "weighted" => (format!("{:.2}", h.weighted_inconsistency)),
                                        "consistency" => (h.consistency),
                                        _ => (h.rank),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        p.status #rating-status role="status" {}
        p { a href={ "/api/boards/" (path_segment(&loaded.id)) } { "This board as JSON" } }
    };
    Ok(html_response(page(&state, &board.title, Nav::Ach, content)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn board_ids() {
        assert!(check_board_id("troops-to-ally").is_ok());
        assert!(check_board_id("a.b_c-1").is_ok());
        assert!(check_board_id("").is_err());
        assert!(check_board_id("a/b").is_err());
        assert!(check_board_id("<script>").is_err());
        assert!(check_board_id(&"x".repeat(65)).is_err());
    }
}
