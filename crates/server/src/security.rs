//! The guards in front of every route, and what every response carries.
//!
//! - [`guard`]: answers only to loopback host names when bound to loopback
//!   (DNS rebinding), checks the access token when one is set (an
//!   `Authorization: Bearer` header, or the `dyad_token` cookie that
//!   `?token=` sets once), and refuses write requests without the CSRF
//!   token, from another origin or another site.
//! - [`json_errors`]: turns every error response that is not already JSON
//!   (unknown route, wrong method, body too large, timeout) into the JSON
//!   error shape of [`crate::error::ApiError`].
//! - [`security_headers`]: a strict Content-Security-Policy (scripts and
//!   styles from this server only, nothing inline), no sniffing, no framing,
//!   no referrer.
//! - [`panic_response`]: a JSON 500 instead of a dropped connection when a
//!   handler panics; the panic's text is never sent.

use crate::error::json_error_response;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::any::Any;

/// The cookie that carries the access token after `?token=`.
pub const TOKEN_COOKIE: &str = "dyad_token";

/// The header write requests carry the CSRF token in.
pub const CSRF_HEADER: &str = "x-dyad-csrf";

/// Paths answered without the access token.
const OPEN_PATHS: &[&str] = &["/api/health"];

/// The Content-Security-Policy of every response.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

/// Compares two secrets in time that depends only on their lengths.
pub fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn header_text(headers: &HeaderMap, name: impl axum::http::header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The value of cookie `name` in the request's `Cookie` headers.
fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// How a request proved it may use the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// No token is configured.
    Open,
    /// An `Authorization: Bearer` header (never sent by a browser on its own).
    Header,
    /// The cookie (sent by the browser with every request, so writes need CSRF checks).
    Cookie,
}

/// Host, access-token and CSRF checks; see the module documentation.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if let Some(allowed) = state.allowed_hosts() {
        let host = header_text(headers, header::HOST)
            .unwrap_or("")
            .to_ascii_lowercase();
        if !allowed.contains(&host) {
            return json_error_response(
                StatusCode::MISDIRECTED_REQUEST,
                &format!(
                    "this server answers only to loopback host names such as {}, not {host:?}",
                    allowed.first().map_or("localhost", String::as_str)
                ),
            );
        }
    }

    let access = match state.access_token() {
        None => Access::Open,
        Some(_) if OPEN_PATHS.contains(&request.uri().path()) => Access::Open,
        Some(token) => {
            let bearer = header_text(headers, header::AUTHORIZATION)
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim);
            if bearer.is_some_and(|b| same_secret(b, token)) {
                Access::Header
            } else if cookie(headers, TOKEN_COOKIE).is_some_and(|c| same_secret(c, token)) {
                Access::Cookie
            } else if request.method() == Method::GET
                && let Some(response) = exchange_query_token(&request, token)
            {
                return response;
            } else {
                let mut response = json_error_response(
                    StatusCode::UNAUTHORIZED,
                    "this server needs its access token: open it once with ?token=TOKEN in the \
                     address, or send the header Authorization: Bearer TOKEN",
                );
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"dyad\""),
                );
                return response;
            }
        }
    };

    let writes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if writes
        && access != Access::Header
        && let Err(problem) = check_csrf(headers, state.csrf_token())
    {
        return json_error_response(StatusCode::FORBIDDEN, &problem);
    }
    next.run(request).await
}

/// For `GET ...?token=T` with the right token: a redirect to the same address
/// without the token that sets the token cookie. `None` when the query has no
/// right token.
fn exchange_query_token(request: &Request, token: &str) -> Option<Response> {
    let query = request.uri().query()?;
    let mut given = None;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name == "token" {
            given = Some(value.into_owned());
        } else {
            rest.append_pair(&name, &value);
        }
    }
    if !same_secret(&given?, token) {
        return None;
    }
    let rest = rest.finish();
    // "//host/..." (or "/\\host") would send the browser to another host.
    let path = request.uri().path();
    let path = if path.starts_with("//") || path.starts_with("/\\") {
        "/"
    } else {
        path
    };
    let location = if rest.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{rest}")
    };
    let cookie = format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_str(&location).ok()?);
    headers.insert(header::SET_COOKIE, HeaderValue::from_str(&cookie).ok()?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(response)
}

/// A write request must name this server as its origin (when the browser says
/// where it comes from) and carry the CSRF token the pages embed.
fn check_csrf(headers: &HeaderMap, csrf_token: &str) -> Result<(), String> {
    if let Some(site) = header_text(headers, "sec-fetch-site")
        && !matches!(site, "same-origin" | "none")
    {
        return Err(format!(
            "write requests must come from this server's own pages (Sec-Fetch-Site: {site})"
        ));
    }
    if let Some(origin) = header_text(headers, header::ORIGIN) {
        let host = header_text(headers, header::HOST).unwrap_or("");
        let origin_host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        if host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
            return Err(format!(
                "write requests must come from this server's own pages (Origin {origin:?})"
            ));
        }
    }
    let given = header_text(headers, CSRF_HEADER).unwrap_or("");
    if !same_secret(given, csrf_token) {
        return Err(format!(
            "missing or wrong CSRF token: send the {CSRF_HEADER} header with the token from \
             the page's <meta name=\"dyad-csrf\"> or from GET /api/session"
        ));
    }
    Ok(())
}

/// Every error response as JSON; see the module documentation.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return response;
    }
    let message = match status {
        StatusCode::NOT_FOUND => format!("no page or endpoint at {path}"),
        StatusCode::METHOD_NOT_ALLOWED => format!("{path} does not accept this method"),
        StatusCode::PAYLOAD_TOO_LARGE => {
            "the request body is larger than this endpoint accepts".to_string()
        }
        StatusCode::REQUEST_TIMEOUT => "the request took too long and was stopped".to_string(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "unsupported Content-Type for this endpoint".to_string()
        }
        other => other
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_string(),
    };
    let mut json = json_error_response(status, &message);
    for name in [header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(value) = response.headers().get(&name) {
            json.headers_mut().insert(name, value.clone());
        }
    }
    json
}

/// Adds the security headers every response carries.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed: [(HeaderName, &'static str); 6] = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ];
    for (name, value) in fixed {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// The response to a panicking handler: a JSON 500 without the panic's text.
pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    json_error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the server failed while answering this request",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("", "abc"));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; dyad_token=xyz"),
        );
        headers.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&headers, "dyad_token"), Some("xyz"));
        assert_eq!(cookie(&headers, "b"), Some("2"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn csrf_needs_the_token_and_a_matching_origin() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(check_csrf(&headers, "t0k").is_err());
        headers.insert(CSRF_HEADER, HeaderValue::from_static("t0k"));
        assert!(check_csrf(&headers, "t0k").is_ok());
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(check_csrf(&headers, "t0k").is_ok());
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(check_csrf(&headers, "t0k").is_err());
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(check_csrf(&headers, "t0k").is_err());
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(check_csrf(&headers, "wrong").is_err());
    }
}
