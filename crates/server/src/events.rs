//! Events as the workbench shows them: `GET /api/events` (stored events
//! through the store's event filter), the JSON shape of one event with its
//! provenance and CAMEO facts, and the HTML of an event's details and of its
//! sentence with the source, target and verb highlighted.

use crate::error::ApiError;
use crate::highlight::{Role, event_marks, segments};
use crate::layout::{QUAD_NAMES, document_link, goldstein, json_response};
use crate::params::Params;
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use dyad_model::{Event, cameo};
use dyad_store::{EventFilter, Mentions, Store, StoredEvent, View};
use maud::{Markup, html};
use serde::Serialize;

/// Events one request returns unless it asks for fewer or more.
pub const DEFAULT_EVENT_LIMIT: u64 = 100;
/// Events one request returns at most.
pub const MAX_EVENT_LIMIT: u64 = 1000;

/// One event as the API writes it: the stored event with its id, CAMEO
/// facts, mention counts and document fields.
#[derive(Debug, Serialize)]
pub struct EventJson<'e> {
    pub id: i64,
    #[serde(flatten)]
    pub event: &'e Event,
    /// The CAMEO codebook's name of the code (or its nearest parent's).
    pub code_name: Option<&'static str>,
    pub quad_name: Option<&'static str>,
    pub mentions: Mentions,
    pub document_source: Option<&'e str>,
    pub document_url: Option<&'e str>,
    pub dictionary_version: Option<&'e str>,
    /// The document page, at this event.
    pub link: String,
}

impl<'e> EventJson<'e> {
    pub fn of(stored: &'e StoredEvent) -> EventJson<'e> {
        EventJson {
            id: stored.id,
            event: &stored.event,
            code_name: code_name(&stored.event.code),
            quad_name: stored
                .event
                .quad_class
                .map(|q| QUAD_NAMES[usize::from(q.number() - 1)]),
            mentions: stored.mentions,
            document_source: stored.document.source.as_deref(),
            document_url: stored.document.url.as_deref(),
            dictionary_version: stored.dictionary_version.as_deref(),
            link: event_link(stored),
        }
    }
}

/// The codebook name of `code` or of its nearest parent.
pub fn code_name(code: &str) -> Option<&'static str> {
    cameo().get_or_parent(code).map(|c| c.name)
}

/// The document page of an event, scrolled to it.
pub fn event_link(stored: &StoredEvent) -> String {
    format!(
        "{}#event-{}",
        document_link(&stored.event.doc_id),
        stored.id
    )
}

/// Reads at most `limit` events; the flag says whether more matched.
pub fn read_events(
    store: &Store,
    filter: &EventFilter,
    view: View,
    limit: u64,
) -> Result<(Vec<StoredEvent>, bool), ApiError> {
    let mut filter = filter.clone();
    filter.limit = Some(limit.saturating_add(1));
    let mut events = Vec::new();
    store.for_each_event(&filter, view, |event| -> Result<(), ApiError> {
        events.push(event);
        Ok(())
    })?;
    let more = events.len() as u64 > limit;
    events.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok((events, more))
}

/// `raw` (every stored event) or `dedupe` (each reported event once).
pub fn view_param(params: &Params) -> Result<View, ApiError> {
    Ok(match params.choice("view", &["raw", "dedupe"], "raw")? {
        "dedupe" => View::Dedupe,
        _ => View::Raw,
    })
}

pub fn view_name(view: View) -> &'static str {
    match view {
        View::Raw => "raw",
        View::Dedupe => "dedupe",
    }
}

const EVENT_PARAMS: &[&str] = &[
    "source", "target", "both", "code", "root", "quad", "from", "to", "text", "doc", "limit",
    "view",
];

