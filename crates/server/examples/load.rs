//! A bounded load test of a running `dyad serve`: N concurrent clients (keep-
//! alive connections) request the overview page and the dyad API for a fixed
//! time, then stop by themselves and report requests per second, errors, and
//! latency percentiles per endpoint and overall. Loopback addresses only.
//!
//! `cargo run --release -p dyad-server --example load -- --url http://127.0.0.1:8080 \
//!     --clients 200 --seconds 30 [--max-p99-ms 200] [--no-warm-up]`
//!
//! The dyads asked for are the overview's busiest dyads (both orders), each
//! per month, week and day, so the mix is what analysts open first. Each
//! distinct request is first sent once, alone, and its (uncached) latency
//! reported, before the timed run. Exits 1
//! when any request failed or, with `--max-p99-ms`, when the overall p99 is
//! above it.

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// No test runs longer than this, whatever `--seconds` says.
const MAX_SECONDS: u64 = 600;
/// One request may take at most this long before it counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

struct Options {
    url: String,
    clients: usize,
    seconds: u64,
    max_p99_ms: Option<f64>,
    /// Skip the one-at-a-time pass (measure a cold start under load).
    warm_up: bool,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        url: "http://127.0.0.1:8080".to_string(),
        clients: 200,
        seconds: 30,
        max_p99_ms: None,
        warm_up: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--url" => options.url = value()?.trim_end_matches('/').to_string(),
            "--clients" => {
                options.clients = value()?.parse().map_err(|e| format!("--clients: {e}"))?
            }
            "--seconds" => {
                options.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?
            }
            "--max-p99-ms" => {
                options.max_p99_ms =
                    Some(value()?.parse().map_err(|e| format!("--max-p99-ms: {e}"))?)
            }
            "--no-warm-up" => options.warm_up = false,
            other => return Err(format!("unknown option {other:?}")),
        }
    }
    if options.clients == 0 || options.clients > 10_000 {
        return Err("--clients must be 1 to 10000".to_string());
    }
    if options.seconds == 0 || options.seconds > MAX_SECONDS {
        return Err(format!("--seconds must be 1 to {MAX_SECONDS}"));
    }
    check_loopback(&options.url)?;
    Ok(options)
}

/// Refuses any URL whose host does not resolve only to loopback addresses.
fn check_loopback(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url}: only http:// URLs"))?;
    let authority = rest.split('/').next().unwrap_or("");
    let with_port = if authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let addresses: Vec<SocketAddr> = with_port
        .to_socket_addrs()
        .map_err(|e| format!("{url}: {e}"))?
        .collect();
    if addresses.is_empty() || !addresses.iter().all(|a| is_loopback(a.ip())) {
        return Err(format!(
            "{url}: the load test only targets loopback addresses"
        ));
    }
    Ok(())
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}

type HttpClient = Client<HttpConnector, Empty<Bytes>>;

/// GET `url`; the status and body, or why it failed.
async fn fetch(client: &HttpClient, url: &str) -> Result<(u16, Bytes), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let request = hyper::Request::get(uri)
        .body(Empty::new())
        .map_err(|e| e.to_string())?;
    let response = tokio::time::timeout(REQUEST_TIMEOUT, async {
        let response = client.request(request).await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok::<_, String>((status, body))
    })
    .await
    .map_err(|_| format!("timed out after {REQUEST_TIMEOUT:?}"))??;
    Ok(response)
}

/// Latencies (µs) and error count of one endpoint.
#[derive(Default, Clone)]
struct Tally {
    micros: Vec<u64>,
    errors: u64,
    first_error: Option<String>,
}

