//! API tests of `dyad serve` through the router (no socket): every page and
//! endpoint answers, the issue's checks (`/api/health`, `/api/events`,
//! `/api/dyad`, `/documents/{id}`), escaping of hostile article text, JSON
//! errors for every failure, CSRF, access tokens, loopback host names, body
//! limits, ingest with a coder, and caches that follow the store.

mod fixture;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use dyad_model::{Document, Event, RuleRef, Span};
use dyad_server::{AppState, DocumentCoder, ServeConfig, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;

struct Harness {
    _dir: tempfile::TempDir,
    state: AppState,
    router: Router,
}

fn harness_with(configure: impl FnOnce(&mut ServeConfig)) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    fixture::write_demo_store(&db).unwrap();
    let mut config = ServeConfig::new(&db);
    config.connections = 2;
    configure(&mut config);
    let state = AppState::open(&config).unwrap();
    Harness {
        _dir: dir,
        router: app(state.clone()),
        state,
    }
}

fn harness() -> Harness {
    harness_with(|_| {})
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Every error is JSON with its status.
    fn assert_json_error(&self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(
            self.content_type().starts_with("application/json"),
            "{:?}: {}",
            self.content_type(),
            self.body
        );
        let json = self.json();
        assert_eq!(json["status"], status.as_u16());
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
        json
    }
}

async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(router: &Router, uri: &str) -> Answer {
    call(
        router,
        Request::get(uri)
            .header(header::HOST, "127.0.0.1:8080")
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

fn write_request(
    method: Method,
    uri: &str,
    csrf: Option<&str>,
    content_type: &str,
    body: String,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, content_type);
    if let Some(token) = csrf {
        builder = builder.header("x-dyad-csrf", token);
    }
    builder.body(Body::from(body)).unwrap()
}

#[tokio::test]
async fn health_answers_ok() {
    let h = harness();
    let answer = get(&h.router, "/api/health").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["status"], "ok");
}

