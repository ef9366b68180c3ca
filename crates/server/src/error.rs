//! The server's two error types: [`ServerError`] for starting up (address,
//! token, store, socket) and [`ApiError`], the JSON answer of every failed
//! request: `{"status": 404, "error": "Not Found", "message": "..."}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dyad_store::StoreError;
use std::net::SocketAddr;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(
        "--addr {addr} is not a loopback address: serving on other addresses requires --token \
         (anyone who can reach the address could otherwise read and change the store)"
    )]
    TokenRequired { addr: SocketAddr },
    #[error(
        "--token: {problem} (use at least {min} characters of letters, digits and . _ ~ + / = -)",
        min = crate::config::MIN_TOKEN_CHARS
    )]
    BadToken { problem: &'static str },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("serving: {0}")]
    Serve(#[source] std::io::Error),
    #[error("creating the CSRF token: {0}")]
    Random(String),
}

/// A failed request: a status and a message for the person or program that sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The JSON body of this error.
    pub fn body(&self) -> String {
        json_error_body(self.status, &self.message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.status.as_u16(), self.message)
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        ApiError::internal(format!("store: {error}"))
    }
}

/// `{"status": N, "error": "Reason", "message": "..."}`.
pub fn json_error_body(status: StatusCode, message: &str) -> String {
    serde_json::json!({
        "status": status.as_u16(),
        "error": status.canonical_reason().unwrap_or("Error"),
        "message": message,
    })
    .to_string()
}

/// A JSON error response.
pub fn json_error_response(status: StatusCode, message: &str) -> Response {
    let mut response = (status, json_error_body(status, message)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_error_response(self.status, &self.message)
    }
}