impl Tally {
    fn merge(&mut self, other: Tally) {
        self.micros.extend(other.micros);
        self.errors += other.errors;
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

fn report(name: &str, tally: &Tally, seconds: f64) -> f64 {
    let mut sorted = tally.micros.clone();
    sorted.sort_unstable();
    let p99 = percentile(&sorted, 99.0);
    println!(
        "{name:<10} {:>9} requests {:>9.0}/s  errors {:>5}  p50 {:>7.2} ms  p90 {:>7.2} ms  p99 {:>7.2} ms  max {:>8.2} ms",
        sorted.len() as u64 + tally.errors,
        sorted.len() as f64 / seconds,
        tally.errors,
        percentile(&sorted, 50.0),
        percentile(&sorted, 90.0),
        p99,
        sorted.last().copied().unwrap_or(0) as f64 / 1000.0,
    );
    p99
}

/// The dyad API paths of the mix: the overview's busiest dyads, both orders,
/// per month, week and day.
async fn dyad_paths(client: &HttpClient, base: &str) -> Result<Vec<String>, String> {
    let (status, body) = fetch(client, &format!("{base}/api/overview")).await?;
    if status != 200 {
        return Err(format!("/api/overview answered {status}"));
    }
    let overview: serde_json::Value =
        serde_json::from_slice(&body).map_err(|e| format!("/api/overview: {e}"))?;
    let mut paths = Vec::new();
    for dyad in overview["top_dyads"].as_array().into_iter().flatten() {
        let (Some(a), Some(b)) = (dyad["a"].as_str(), dyad["b"].as_str()) else {
            continue;
        };
        for (x, y) in [(a, b), (b, a)] {
            for by in ["month", "week", "day"] {
                paths.push(format!("/api/dyad?a={x}&b={y}&by={by}"));
            }
        }
    }
    if paths.is_empty() {
        return Err("the store has no dyads to ask for".to_string());
    }
    Ok(paths)
}

async fn run(options: Options) -> Result<bool, String> {
    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(options.clients)
        .build_http();
    let base = options.url.clone();
    let (status, _) = fetch(&client, &format!("{base}/api/health")).await?;
    if status != 200 {
        return Err(format!("{base}/api/health answered {status}"));
    }
    let dyads = Arc::new(dyad_paths(&client, &base).await?);
    println!(
        "load: {} clients for {} s against {base}: GET / and GET /api/dyad ({} dyad queries)",
        options.clients,
        options.seconds,
        dyads.len()
    );
    // Each distinct request once, one at a time: these are the uncached
    // latencies; the timed run then measures serving from the store's views.
    if options.warm_up {
        let mut cold = Vec::new();
        for path in std::iter::once("/").chain(dyads.iter().map(String::as_str)) {
            let at = Instant::now();
            let (status, _) = fetch(&client, &format!("{base}{path}")).await?;
            if status != 200 {
                return Err(format!("warm-up: {path} answered {status}"));
            }
            cold.push((at.elapsed().as_micros() as u64, path));
        }
        cold.sort_unstable();
        let cold_micros: Vec<u64> = cold.iter().map(|(m, _)| *m).collect();
        println!(
            "warm-up: {} distinct requests one at a time: median {:.1} ms, slowest {:.1} ms ({})",
            cold.len(),
            percentile(&cold_micros, 50.0),
            percentile(&cold_micros, 100.0),
            cold.last().map_or("", |(_, p)| p)
        );
    }
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let mut tasks = Vec::new();
    for number in 0..options.clients {
        let client = client.clone();
        let base = base.clone();
        let dyads = Arc::clone(&dyads);
        tasks.push(tokio::spawn(async move {
            let (mut page, mut api) = (Tally::default(), Tally::default());
            let mut turn = number;
            while Instant::now() < deadline {
                let overview = turn % 2 == 0;
                let path = if overview {
                    "/".to_string()
                } else {
                    dyads[(turn / 2) % dyads.len()].clone()
                };
                turn += 1;
                let at = Instant::now();
                let outcome = fetch(&client, &format!("{base}{path}")).await;
                let micros = at.elapsed().as_micros() as u64;
                let tally = if overview { &mut page } else { &mut api };
                match outcome {
                    Ok((200, body)) if !body.is_empty() => tally.micros.push(micros),
                    Ok((status, _)) => {
                        tally.errors += 1;
                        tally
                            .first_error
                            .get_or_insert_with(|| format!("{path}: HTTP {status}"));
                    }
                    Err(e) => {
                        tally.errors += 1;
                        tally
                            .first_error
                            .get_or_insert_with(|| format!("{path}: {e}"));
                    }
                }
            }
            (page, api)
        }));
    }
    let (mut page, mut api) = (Tally::default(), Tally::default());
    for task in tasks {
        let (p, a) = task.await.map_err(|e| format!("a client failed: {e}"))?;
        page.merge(p);
        api.merge(a);
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut all = page.clone();
    all.merge(api.clone());
    report("overview", &page, seconds);
    report("dyad api", &api, seconds);
    let p99 = report("all", &all, seconds);
    if let Some(error) = &all.first_error {
        println!("first error: {error}");
    }
    let mut passed = all.errors == 0;
    if let Some(limit) = options.max_p99_ms {
        let within = p99 <= limit;
        println!(
            "p99 {p99:.2} ms {} the {limit} ms target",
            if within { "meets" } else { "misses" }
        );
        passed &= within;
    }
    Ok(passed)
}

fn main() -> ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("load: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("load: starting the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(options)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("load: {message}");
            ExitCode::from(1)
        }
    }
}