#[tokio::test]
async fn events_of_a_dyad_carry_their_provenance() {
    let h = harness();
    let answer = get(&h.router, "/api/events?source=PRK&target=RUS").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let json = answer.json();
    let events = json["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert_eq!(json["count"].as_u64().unwrap() as usize, events.len());
    for event in events {
        assert!(event["source"].as_str().unwrap().starts_with("PRK"));
        assert!(event["target"].as_str().unwrap().starts_with("RUS"));
        let sentence = event["sentence"].as_str().unwrap();
        let span = &event["source_span"];
        let (start, end) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &sentence[start..end],
            event["source_text"].as_str().unwrap()
        );
        assert!(event["code_name"].as_str().is_some());
        assert!(event["rule"]["file"].as_str().is_some());
        assert!(event["link"].as_str().unwrap().starts_with("/documents/"));
    }
    // Both directions, a limit, and the truncation flag.
    let few = get(
        &h.router,
        "/api/events?source=PRK&target=RUS&both=1&limit=5",
    )
    .await
    .json();
    assert_eq!(few["events"].as_array().unwrap().len(), 5);
    assert_eq!(few["truncated"], true);
    let both = get(
        &h.router,
        "/api/events?source=PRK&target=RUS&both=1&limit=1000",
    )
    .await
    .json();
    let sources: std::collections::HashSet<&str> = both["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["source"].as_str().unwrap()[..3])
        .collect();
    assert_eq!(sources, ["PRK", "RUS"].into_iter().collect());
    // Filters by quad class and date.
    let conflict = get(
        &h.router,
        "/api/events?source=PRKMIL&target=UKR&quad=4&from=2024-06-24&limit=1000",
    )
    .await
    .json();
    assert_eq!(conflict["count"], 28, "the planted week of attacks");
    for event in conflict["events"].as_array().unwrap() {
        assert_eq!(event["quad_class"], 4);
    }
}

#[tokio::test]
async fn events_reject_bad_parameters_with_json() {
    let h = harness();
    for uri in [
        "/api/events?source=PRK&colour=red",
        "/api/events?limit=0",
        "/api/events?limit=100000",
        "/api/events?quad=5",
        "/api/events?from=yesterday",
        "/api/events?from=2024-06-02&to=2024-06-01",
        "/api/events?root=1x",
        "/api/events?view=fancy",
        "/api/events?both=maybe",
    ] {
        get(&h.router, uri)
            .await
            .assert_json_error(StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn dyad_series_by_month_in_both_directions() {
    let h = harness();
    let answer = get(&h.router, "/api/dyad?a=PRK&b=RUS&by=month").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["a"], "PRK");
    assert_eq!(json["by"], "month");
    let points = json["points"].as_array().unwrap();
    assert_eq!(points.len(), 6, "January to June 2024");
    assert_eq!(points[0]["period"], "2024-01-01");
    assert_eq!(points[0]["end"], "2024-01-31");
    let sum = |field: &str| -> i64 {
        points
            .iter()
            .map(|p| p[field]["events"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(
        sum("a_to_b"),
        json["totals"]["a_to_b"]["events"].as_i64().unwrap()
    );
    assert!(sum("a_to_b") > 0 && sum("b_to_a") > 0);
    assert_eq!(sum("total"), sum("a_to_b") + sum("b_to_a"));
    // The same counts as the events API.
    let events = get(&h.router, "/api/events?source=PRK&target=RUS&limit=1000")
        .await
        .json();
    assert_eq!(events["count"].as_i64().unwrap(), sum("a_to_b"));
    for point in points {
        let t = &point["total"];
        let quads: i64 = [
            "verbal_cooperation",
            "material_cooperation",
            "verbal_conflict",
            "material_conflict",
        ]
        .iter()
        .map(|q| t[q].as_i64().unwrap())
        .sum();
        assert_eq!(quads, t["events"].as_i64().unwrap());
        if t["events"].as_i64().unwrap() > 0 {
            let mean = t["goldstein_mean"].as_f64().unwrap();
            assert!((-10.0..=10.0).contains(&mean));
        }
    }
    // Named the other way round, the directions swap; other periods sum alike.
    let swapped = get(&h.router, "/api/dyad?a=RUS&b=PRK&by=month")
        .await
        .json();
    assert_eq!(swapped["totals"]["a_to_b"], json["totals"]["b_to_a"]);
    assert_eq!(swapped["totals"]["b_to_a"], json["totals"]["a_to_b"]);
    assert_eq!(swapped["points"][2]["b_to_a"], json["points"][2]["a_to_b"]);
    for by in ["day", "week"] {
        let other = get(&h.router, &format!("/api/dyad?a=PRK&b=RUS&by={by}"))
            .await
            .json();
        assert_eq!(other["totals"], json["totals"], "{by}");
    }
    // Lower-case actors are codes too; a dyad without events has no points.
    let lower = get(&h.router, "/api/dyad?a=prk&b=rus&by=month")
        .await
        .json();
    assert_eq!(lower["totals"], json["totals"]);
    let empty = get(&h.router, "/api/dyad?a=JPN&b=CHN").await.json();
    assert_eq!(empty["points"].as_array().unwrap().len(), 0);
    // Weeks and a range.
    let weeks = get(
        &h.router,
        "/api/dyad?a=PRK&b=UKR&by=week&from=2024-06-01&to=2024-06-30",
    )
    .await
    .json();
    let weekly = weeks["points"].as_array().unwrap();
    assert_eq!(weekly[0]["period"], "2024-05-27", "weeks start on Monday");
    assert_eq!(weeks["totals"]["a_to_b"]["events"], 28);
}

#[tokio::test]
async fn dyad_errors_are_json() {
    let h = harness();
    for uri in [
        "/api/dyad?a=PRK",
        "/api/dyad",
        "/api/dyad?a=PRK&b=RUS&by=year",
        "/api/dyad?a=PRK&b=RUS&from=1000-01-01&to=2024-01-01&by=day",
        "/api/dyad?a=PRK%20X&b=RUS",
        "/api/dyad?a=PRK&b=RUS&b=USA",
    ] {
        get(&h.router, uri)
            .await
            .assert_json_error(StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn document_page_highlights_events_and_escapes_html() {
    let h = harness();
    let listing = get(&h.router, "/api/documents?limit=500").await.json();
    let doc = listing["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"].as_str().unwrap().ends_with("-front"))
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = get(&h.router, &format!("/documents/{doc}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.body.contains("class=\"hl sent src\""), "source spans");
    assert!(page.body.contains("class=\"hl sent verb\""), "verb spans");
    assert!(page.body.contains("class=\"hl sent tgt\""), "target spans");
    assert!(page.body.contains(">North Korean troops</span>"));
    assert_eq!(page.body.matches("<details class=\"event\"").count(), 4);
    let attack = dyad_model::cameo().get("190").unwrap().name;
    assert!(page.body.contains(attack), "the code's name");
    assert!(page.body.contains("demo.verbs.txt:"), "the rule that fired");

    let hostile = get(&h.router, &format!("/documents/{}", fixture::HOSTILE_DOC)).await;
    assert_eq!(hostile.status, StatusCode::OK);
    assert!(
        hostile
            .body
            .contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"),
        "{}",
        hostile.body
    );
    assert!(
        hostile
            .body
            .contains("&lt;b&gt;bold&lt;/b&gt; &amp; &lt;img")
    );
    assert!(!hostile.body.contains("<script>alert"));
    assert!(!hostile.body.contains("<img"));
    assert!(!hostile.body.contains("</article></main>"));
    // Exactly one script element: the page's own.
    assert_eq!(hostile.body.matches("<script").count(), 1);
    let csp = hostile
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    // Its event is still highlighted.
    assert!(hostile.body.contains("class=\"hl sent src\""));

    let accents = get(&h.router, "/documents/demo-accents").await;
    assert!(accents.body.contains("Zürich, Genève"));
    assert!(accents.body.contains(">Washington</span>"));

    // The JSON of a document.
    let json = get(
        &h.router,
        &format!("/api/documents/{}", fixture::HOSTILE_DOC),
    )
    .await
    .json();
    assert!(
        json["document"]["text"]
            .as_str()
            .unwrap()
            .contains(fixture::HOSTILE_TEXT)
    );
    assert_eq!(json["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn documents_list_and_search() {
    let h = harness();
    let page = get(&h.router, "/documents").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"document-list\""));
    assert!(page.body.contains("id=\"older\""), "more than one page");
    let search = get(&h.router, "/api/documents?q=leaked+memo").await.json();
    let ids: Vec<&str> = search["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [fixture::HOSTILE_DOC]);
    assert_eq!(search["next_before"], Value::Null);
    let page = get(&h.router, "/documents?q=%3Cscript%3E").await;
    assert!(page.body.contains("value=\"&lt;script&gt;\""));
    assert!(page.body.contains(fixture::HOSTILE_DOC));
    // Paging continues where the last page ended.
    let first = get(&h.router, "/api/documents?limit=3").await.json();
    let before = first["next_before"].as_i64().unwrap();
    let next = get(
        &h.router,
        &format!("/api/documents?limit=3&before={before}"),
    )
    .await
    .json();
    assert!(next["documents"][0]["row"].as_i64().unwrap() < before);
}

#[tokio::test]
async fn missing_things_and_wrong_methods_are_json_errors() {
    let h = harness();
    get(&h.router, "/documents/no-such-doc")
        .await
        .assert_json_error(StatusCode::NOT_FOUND);
    get(&h.router, "/api/documents/no-such-doc")
        .await
        .assert_json_error(StatusCode::NOT_FOUND);
    get(&h.router, "/no/such/page")
        .await
        .assert_json_error(StatusCode::NOT_FOUND);
    get(&h.router, "/ach/nope")
        .await
        .assert_json_error(StatusCode::NOT_FOUND);
    get(&h.router, "/ach/bad%20id")
        .await
        .assert_json_error(StatusCode::BAD_REQUEST);
    get(&h.router, "/static/secret.txt")
        .await
        .assert_json_error(StatusCode::NOT_FOUND);
    let answer = call(
        &h.router,
        write_request(
            Method::DELETE,
            "/api/health",
            Some(h.state.csrf_token()),
            "application/json",
            String::new(),
        ),
    )
    .await;
    answer.assert_json_error(StatusCode::METHOD_NOT_ALLOWED);
    let long = format!("/api/events?text={}", "x".repeat(9000));
    get(&h.router, &long)
        .await
        .assert_json_error(StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn every_page_renders() {
    let h = harness();
    for uri in [
        "/",
        "/documents",
        "/documents?q=Kremlin",
        "/dyad",
        "/dyad?a=PRK&b=RUS",
        "/dyad?a=PRK&b=UKR&by=day&from=2024-06-01&period=2024-06-28",
        "/network",
        "/network?level=actor&from=2024-01-01&to=2024-06-30&nodes=20",
        "/spikes",
        "/spikes?by=week",
        "/ach",
        "/ach/troops-to-ally",
        "/ingest",
    ] {
        let page = get(&h.router, uri).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}: {}", page.body);
        assert!(page.content_type().starts_with("text/html"), "{uri}");
        assert!(page.body.starts_with("<!DOCTYPE html>"), "{uri}");
        assert!(
            page.body
                .contains(&format!("content=\"{}\"", h.state.csrf_token())),
            "{uri}"
        );
        assert!(
            !page.body.contains("style="),
            "{uri}: inline styles break the CSP"
        );
    }
}

#[tokio::test]
async fn drill_down_lists_the_events_of_a_period() {
    let h = harness();
    let page = get(&h.router, "/dyad?a=PRK&b=UKR&by=day&from=2024-06-01").await;
    assert!(
        page.body.contains("period=2024-06-28#events"),
        "bars link to their period"
    );
    let drill = get(
        &h.router,
        "/dyad?a=PRK&b=UKR&by=day&from=2024-06-01&period=2024-06-28",
    )
    .await;
    assert!(drill.body.contains("id=\"events\""));
    assert_eq!(drill.body.matches("class=\"event-row\"").count(), 4);
    assert!(
        drill
            .body
            .contains("class=\"sentence-link\" href=\"/documents/demo-2024-06-28-")
    );
    assert!(drill.body.contains("class=\"hl src\""));
}

#[tokio::test]
async fn overview_network_and_spikes_have_the_planted_data() {
    let h = harness();
    let overview = get(&h.router, "/api/overview").await.json();
    let batch = fixture::demo_batch();
    assert_eq!(
        overview["counts"]["documents"].as_u64().unwrap() as usize,
        batch.len()
    );
    let events: usize = batch.iter().map(|(_, e)| e.len()).sum();
    assert_eq!(
        overview["counts"]["events"].as_u64().unwrap() as usize,
        events
    );
    assert_eq!(overview["last_date"], "2024-06-30");
    assert_eq!(overview["days"].as_array().unwrap().len(), 182);
    let day_sum: i64 = overview["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["events"].as_i64().unwrap())
        .sum();
    assert_eq!(day_sum as usize, events);
    let top = &overview["top_dyads"][0];
    assert!(top["events"].as_i64().unwrap() > 0);
    assert_eq!(overview["latest_documents"].as_array().unwrap().len(), 10);

    let network = get(&h.router, "/api/network?from=2024-01-01&to=2024-06-30")
        .await
        .json();
    let nodes: Vec<&str> = network["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for country in ["PRK", "RUS", "UKR", "USA", "CHN"] {
        assert!(nodes.contains(&country), "{country} in {nodes:?}");
    }
    let edge = network["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "RUS" && e["target"] == "UKR")
        .unwrap();
    assert!(
        edge["goldstein_mean"].as_f64().unwrap() < 0.0,
        "fighting is conflict"
    );
    let page = get(&h.router, "/network?from=2024-01-01&to=2024-06-30").await;
    assert!(page.body.contains("class=\"edge\""));

    let spikes = get(&h.router, "/api/spikes").await.json();
    let found = spikes["spikes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["a"] == "PRK" && s["b"] == "UKR")
        .unwrap_or_else(|| panic!("no PRK–UKR spike in {spikes}"));
    assert!(
        found["events_link"]
            .as_str()
            .unwrap()
            .starts_with("/dyad?a=PRK&b=UKR")
    );
    get(&h.router, "/api/spikes?max_p=2")
        .await
        .assert_json_error(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn ach_rating_edits_need_csrf_and_move_the_leader() {
    let h = harness();
    let board = get(&h.router, "/api/boards/troops-to-ally").await.json();
    assert_eq!(board["scores"]["leader"], "transactional");
    let change = json!({"evidence": "E04", "hypothesis": "defensive", "rating": "C"}).to_string();
    let uri = "/api/boards/troops-to-ally/ratings";

    let refused = call(
        &h.router,
        write_request(Method::PUT, uri, None, "application/json", change.clone()),
    )
    .await;
    refused.assert_json_error(StatusCode::FORBIDDEN);
    let wrong = call(
        &h.router,
        write_request(
            Method::PUT,
            uri,
            Some("not-the-token"),
            "application/json",
            change.clone(),
        ),
    )
    .await;
    wrong.assert_json_error(StatusCode::FORBIDDEN);
    let mut cross_site = write_request(
        Method::PUT,
        uri,
        Some(h.state.csrf_token()),
        "application/json",
        change.clone(),
    );
    cross_site
        .headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    call(&h.router, cross_site)
        .await
        .assert_json_error(StatusCode::FORBIDDEN);
    // Nothing changed.
    assert_eq!(
        get(&h.router, "/api/boards/troops-to-ally").await.json()["scores"]["leader"],
        "transactional"
    );

    let mut same_origin = write_request(
        Method::PUT,
        uri,
        Some(h.state.csrf_token()),
        "application/json",
        change,
    );
    same_origin
        .headers_mut()
        .insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
    let saved = call(&h.router, same_origin).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let json = saved.json();
    assert_eq!(json["scores"]["leader"], "defensive");
    assert_eq!(json["rating"], "C");
    // Stored: the board reads back with the new rating and leader.
    let board = get(&h.router, "/api/boards/troops-to-ally").await.json();
    assert_eq!(board["scores"]["leader"], "defensive");
    assert_eq!(board["board"]["evidence"][3]["ratings"]["defensive"], "C");
    let page = get(&h.router, "/ach/troops-to-ally").await;
    assert!(page.body.contains("data-leader=\"defensive\""));

    for bad in [
        json!({"evidence": "E99", "hypothesis": "defensive", "rating": "C"}),
        json!({"evidence": "E04", "hypothesis": "nobody", "rating": "C"}),
        json!({"evidence": "E04", "hypothesis": "defensive", "rating": "maybe"}),
        json!({"evidence": "E04"}),
        json!({"evidence": "E04", "hypothesis": "defensive", "rating": "C", "extra": 1}),
    ] {
        let answer = call(
            &h.router,
            write_request(
                Method::PUT,
                uri,
                Some(h.state.csrf_token()),
                "application/json",
                bad.to_string(),
            ),
        )
        .await;
        answer.assert_json_error(StatusCode::BAD_REQUEST);
    }
    let text = call(
        &h.router,
        write_request(
            Method::PUT,
            uri,
            Some(h.state.csrf_token()),
            "text/plain",
            "{}".to_string(),
        ),
    )
    .await;
    text.assert_json_error(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn boards_are_imported_checked_and_limited_in_size() {
    let h = harness();
    let csrf = h.state.csrf_token().to_string();
    let saved = call(
        &h.router,
        write_request(
            Method::PUT,
            "/api/boards/copy",
            Some(&csrf),
            "application/json",
            fixture::EXAMPLE_BOARD.to_string(),
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let list = get(&h.router, "/api/boards").await.json();
    assert_eq!(list["boards"].as_array().unwrap().len(), 2);
    let broken = call(
        &h.router,
        write_request(
            Method::PUT,
            "/api/boards/broken",
            Some(&csrf),
            "application/json",
            "{\"title\": 5}".to_string(),
        ),
    )
    .await;
    broken.assert_json_error(StatusCode::BAD_REQUEST);
    let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let answer = call(
        &h.router,
        write_request(
            Method::PUT,
            "/api/boards/huge",
            Some(&csrf),
            "application/json",
            huge,
        ),
    )
    .await;
    answer.assert_json_error(StatusCode::PAYLOAD_TOO_LARGE);
}

/// Codes "A verb B." sentences whose first and last words are actor codes.
struct WordCoder;

impl DocumentCoder for WordCoder {
    fn fingerprint(&self) -> String {
        "word-coder-1".to_string()
    }
    fn description(&self) -> String {
        "the test coder".to_string()
    }
    fn code(&self, document: &Document) -> Result<Vec<Event>, String> {
        if document.text.contains("UNCODABLE") {
            return Err("the test coder refuses this text".to_string());
        }
        let mut events = Vec::new();
        let mut start = 0;
        for (index, sentence) in document.text.split_inclusive('.').enumerate() {
            let words: Vec<&str> = sentence.trim().trim_end_matches('.').split(' ').collect();
            let offset = start + (sentence.len() - sentence.trim_start().len());
            start += sentence.len();
            if words.len() < 3 {
                continue;
            }
            let trimmed = sentence.trim();
            let source = words[0];
            let target = words[words.len() - 1];
            let mut event = Event {
                doc_id: document.id.clone(),
                sentence_index: index as u32,
                date: document.date,
                source: source.to_string(),
                target: target.to_string(),
                code: "042".to_string(),
                root_code: None,
                quad_class: None,
                goldstein: None,
                plover: None,
                source_text: source.to_string(),
                target_text: target.to_string(),
                verb_text: words[1].to_string(),
                sentence: trimmed.to_string(),
                source_span: Some(Span::new(0, source.len())),
                target_span: trimmed
                    .rfind(target)
                    .map(|at| Span::new(at, at + target.len())),
                verb_span: Some(Span::new(
                    source.len() + 1,
                    source.len() + 1 + words[1].len(),
                )),
                sentence_start: offset,
                rule: RuleRef {
                    file: "word.txt".to_string(),
                    line: 1,
                    text: "A visits B".to_string(),
                },
                issues: Vec::new(),
            };
            event.fill_code_facts();
            events.push(event);
        }
        Ok(events)
    }
}

#[tokio::test]
async fn ingest_codes_stores_and_refreshes_the_views() {
    let h = harness_with(|config| config.coder = Some(Arc::new(WordCoder)));
    let csrf = h.state.csrf_token().to_string();
    let before = get(&h.router, "/api/overview").await.json();
    let pasted = json!({"id": "pasted-1", "date": "2024-06-30", "text": "FRA visits DEU. <i>Noise</i> ok. DEU thanks FRA."}).to_string();
    let answer = call(
        &h.router,
        write_request(
            Method::POST,
            "/api/ingest",
            Some(&csrf),
            "application/json",
            pasted,
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let json = answer.json();
    assert_eq!(json["documents"], 1);
    assert_eq!(json["events"], 2);
    assert_eq!(json["dictionary_version"], "word-coder-1");
    assert_eq!(json["stored"][0]["link"], "/documents/pasted-1");

    h.state.refresh_generation().await.unwrap();
    let after = get(&h.router, "/api/overview").await.json();
    assert_eq!(
        after["counts"]["events"].as_u64().unwrap(),
        before["counts"]["events"].as_u64().unwrap() + 2,
        "the cached overview follows the store"
    );
    let dyad = get(&h.router, "/api/dyad?a=FRA&b=DEU").await.json();
    assert_eq!(dyad["totals"]["a_to_b"]["events"], 1);
    assert_eq!(dyad["totals"]["b_to_a"]["events"], 1);
    let page = get(&h.router, "/documents/pasted-1").await;
    assert!(page.body.contains("&lt;i&gt;Noise&lt;/i&gt;"));
    assert!(page.body.contains(">FRA</span>"));

    let lines = "{\"id\":\"u1\",\"date\":\"2024-06-29\",\"text\":\"ITA visits ESP.\"}\n{\"text\":\"ESP visits ITA.\"}\n";
    let uploaded = call(
        &h.router,
        write_request(
            Method::POST,
            "/api/ingest",
            Some(&csrf),
            "application/x-ndjson",
            lines.to_string(),
        ),
    )
    .await;
    assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
    assert_eq!(uploaded.json()["documents"], 2);

    for (content_type, body, status) in [
        (
            "application/x-ndjson",
            "{\"id\":\"x\",\"text\":\"A b C.\"}\nnot json\n",
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            "{\"id\":\"x\"}",
            StatusCode::BAD_REQUEST,
        ),
        (
            "application/json",
            "{\"text\":\"UNCODABLE text here.\"}",
            StatusCode::BAD_REQUEST,
        ),
        (
            "text/plain",
            "FRA visits DEU.",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
    ] {
        let answer = call(
            &h.router,
            write_request(
                Method::POST,
                "/api/ingest",
                Some(&csrf),
                content_type,
                body.to_string(),
            ),
        )
        .await;
        answer.assert_json_error(status);
    }
    let no_csrf = call(
        &h.router,
        write_request(
            Method::POST,
            "/api/ingest",
            None,
            "application/json",
            "{\"text\":\"A b C.\"}".to_string(),
        ),
    )
    .await;
    no_csrf.assert_json_error(StatusCode::FORBIDDEN);
    let too_big = format!("{{\"text\": \"{}\"}}", "word ".repeat(4 * 1024 * 1024));
    let answer = call(
        &h.router,
        write_request(
            Method::POST,
            "/api/ingest",
            Some(&csrf),
            "application/json",
            too_big,
        ),
    )
    .await;
    answer.assert_json_error(StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn ingest_without_a_coder_is_unavailable() {
    let h = harness();
    let answer = call(
        &h.router,
        write_request(
            Method::POST,
            "/api/ingest",
            Some(h.state.csrf_token()),
            "application/json",
            "{\"text\":\"A b C.\"}".to_string(),
        ),
    )
    .await;
    answer.assert_json_error(StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        get(&h.router, "/ingest")
            .await
            .body
            .contains("id=\"ingest-off\"")
    );
}

#[tokio::test]
async fn access_token_guards_everything_but_health() {
    let token = "a-long-enough-access-token";
    let h = harness_with(|config| config.token = Some(token.to_string()));
    get(&h.router, "/")
        .await
        .assert_json_error(StatusCode::UNAUTHORIZED);
    get(&h.router, "/api/dyad?a=PRK&b=RUS")
        .await
        .assert_json_error(StatusCode::UNAUTHORIZED);
    assert_eq!(get(&h.router, "/api/health").await.status, StatusCode::OK);

    let bearer = call(
        &h.router,
        Request::get("/api/overview")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(bearer.status, StatusCode::OK);
    let wrong = call(
        &h.router,
        Request::get("/api/overview")
            .header(header::AUTHORIZATION, "Bearer a-long-enough-access-tokeX")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    wrong.assert_json_error(StatusCode::UNAUTHORIZED);

    // ?token= sets the cookie and sends the browser back without the token.
    let exchange = get(&h.router, &format!("/dyad?a=PRK&token={token}&b=RUS")).await;
    assert_eq!(exchange.status, StatusCode::SEE_OTHER);
    assert_eq!(
        exchange.headers.get(header::LOCATION).unwrap(),
        "/dyad?a=PRK&b=RUS"
    );
    let cookie = exchange
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    let cookie_pair = cookie.split(';').next().unwrap().to_string();
    let with_cookie = call(
        &h.router,
        Request::get("/dyad?a=PRK&b=RUS")
            .header(header::COOKIE, &cookie_pair)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(with_cookie.status, StatusCode::OK);
    // The redirect never leaves the server.
    let sneaky = get(&h.router, &format!("//evil.example/x?token={token}")).await;
    assert_eq!(sneaky.status, StatusCode::SEE_OTHER);
    assert_eq!(sneaky.headers.get(header::LOCATION).unwrap(), "/");
    get(&h.router, "/?token=wrong-token-of-some-length")
        .await
        .assert_json_error(StatusCode::UNAUTHORIZED);

    // A cookie alone does not make a write: the CSRF token is still needed.
    let mut write = write_request(
        Method::PUT,
        "/api/boards/troops-to-ally/ratings",
        None,
        "application/json",
        json!({"evidence": "E04", "hypothesis": "defensive", "rating": "C"}).to_string(),
    );
    write
        .headers_mut()
        .insert(header::COOKIE, cookie_pair.parse().unwrap());
    call(&h.router, write)
        .await
        .assert_json_error(StatusCode::FORBIDDEN);
    // A program with the bearer token needs no CSRF token.
    let mut program = write_request(
        Method::PUT,
        "/api/boards/troops-to-ally/ratings",
        None,
        "application/json",
        json!({"evidence": "E04", "hypothesis": "defensive", "rating": "C"}).to_string(),
    );
    program.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    assert_eq!(call(&h.router, program).await.status, StatusCode::OK);
}

#[tokio::test]
async fn loopback_servers_answer_only_loopback_host_names() {
    let h = harness();
    h.state
        .answer_only_loopback_hosts("127.0.0.1:8080".parse().unwrap());
    assert_eq!(get(&h.router, "/api/health").await.status, StatusCode::OK);
    for host in ["localhost:8080", "[::1]:8080"] {
        let answer = call(
            &h.router,
            Request::get("/")
                .header(header::HOST, host)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{host}");
    }
    for host in ["evil.example", "evil.example:8080", "127.0.0.1:9999"] {
        let answer = call(
            &h.router,
            Request::get("/")
                .header(header::HOST, host)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        answer.assert_json_error(StatusCode::MISDIRECTED_REQUEST);
    }
}

#[tokio::test]
async fn session_and_static_assets() {
    let h = harness();
    let session = get(&h.router, "/api/session").await.json();
    assert_eq!(session["csrf_token"], h.state.csrf_token());
    let js = get(&h.router, "/static/app.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type().starts_with("text/javascript"));
    let etag = js.headers.get(header::ETAG).unwrap().clone();
    let again = call(
        &h.router,
        Request::get("/static/app.js")
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::IF_NONE_MATCH, etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let css = get(&h.router, "/static/app.css").await;
    assert!(css.content_type().starts_with("text/css"));
    let openapi = get(&h.router, "/api/openapi.yaml").await;
    assert!(openapi.body.starts_with("openapi: 3"));
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_file() {
    let h = harness();
    let routes = [
        ("/api/health", "/api/health"),
        ("/api/session", "/api/session"),
        ("/api/openapi.yaml", "/api/openapi.yaml"),
        ("/api/overview", "/api/overview"),
        ("/api/documents", "/api/documents"),
        ("/api/documents/{id}", "/api/documents/demo-accents"),
        ("/api/events", "/api/events"),
        ("/api/dyad", "/api/dyad?a=PRK&b=RUS"),
        ("/api/network", "/api/network"),
        ("/api/spikes", "/api/spikes"),
        ("/api/boards", "/api/boards"),
        ("/api/boards/{id}", "/api/boards/troops-to-ally"),
    ];
    for (documented, example) in routes {
        assert!(
            dyad_server::OPENAPI_YAML.contains(&format!("\n  {documented}:\n")),
            "{documented} is missing from docs/openapi.yaml"
        );
        let answer = get(&h.router, example).await;
        assert_eq!(answer.status, StatusCode::OK, "{example}: {}", answer.body);
    }
    for write_only in ["/api/boards/{id}/ratings", "/api/ingest"] {
        assert!(dyad_server::OPENAPI_YAML.contains(&format!("\n  {write_only}:\n")));
    }
}

#[tokio::test]
async fn an_empty_store_serves_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::new(dir.path().join("new.db"));
    config.create = true;
    let router = app(AppState::open(&config).unwrap());
    for uri in [
        "/",
        "/documents",
        "/dyad",
        "/dyad?a=PRK&b=RUS&period=2024-01-01",
        "/network",
        "/spikes",
        "/ach",
        "/ingest",
        "/api/overview",
        "/api/dyad?a=PRK&b=RUS",
        "/api/events",
        "/api/network",
        "/api/spikes",
        "/api/boards",
        "/api/documents",
    ] {
        let answer = get(&router, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.body);
    }
    let overview = get(&router, "/api/overview").await.json();
    assert_eq!(overview["counts"]["events"], 0);
    assert_eq!(overview["days"].as_array().unwrap().len(), 0);
    // Without --create a missing store is refused before anything listens.
    let missing = ServeConfig::new(dir.path().join("missing.db"));
    assert!(AppState::open(&missing).is_err());
    assert!(!dir.path().join("missing.db").exists());
}
