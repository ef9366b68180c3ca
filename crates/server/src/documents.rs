//! Documents: the list and text search (`GET /documents`,
//! `GET /api/documents`) and one article with every event's sentence,
//! source, target and verb highlighted (`GET /documents/{id}`,
//! `GET /api/documents/{id}`). Article text is untrusted: it is cut into
//! segments (see [`crate::highlight`]) and each segment is escaped on its own.

use crate::error::ApiError;
use crate::events::{EventJson, event_details, event_headline, highlighted_sentence, role_classes};
use crate::highlight::{document_marks, segments, sentence_offset};
use crate::layout::{
    Nav, count, document_link, html_response, json_response, link, page, safe_url,
};
use crate::params::Params;
use crate::state::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use dyad_model::{Document, Event};
use dyad_store::{DocumentQuery, DocumentSummary, EventFilter, StoredEvent, View};
use maud::html;
use serde::Serialize;

/// Documents per listing page unless asked otherwise.
pub const PAGE_SIZE: u64 = 50;
/// Documents per listing at most.
pub const MAX_PAGE_SIZE: u64 = 500;
/// Events shown with one document at most.
pub const MAX_DOCUMENT_EVENTS: u64 = 5000;

/// The longest search accepted, in characters.
const MAX_SEARCH_CHARS: usize = 200;

fn document_query(params: &Params) -> Result<DocumentQuery, ApiError> {
    let words: Vec<String> = params
        .one("q")?
        .unwrap_or("")
        .split_whitespace()
        .map(String::from)
        .collect();
    if words.iter().map(|w| w.chars().count() + 1).sum::<usize>() > MAX_SEARCH_CHARS {
        return Err(ApiError::bad_request(format!(
            "parameter \"q\": searches are at most {MAX_SEARCH_CHARS} characters"
        )));
    }
    Ok(DocumentQuery {
        words,
        before_row: params.number("before", 1, i64::MAX)?,
        limit: params
            .number("limit", 1, MAX_PAGE_SIZE)?
            .unwrap_or(PAGE_SIZE),
    })
}

async fn list(state: &AppState, query: DocumentQuery) -> Result<Vec<DocumentSummary>, ApiError> {
    state
        .with_store(move |store| Ok(store.document_summaries(&query)?))
        .await
}

#[derive(Serialize)]
struct DocumentsAnswer {
    documents: Vec<DocumentSummary>,
    /// The `before` value of the next page; `null` on the last page.
    next_before: Option<i64>,
}

fn next_before(documents: &[DocumentSummary], limit: u64) -> Option<i64> {
    (documents.len() as u64 == limit)
        .then(|| documents.last().map(|d| d.row))
        .flatten()
}

/// `GET /api/documents?q=&before=&limit=`.
pub async fn api_documents(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &["q", "before", "limit"])?;
    let query = document_query(&params)?;
    let limit = query.limit;
    let documents = list(&state, query).await?;
    let answer = DocumentsAnswer {
        next_before: next_before(&documents, limit),
        documents,
    };
    let body = serde_json::to_string(&answer)
        .map_err(|e| ApiError::internal(format!("writing documents as JSON: {e}")))?;
    Ok(json_response(body))
}

/// `GET /documents?q=&before=`.
pub async fn documents_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), &["q", "before", "limit"])?;
    let query = document_query(&params)?;
    let search = query.words.join(" ");
    let limit = query.limit;
    let documents = list(&state, query).await?;
    let next = next_before(&documents, limit);
    let content = html! {
        h1 { "Documents" }
        form.search method="get" action="/documents" {
            input type="search" name="q" value=(search) placeholder="words in the text or id" aria-label="Search documents";
            button type="submit" { "Search" }
        }
        @if documents.is_empty() {
            p.note #no-documents { "No documents" @if !search.is_empty() { " contain all of “" (search) "”" } "." }
        } @else {
            table.data #document-list {
                thead { tr { th { "Document" } th { "Date" } th { "Source" } th.num { "Events" } th { "Beginning" } } }
                tbody {
                    @for doc in &documents {
                        tr {
                            td { a href=(document_link(&doc.id)) { (doc.id) } }
                            td.nowrap { (doc.date.map_or(String::new(), |d| d.to_string())) }
                            td { (doc.source.as_deref().unwrap_or("")) }
                            td.num { (count(doc.events)) }
                            td.snippet { (doc.snippet) @if doc.text_bytes as usize > doc.snippet.len() { "…" } }
                        }
                    }
                }
            }
        }
        @if let Some(before) = next {
            p { a #older href=(link("/documents", &[("q", &search), ("before", &before.to_string())])) { "Older documents →" } }
        }
    };
    Ok(html_response(page(
        &state,
        "Documents",
        Nav::Documents,
        content,
    )))
}