/// The event filter of an `/api/events` query.
pub fn event_filter(params: &Params) -> Result<EventFilter, ApiError> {
    let (from, to) = params.date_range()?;
    let roots = params
        .all("root")
        .into_iter()
        .map(|root| {
            if root.len() == 2 && root.bytes().all(|b| b.is_ascii_digit()) {
                Ok(root.to_string())
            } else {
                Err(ApiError::bad_request(format!(
                    "parameter \"root\": {root:?} is not a CAMEO root (two digits, 01 to 20)"
                )))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let words = params
        .one("text")?
        .unwrap_or("")
        .split_whitespace()
        .map(String::from)
        .collect();
    Ok(EventFilter {
        sources: params.actors("source")?,
        targets: params.actors("target")?,
        both_directions: params.flag("both")?,
        codes: params.codes("code")?,
        roots,
        quads: params.quads("quad")?,
        from,
        to,
        words,
        doc_ids: params.all("doc").into_iter().map(String::from).collect(),
        limit: None,
    })
}

#[derive(Serialize)]
struct EventsAnswer<'e> {
    count: usize,
    limit: u64,
    /// True when more events matched than `limit`.
    truncated: bool,
    view: &'static str,
    events: Vec<EventJson<'e>>,
}

/// `GET /api/events`: stored events through a filter.
pub async fn api_events(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), EVENT_PARAMS)?;
    let filter = event_filter(&params)?;
    let view = view_param(&params)?;
    let limit = params
        .number("limit", 1, MAX_EVENT_LIMIT)?
        .unwrap_or(DEFAULT_EVENT_LIMIT);
    let (events, truncated) = state
        .with_store(move |store| read_events(store, &filter, view, limit))
        .await?;
    let answer = EventsAnswer {
        count: events.len(),
        limit,
        truncated,
        view: view_name(view),
        events: events.iter().map(EventJson::of).collect(),
    };
    let body = serde_json::to_string(&answer)
        .map_err(|e| ApiError::internal(format!("writing events as JSON: {e}")))?;
    Ok(json_response(body))
}

/// The event's sentence with its source, target and verb marked.
pub fn highlighted_sentence(event: &Event) -> Markup {
    let marks: Vec<_> = event_marks(event, 0, 0)
        .into_iter()
        .filter(|m| m.role != Role::Sentence)
        .collect();
    let pieces = segments(&event.sentence, &marks);
    html! {
        span.sentence {
            @for piece in &pieces {
                @if piece.roles.is_empty() {
                    (piece.text)
                } @else {
                    span class={ "hl " (role_classes(&piece.roles)) } { (piece.text) }
                }
            }
        }
    }
}

/// The CSS classes of a set of roles.
pub fn role_classes(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.class())
        .collect::<Vec<_>>()
        .join(" ")
}

/// "PRKMIL → UKR · 190 Use conventional military force".
pub fn event_headline(event: &Event) -> String {
    format!(
        "{} → {} · {} {}",
        event.source,
        event.target,
        event.code,
        code_name(&event.code).unwrap_or("(not a CAMEO code)")
    )
}

/// The facts of one event: code, name, quad class, Goldstein, PLOVER type,
/// the words and the dictionary rule that fired.
pub fn event_details(stored: &StoredEvent) -> Markup {
    let event = &stored.event;
    html! {
        dl.facts {
            dt { "Code" } dd { code { (event.code) } " " (code_name(&event.code).unwrap_or("(not a CAMEO code)")) }
            dt { "Quad class" }
            dd { (event.quad_class.map_or("–", |q| QUAD_NAMES[usize::from(q.number() - 1)])) }
            dt { "Goldstein" } dd { (goldstein(event.goldstein)) }
            dt { "PLOVER" } dd { (event.plover.as_deref().unwrap_or("–")) }
            dt { "Source" } dd { code { (event.source) } " “" (event.source_text) "”" }
            dt { "Target" } dd { code { (event.target) } " “" (event.target_text) "”" }
            dt { "Verb" } dd { "“" (event.verb_text) "”" }
            dt { "Rule" }
            dd {
                code { (event.rule.file) ":" (event.rule.line) }
                @if !event.rule.text.is_empty() { br; code.rule { (event.rule.text) } }
            }
            dt { "Date" } dd { (event.date.map_or("undated".to_string(), |d| d.to_string())) }
            @if !event.issues.is_empty() {
                dt { "Issues" } dd { (event.issues.join(", ")) }
            }
            @if let Some(version) = &stored.dictionary_version {
                dt { "Dictionaries" } dd { code { (version) } }
            }
            dt { "Event id" } dd { (stored.id) }
        }
    }
}

/// A list of events with their highlighted sentences, each linking to its document.
pub fn event_list(events: &[StoredEvent]) -> Markup {
    html! {
        ol.event-list {
            @for stored in events {
                li.event-row data-event-id=(stored.id) {
                    div.event-head {
                        span.headline { (event_headline(&stored.event)) }
                        " "
                        span.muted {
                            (stored.event.date.map_or("undated".to_string(), |d| d.to_string()))
                            " · Goldstein " (goldstein(stored.event.goldstein))
                        }
                    }
                    div { (highlighted_sentence(&stored.event)) }
                    div.event-links {
                        a.sentence-link href=(event_link(stored)) { "Read in " (stored.event.doc_id) " →" }
                    }
                }
            }
        }
    }
}
