//! dyad's HTTP API and browser workbench (`dyad serve`): an axum application
//! over one dyad store.
//!
//! Pages (HTML, rendered on the server with maud; charts are inline SVG; one
//! small script, embedded in the binary, handles rating edits, highlights and
//! uploads): the overview ([`overview`]), documents with highlighted
//! provenance ([`documents`], [`highlight`]), the dyad explorer ([`dyad`]),
//! the network ([`network`]), spikes ([`spikes`]), ACH boards ([`ach`]) and
//! ingest ([`ingest`]). Every page has a JSON endpoint under `/api/`,
//! described in `docs/openapi.yaml` (also served at `/api/openapi.yaml`).
//!
//! [`app`] builds the router for a prepared [`AppState`]; [`Server`] checks a
//! [`ServeConfig`], binds and runs; [`serve`] does both until Ctrl-C. Security
//! (loopback by default, access tokens, CSRF, body limits, JSON errors) is in
//! [`security`] and described in `docs/workbench.md`.

pub mod ach;
pub mod cache;
pub mod config;
pub mod documents;
pub mod dyad;
pub mod error;
pub mod events;
pub mod highlight;
pub mod ingest;
pub mod layout;
pub mod network;
pub mod overview;
pub mod params;
pub mod pool;
pub mod security;
pub mod spikes;
pub mod state;
pub mod svg;

pub use config::{DEFAULT_ADDR, ServeConfig};
pub use error::{ApiError, ServerError};
pub use ingest::DocumentCoder;
pub use state::AppState;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use params::Params;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// The largest request body outside ingest (boards, rating changes).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Requests taking longer are answered 408 and dropped.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The OpenAPI description of the JSON API, embedded at build time.
pub const OPENAPI_YAML: &str = include_str!("../../../docs/openapi.yaml");

/// The workbench's router with every route, guard and limit.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(overview::overview_page))
        .route("/documents", get(documents::documents_page))
        .route("/documents/{id}", get(documents::document_page))
        .route("/dyad", get(dyad::dyad_page))
        .route("/network", get(network::network_page))
        .route("/spikes", get(spikes::spikes_page))
        .route("/ach", get(ach::boards_page))
        .route("/ach/{id}", get(ach::board_page))
        .route("/ingest", get(ingest::ingest_page))
        .route("/static/{name}", get(static_file))
        .route("/api/health", get(health))
        .route("/api/session", get(session))
        .route("/api/openapi.yaml", get(openapi))
        .route("/api/overview", get(overview::api_overview))
        .route("/api/documents", get(documents::api_documents))
        .route("/api/documents/{id}", get(documents::api_document))
        .route("/api/events", get(events::api_events))
        .route("/api/dyad", get(dyad::api_dyad))
        .route("/api/network", get(network::api_network))
        .route("/api/spikes", get(spikes::api_spikes))
        .route("/api/boards", get(ach::api_boards))
        .route(
            "/api/boards/{id}",
            get(ach::api_board).put(ach::api_save_board),
        )
        .route("/api/boards/{id}/ratings", put(ach::api_set_rating))
        .route(
            "/api/ingest",
            post(ingest::api_ingest).layer(DefaultBodyLimit::max(ingest::MAX_INGEST_BYTES)),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(RequestBodyLimitLayer::new(ingest::MAX_INGEST_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(middleware::from_fn(security::security_headers))
        .layer(middleware::from_fn(security::json_errors))
        .layer(CatchPanicLayer::custom(security::panic_response))
        .with_state(state)
}

async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

/// `GET /api/health`: answered without the access token; checks the store.
async fn health(State(state): State<AppState>) -> Result<Response, ApiError> {
    state.with_store(|store| Ok(store.data_version()?)).await?;
    Ok(layout::json_response(
        serde_json::json!({
            "status": "ok",
            "version": env!("CARGO_PKG_VERSION"),
        })
        .to_string(),
    ))
}

/// `GET /api/session`: the CSRF token programs send with write requests.
async fn session(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), &[])?;
    Ok(layout::json_response(
        serde_json::json!({
            "csrf_token": state.csrf_token(),
            "csrf_header": security::CSRF_HEADER,
        })
        .to_string(),
    ))
}

/// `GET /api/openapi.yaml`.
async fn openapi() -> Response {
    let mut response = OPENAPI_YAML.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/yaml; charset=utf-8"),
    );
    response
}

async fn static_file(Path(name): Path<String>, headers: HeaderMap) -> Response {
    layout::static_asset(&name, &headers)
}

/// A bound, not yet running server.
pub struct Server {
    listener: tokio::net::TcpListener,
    state: AppState,
    local_addr: SocketAddr,
}

impl Server {
    /// Checks `config` (loopback or a token), opens the store and binds the address.
    pub async fn bind(config: ServeConfig) -> Result<Server, ServerError> {
        config.check()?;
        let state = AppState::open(&config)?;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|source| ServerError::Bind {
                addr: config.addr,
                source,
            })?;
        let local_addr = listener.local_addr().map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
        state.answer_only_loopback_hosts(local_addr);
        Ok(Server {
            listener,
            state,
            local_addr,
        })
    }

    /// The address actually bound (with the port chosen for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then finishes open requests.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        let watcher = self.state.spawn_change_watcher();
        // The overview reads the whole aggregate: start it before the first visitor.
        let warm = self.state.clone();
        tokio::spawn(async move {
            let _ = overview::overview(&warm).await;
        });
        let served = axum::serve(self.listener, app(self.state))
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(ServerError::Serve);
        watcher.abort();
        served
    }
}

/// Binds `config` and serves until Ctrl-C.
pub async fn serve(config: ServeConfig) -> Result<(), ServerError> {
    let server = Server::bind(config).await?;
    server
        .run(async {
            // Without a signal handler the process still ends on Ctrl-C.
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
