//! `dyad serve --db PATH [--addr 127.0.0.1:8080] [--token T]`: the browser
//! workbench and its JSON API (crate `dyad-server`, docs/workbench.md).
//!
//! Loopback addresses only, unless an access token is given (`--token` or
//! the `DYAD_TOKEN` environment variable, which keeps it out of process
//! listings). Pasted and uploaded documents are coded with the same
//! dictionaries `dyad code` would use (`--dictionaries`, default: the bundled
//! ones); `--no-ingest` serves read-only views without loading them.

use crate::commands::code::DictionaryArgs;
use crate::commands::query::DbArgs;
use anyhow::{Context, Result};
use dyad_coder::Coder;
use dyad_model::{Document, Event};
use dyad_server::{DocumentCoder, ServeConfig, Server};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    db: DbArgs,
    /// Address to listen on; anything but loopback requires --token. Port 0 picks a free port.
    #[arg(long, default_value = dyad_server::DEFAULT_ADDR)]
    addr: SocketAddr,
    /// Access token (at least 16 letters, digits or . _ ~ + / = -); also read from DYAD_TOKEN.
    #[arg(long, value_name = "T")]
    token: Option<String>,
    /// Create an empty store when --db does not exist.
    #[arg(long)]
    create: bool,
    /// Do not load dictionaries; the Ingest page and POST /api/ingest are switched off.
    #[arg(long)]
    no_ingest: bool,
    #[command(flatten)]
    dictionaries: DictionaryArgs,
    /// Store connections for concurrent requests (default: two per core, at least four).
    #[arg(long, value_name = "N")]
    connections: Option<usize>,
}

/// dyad's coder behind the server's ingest endpoint.
struct StoreCoder {
    coder: Coder,
    fingerprint: String,
    description: String,
}

impl DocumentCoder for StoreCoder {
    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    fn description(&self) -> String {
        self.description.clone()
    }

    fn code(&self, document: &Document) -> Result<Vec<Event>, String> {
        self.coder
            .code_document(document)
            .map(|coded| coded.events)
            .map_err(|e| e.to_string())
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let token = match args.token {
        Some(token) => Some(token),
        None => std::env::var("DYAD_TOKEN").ok().filter(|t| !t.is_empty()),
    };
    let coder: Option<Arc<dyn DocumentCoder>> = if args.no_ingest {
        None
    } else {
        let (coder, description) = args.dictionaries.coder()?;
        let fingerprint = coder.dictionaries().fingerprint();
        Some(Arc::new(StoreCoder {
            coder,
            fingerprint,
            description,
        }))
    };
    let mut config = ServeConfig::new(&args.db.db);
    config.addr = args.addr;
    config.token = token;
    config.create = args.create;
    config.coder = coder;
    if let Some(connections) = args.connections {
        config.connections = connections.max(1);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let server = Server::bind(config).await?;
        let address = server.local_addr();
        let hint = if server.state().access_token().is_some() {
            " (open it once with ?token=TOKEN)"
        } else {
            ""
        };
        eprintln!(
            "dyad: serving {} at http://{address}/{hint}; Ctrl-C stops",
            args.db.db.display()
        );
        server
            .run(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        eprintln!("dyad: stopped");
        Ok::<(), anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}
