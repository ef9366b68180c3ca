//! Ingest from the browser: pasted text or an uploaded JSON Lines file of
//! documents is coded at once and stored (`GET /ingest`, `POST /api/ingest`).
//!
//! The coder is given to the server as a [`DocumentCoder`] (the CLI passes
//! dyad's coder with the chosen dictionaries), so this module owns the
//! request format, its checks and the storing, not the coding. Documents are
//! `{"id", "date", "source", "url", "text", ...}` objects as `dyad ingest
//! --documents` reads them; other fields are kept as metadata. A document
//! without an id gets `doc-` and a hash of its text, so sending the same text
//! twice replaces it instead of storing it twice.

use crate::error::ApiError;
use crate::layout::{Nav, document_link, html_response, json_response, page};
use crate::params::Params;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use dyad_model::{Document, Event, parse_date};
use maud::html;
use serde::Serialize;
use serde_json::{Map, Value};
use std::sync::Arc;

/// The largest ingest request body.
pub const MAX_INGEST_BYTES: usize = 16 * 1024 * 1024;
/// Documents one request may carry at most.
pub const MAX_DOCUMENTS: usize = 10_000;
/// Document ids listed in the answer at most.
const LISTED: usize = 100;

/// Codes documents into events for the ingest endpoint.
pub trait DocumentCoder: Send + Sync {
    /// Identifies the dictionaries; stored with every event coded.
    fn fingerprint(&self) -> String;
    /// A line for the ingest page ("dyad's bundled dictionaries", a path).
    fn description(&self) -> String;
    /// The events of one document, or why it cannot be coded.
    fn code(&self, document: &Document) -> Result<Vec<Event>, String>;
}

/// How the request body is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyFormat {
    /// One document object.
    Json,
    /// One document object per line.
    JsonLines,
}

fn body_format(headers: &HeaderMap) -> Result<BodyFormat, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "application/json" => Ok(BodyFormat::Json),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Ok(BodyFormat::JsonLines),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "send one document as application/json or documents as application/x-ndjson \
                 (JSON Lines), not {content_type:?}"
            ),
        )),
    }
}

/// `doc-` and 16 hex digits of FNV-1a over the text.
pub fn generated_id(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("doc-{hash:016x}")
}

/// One document object → a [`Document`]. `place` names it in errors.
pub fn document_from_json(value: Value, place: &str) -> Result<Document, ApiError> {
    let Value::Object(mut fields) = value else {
        return Err(ApiError::bad_request(format!(
            "{place}: expected a JSON object with at least \"text\""
        )));
    };
    let mut take_string = |name: &str| -> Result<Option<String>, ApiError> {
        match fields.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(ApiError::bad_request(format!(
                "{place}: \"{name}\" must be a string, not {other}"
            ))),
        }
    };
    let text = take_string("text")?.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(format!(
            "{place}: \"text\" is missing or empty"
        )));
    }
    let id = match take_string("id")? {
        Some(id) if id.trim().is_empty() => {
            return Err(ApiError::bad_request(format!("{place}: \"id\" is empty")));
        }
        Some(id) if id.len() > 1024 => {
            return Err(ApiError::bad_request(format!(
                "{place}: \"id\" is longer than 1024 bytes"
            )));
        }
        Some(id) => id,
        None => generated_id(&text),
    };
    let date = match take_string("date")? {
        None => None,
        Some(d) if d.trim().is_empty() => None,
        Some(d) => Some(parse_date(&d).ok_or_else(|| {
            ApiError::bad_request(format!(
                "{place}: \"date\" {d:?} is not a date (YYYY-MM-DD)"
            ))
        })?),
    };
    let source = take_string("source")?.filter(|s| !s.is_empty());
    let url = take_string("url")?.filter(|s| !s.is_empty());
    let metadata: Map<String, Value> = fields;
    Ok(Document {
        id,
        date,
        source,
        url,
        text,
        metadata,
    })
}

/// The documents of a request body.
fn documents_of(body: &[u8], format: BodyFormat) -> Result<Vec<Document>, ApiError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        ApiError::bad_request(format!("the body is not UTF-8 (byte {})", e.valid_up_to()))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parse = |line: &str, place: &str| -> Result<Document, ApiError> {
        let value: Value = serde_json::from_str(line)
            .map_err(|e| ApiError::bad_request(format!("{place}:{}: not JSON: {e}", e.column())))?;
        document_from_json(value, place)
    };
    let documents = match format {
        BodyFormat::Json => vec![parse(text, "the document")?],
        BodyFormat::JsonLines => {
            let mut documents = Vec::new();
            for (index, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                if documents.len() == MAX_DOCUMENTS {
                    return Err(ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        format!(
                            "more than {MAX_DOCUMENTS} documents; send them in several requests"
                        ),
                    ));
                }
                documents.push(parse(line, &format!("line {}", index + 1))?);
            }
            documents
        }
    };
    if documents.is_empty() {
        return Err(ApiError::bad_request("the body holds no documents"));
    }
    let mut seen = std::collections::HashSet::new();
    for document in &documents {
        if !seen.insert(document.id.as_str()) {
            return Err(ApiError::bad_request(format!(
                "document id {:?} appears twice in one request",
                document.id
            )));
        }
    }
    Ok(documents)
}

#[derive(Serialize)]
struct StoredDocumentAnswer {
    id: String,
    events: usize,
    link: String,
}

#[derive(Serialize)]
struct IngestAnswer {
    documents: usize,
    events: usize,
    documents_added: u64,
    documents_replaced: u64,
    events_removed: u64,
    dictionary_version: String,
    /// The first 100 documents stored, in request order.
    stored: Vec<StoredDocumentAnswer>,
}