/// A document and its events, read together.
struct DocumentWithEvents {
    document: Document,
    events: Vec<StoredEvent>,
}

async fn document_with_events(
    state: &AppState,
    id: String,
) -> Result<DocumentWithEvents, ApiError> {
    if id.is_empty() || id.len() > 1024 {
        return Err(ApiError::bad_request("document ids are 1 to 1024 bytes"));
    }
    state
        .with_store(move |store| {
            let document = store
                .document(&id)?
                .ok_or_else(|| ApiError::not_found(format!("no document with id {id:?}")))?;
            let filter = EventFilter {
                doc_ids: vec![id],
                limit: Some(MAX_DOCUMENT_EVENTS),
                ..EventFilter::default()
            };
            let mut events = Vec::new();
            store.for_each_event(&filter, View::Raw, |event| -> Result<(), ApiError> {
                events.push(event);
                Ok(())
            })?;
            // Reading order: by sentence, then storage.
            events.sort_by_key(|e| (e.event.sentence_index, e.id));
            Ok(DocumentWithEvents { document, events })
        })
        .await
}

#[derive(Serialize)]
struct DocumentAnswer<'d> {
    document: &'d Document,
    events: Vec<EventJson<'d>>,
}

/// `GET /api/documents/{id}`.
pub async fn api_document(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let found = document_with_events(&state, id).await?;
    let answer = DocumentAnswer {
        document: &found.document,
        events: found.events.iter().map(EventJson::of).collect(),
    };
    let body = serde_json::to_string(&answer)
        .map_err(|e| ApiError::internal(format!("writing the document as JSON: {e}")))?;
    Ok(json_response(body))
}

/// `GET /documents/{id}`.
pub async fn document_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let found = document_with_events(&state, id).await?;
    let document = &found.document;
    let events: Vec<&Event> = found.events.iter().map(|e| &e.event).collect();
    let marks = document_marks(&document.text, &events);
    let pieces = segments(&document.text, &marks);
    let unplaced = events
        .iter()
        .filter(|e| sentence_offset(&document.text, e).is_none())
        .count();
    let content = html! {
        h1.doc-title { (document.id) }
        p.meta {
            (document.date.map_or("undated".to_string(), |d| d.to_string()))
            @if let Some(source) = &document.source { " · " (source) }
            @if let Some(url) = &document.url {
                " · "
                @if let Some(safe) = safe_url(url) {
                    a href=(safe) rel="noopener noreferrer nofollow" target="_blank" { (url) }
                } @else {
                    span.url { (url) }
                }
            }
        }
        p.legend-line {
            span.hl.src { "source" } " " span.hl.verb { "verb" } " " span.hl.tgt { "target" } " "
            span.hl.sent { "sentence with an event" }
            " — click a highlight for the event."
        }
        div.doc-layout {
            article.article #article {
                @for piece in &pieces {
                    @if piece.roles.is_empty() {
                        (piece.text)
                    } @else {
                        span class={ "hl " (role_classes(&piece.roles)) }
                            data-events=(piece.events.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(" ")) {
                            (piece.text)
                        }
                    }
                }
            }
            aside.events-panel {
                h2 { (found.events.len()) @if found.events.len() == 1 { " event" } @else { " events" } }
                @if unplaced > 0 {
                    p.note { (unplaced) " of them name sentences that are not in this text (the document was stored again with other text); their own sentences are shown." }
                }
                @for (index, stored) in found.events.iter().enumerate() {
                    details.event id={ "event-" (stored.id) } data-index=(index) {
                        summary { (event_headline(&stored.event)) }
                        div.event-sentence { (highlighted_sentence(&stored.event)) }
                        (event_details(stored))
                    }
                }
                @if found.events.is_empty() {
                    p.note { "The coder found no events in this document." }
                }
            }
        }
    };
    Ok(html_response(page(
        &state,
        &document.id,
        Nav::Documents,
        content,
    )))
}
