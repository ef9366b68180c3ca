//! The page shell every workbench page shares (head, navigation, the CSRF
//! meta tag), the embedded static assets, and small helpers for links and
//! numbers. Pages are built with maud, which escapes every value it inserts,
//! so untrusted text (articles, actor codes, board items) renders as text.

use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use std::sync::OnceLock;

/// The workbench's script, embedded at build time.
pub const APP_JS: &str = include_str!("../assets/app.js");
/// The workbench's stylesheet, embedded at build time.
pub const APP_CSS: &str = include_str!("../assets/app.css");

/// Colours of the four quad classes, in `QuadClass::ALL` order.
pub const QUAD_COLOURS: [&str; 4] = ["#2e86c1", "#27ae60", "#e67e22", "#c0392b"];

/// Short names of the four quad classes, in `QuadClass::ALL` order.
pub const QUAD_NAMES: [&str; 4] = [
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
];

/// The sections of the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Documents,
    Dyad,
    Network,
    Spikes,
    Ach,
    Ingest,
}

const NAV_ITEMS: [(Nav, &str, &str); 7] = [
    (Nav::Overview, "/", "Overview"),
    (Nav::Documents, "/documents", "Documents"),
    (Nav::Dyad, "/dyad", "Dyads"),
    (Nav::Network, "/network", "Network"),
    (Nav::Spikes, "/spikes", "Spikes"),
    (Nav::Ach, "/ach", "ACH"),
    (Nav::Ingest, "/ingest", "Ingest"),
];

/// A whole HTML page.
pub fn page(state: &AppState, title: &str, active: Nav, content: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="dyad-csrf" content=(state.csrf_token());
                title { "dyad · " (title) }
                link rel="icon" href="data:,";
                link rel="stylesheet" href={ "/static/app.css?v=" (css_tag()) };
                script src={ "/static/app.js?v=" (js_tag()) } defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "dyad" }
                    nav {
                        @for (item, href, label) in NAV_ITEMS {
                            @if item == active {
                                a.active href=(href) aria-current="page" { (label) }
                            } @else {
                                a href=(href) { (label) }
                            }
                        }
                    }
                }
                main { (content) }
            }
        }
    }
    .into_string()
}

/// An HTML response.
pub fn html_response(body: impl Into<Bytes>) -> Response {
    let mut response = Response::new(Body::from(body.into()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A JSON response from already serialized text.
pub fn json_response(body: impl Into<Bytes>) -> Response {
    let mut response = Response::new(Body::from(body.into()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// FNV-1a of `content` in hex: the assets' cache-busting tag and ETag.
fn content_tag(content: &str) -> String {
    let hash = content.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}

fn js_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| content_tag(APP_JS))
}

fn css_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| content_tag(APP_CSS))
}

/// `GET /static/{name}`: the embedded script and stylesheet, revalidated by ETag.
pub fn static_asset(name: &str, request_headers: &HeaderMap) -> Response {
    let (content, tag, content_type) = match name {
        "app.js" => (APP_JS, js_tag(), "text/javascript; charset=utf-8"),
        "app.css" => (APP_CSS, css_tag(), "text/css; charset=utf-8"),
        _ => {
            return crate::error::ApiError::not_found(format!("no static file {name:?}"))
                .into_response();
        }
    };
    let etag = format!("\"{tag}\"");
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag);
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        content.into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    response
}

/// Percent-encodes one path segment (everything but unreserved characters).
pub fn path_segment(text: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(text, SEGMENT).to_string()
}

/// `path?name=value&...` with the values encoded; empty values are left out.
pub fn link(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(name, value);
        any = true;
    }
    if any {
        format!("{path}?{}", query.finish())
    } else {
        path.to_string()
    }
}

/// The document page of `doc_id`.
pub fn document_link(doc_id: &str) -> String {
    format!("/documents/{}", path_segment(doc_id))
}

/// A whole number with thousands separators.
pub fn count(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A Goldstein value with its sign, or a dash.
pub fn goldstein(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{v:+.1}"),
        _ => "–".to_string(),
    }
}

/// Only http and https addresses become links (a `javascript:` URL in a
/// document's metadata must not).
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url)
}

/// A small note under a heading.
pub fn note(text: &str) -> Markup {
    html! { p.note { (text) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_encoded() {
        assert_eq!(path_segment("a/b c<d>"), "a%2Fb%20c%3Cd%3E");
        assert_eq!(path_segment("wire-2026.11_x~"), "wire-2026.11_x~");
        assert_eq!(
            link("/dyad", &[("a", "PRK"), ("b", ""), ("q", "x&y=z")]),
            "/dyad?a=PRK&q=x%26y%3Dz"
        );
        assert_eq!(link("/dyad", &[("a", "")]), "/dyad");
    }

    #[test]
    fn numbers_and_urls() {
        assert_eq!(count(1234567i64), "1,234,567");
        assert_eq!(count(-1000i64), "-1,000");
        assert_eq!(count(12i64), "12");
        assert_eq!(goldstein(Some(3.0)), "+3.0");
        assert_eq!(goldstein(Some(-10.0)), "-10.0");
        assert_eq!(goldstein(None), "–");
        assert_eq!(safe_url("https://x.example/a"), Some("https://x.example/a"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JAVASCRIPT:alert(1)"), None);
    }
}