/// `POST /api/ingest`: codes and stores one document (JSON) or many (JSON Lines).
pub async fn api_ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let coder = state.coder().cloned().ok_or_else(|| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "ingest is off: this server was started without dictionaries to code with",
        )
    })?;
    let format = body_format(&headers)?;
    let documents = documents_of(&body, format)?;
    let coding = Arc::clone(&coder);
    let batch = tokio::task::spawn_blocking(move || {
        documents
            .into_iter()
            .map(|document| {
                let events = coding.code(&document).map_err(|e| {
                    ApiError::bad_request(format!("document {:?}: {e}", document.id))
                })?;
                Ok((document, events))
            })
            .collect::<Result<Vec<(Document, Vec<Event>)>, ApiError>>()
    })
    .await
    .map_err(|_| ApiError::internal("coding the documents failed unexpectedly"))??;
    let fingerprint = coder.fingerprint();
    let listed: Vec<StoredDocumentAnswer> = batch
        .iter()
        .take(LISTED)
        .map(|(d, events)| StoredDocumentAnswer {
            id: d.id.clone(),
            events: events.len(),
            link: document_link(&d.id),
        })
        .collect();
    let (documents, events) = (
        batch.len(),
        batch.iter().map(|(_, e)| e.len()).sum::<usize>(),
    );
    let version = fingerprint.clone();
    let stats = state
        .with_store(move |store| Ok(store.ingest_batch(&batch, &version)?))
        .await?;
    state.refresh_generation().await?;
    let answer = IngestAnswer {
        documents,
        events,
        documents_added: stats.documents_added,
        documents_replaced: stats.documents_replaced,
        events_removed: stats.events_removed,
        dictionary_version: fingerprint,
        stored: listed,
    };
    let body = serde_json::to_string(&answer)
        .map_err(|e| ApiError::internal(format!("writing the answer as JSON: {e}")))?;
    let mut response = json_response(body);
    *response.status_mut() = StatusCode::CREATED;
    Ok(response)
}

/// `GET /ingest`.
pub async fn ingest_page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    let today = chrono::Utc::now().date_naive().to_string();
    let coder = state.coder().map(|c| c.description());
    let content = html! {
        h1 { "Ingest" }
        @match &coder {
            None => {
                p.note #ingest-off { "Ingest is off: this server was started without dictionaries to code with." }
            }
            Some(description) => {
                p.note { "Text is coded with " (description) " and stored at once; a document id that is already stored is replaced." }
                div.columns {
                    section {
                        h2 { "Paste an article" }
                        form.ingest #paste-form {
                            label.block { "Text" textarea #paste-text name="text" rows="12" required {} }
                            label { "Id " input #paste-id name="id" placeholder="generated from the text"; }
                            label { "Date " input #paste-date type="date" name="date" value=(today); }
                            label { "Source " input #paste-source name="source" placeholder="e.g. Reuters"; }
                            button type="submit" { "Code and store" }
                        }
                    }
                    section {
                        h2 { "Upload JSON Lines" }
                        p.note { "One document a line: " code { "{\"id\": …, \"date\": \"YYYY-MM-DD\", \"source\": …, \"text\": …}" } ". Up to " (MAX_DOCUMENTS) " documents or 16 MB a file." }
                        form.ingest #upload-form {
                            label.block { "File " input #upload-file type="file" accept=".jsonl,.ndjson,.json,application/x-ndjson" required; }
                            button type="submit" { "Code and store" }
                        }
                    }
                }
                p.status #ingest-status role="status" {}
                ul #ingest-result {}
            }
        }
    };
    Ok(html_response(page(&state, "Ingest", Nav::Ingest, content)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_are_read_with_their_metadata() {
        let doc = document_from_json(
            json!({"id": "a", "date": "2024-06-19", "text": "Hello.", "lang": "en"}),
            "line 1",
        )
        .unwrap();
        assert_eq!(doc.id, "a");
        assert_eq!(
            doc.date.map(|d| d.to_string()).as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(doc.metadata.get("lang"), Some(&json!("en")));
        let generated = document_from_json(json!({"text": "Same text."}), "x").unwrap();
        assert_eq!(generated.id, generated_id("Same text."));
        assert!(generated.id.starts_with("doc-"));
    }

    #[test]
    fn bad_documents_name_their_place() {
        let error = document_from_json(json!({"id": "a"}), "line 3").unwrap_err();
        assert!(error.message.starts_with("line 3:"), "{error}");
        assert!(document_from_json(json!({"text": "x", "date": "soon"}), "p").is_err());
        assert!(document_from_json(json!({"text": "x", "id": 5}), "p").is_err());
        assert!(document_from_json(json!({"text": "x", "id": " "}), "p").is_err());
        assert!(document_from_json(json!(["text"]), "p").is_err());
    }

    #[test]
    fn json_lines_bodies() {
        let body = b"{\"id\":\"a\",\"text\":\"One.\"}\n\n{\"id\":\"b\",\"text\":\"Two.\"}\n";
        let docs = documents_of(body, BodyFormat::JsonLines).unwrap();
        assert_eq!(docs.len(), 2);
        let error = documents_of(
            b"{\"id\":\"a\",\"text\":\"One.\"}\n{oops\n",
            BodyFormat::JsonLines,
        )
        .unwrap_err();
        assert!(error.message.starts_with("line 2:"), "{error}");
        let twice = b"{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"a\",\"text\":\"Two.\"}\n";
        assert!(documents_of(twice, BodyFormat::JsonLines).is_err());
        assert!(documents_of(b"\n\n", BodyFormat::JsonLines).is_err());
        assert!(documents_of(&[0xff, 0xfe], BodyFormat::Json).is_err());
    }
}
