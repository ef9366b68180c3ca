//! Actor networks from the store's dyad roll-ups: nodes are countries (the
//! leading block of actor codes, see `dyad_model::country_key`) or full actor
//! codes; directed edges carry event counts, mean Goldstein, cooperation and
//! conflict. Whole months of the window are read from the monthly roll-up of
//! country or actor pairs, the days of partial months from the daily
//! aggregate (`Store::for_each_dyad_tally`). Writers for JSON, GraphML and GEXF.
//!
//! Null actors ("---", empty) are left out. Events within one node (domestic
//! events at country level) are left out unless asked for, since they are no
//! relation between two nodes. A node's degree is its number of distinct
//! neighbours (either direction); its weighted degree the events on its edges.

use dyad_model::{Date, country_key, is_null_actor};
use dyad_store::{DyadLevel, Store, StoreError, Tally, TallyKind, View};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::str::FromStr;

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Country,
    Actor,
}

impl FromStr for Level {
    type Err = String;
    fn from_str(text: &str) -> Result<Level, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "country" => Ok(Level::Country),
            "actor" => Ok(Level::Actor),
            _ => Err(format!(
                "unknown network level {text:?} (expected country or actor)"
            )),
        }
    }
}

/// Which network to build.
#[derive(Debug, Clone)]
pub struct NetworkRequest {
    pub level: Level,
    pub view: View,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Edges with fewer events are dropped (and nodes left without edges).
    pub min_events: i64,
    pub include_self_loops: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: String,
    pub degree: u64,
    pub weighted_degree: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub events: i64,
    pub goldstein_mean: Option<f64>,
    pub cooperation: f64,
    pub conflict: f64,
    #[serde(skip)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Builds the network from the store's roll-ups.
pub fn build_network(store: &Store, request: &NetworkRequest) -> Result<Network, StoreError> {
    let actors = store.actor_table()?;
    // Actor id → node name (None: left out).
    let node_of: HashMap<i64, Option<String>> = actors
        .iter()
        .map(|(id, code)| {
            let name = (!is_null_actor(code)).then(|| match request.level {
                Level::Country => country_key(code).to_string(),
                Level::Actor => code.to_string(),
            });
            (id, name)
        })
        .collect();
    let mut names: Vec<&str> = node_of.values().flatten().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let node_index: HashMap<i64, usize> = node_of
        .iter()
        .filter_map(|(id, name)| Some((*id, *index.get(name.as_deref()?)?)))
        .collect();

    let mut edges: HashMap<(usize, usize), Tally> = HashMap::new();
    let level = match request.level {
        Level::Country => DyadLevel::Country,
        Level::Actor => DyadLevel::Actor,
    };
    let kind = match request.view {
        View::Raw => TallyKind::Raw,
        View::Dedupe => TallyKind::Unique,
    };
    store.for_each_dyad_tally(
        request.from,
        request.to,
        level,
        kind,
        |source, target, tally| -> Result<(), StoreError> {
            let (Some(&s), Some(&t)) = (node_index.get(&source), node_index.get(&target)) else {
                return Ok(());
            };
            if s == t && !request.include_self_loops {
                return Ok(());
            }
            edges.entry((s, t)).or_default().add(tally);
            Ok(())
        },
    )?;

    let mut kept: Vec<((usize, usize), Tally)> = edges
        .into_iter()
        .filter(|(_, tally)| tally.events >= request.min_events.max(1))
        .collect();
    kept.sort_by_key(|((s, t), _)| (*s, *t));
    let mut neighbours: HashMap<usize, BTreeSet<usize>> = HashMap::new();
    let mut weights: HashMap<usize, i64> = HashMap::new();
    for ((s, t), tally) in &kept {
        neighbours.entry(*s).or_default().insert(*t);
        neighbours.entry(*t).or_default().insert(*s);
        *weights.entry(*s).or_default() += tally.events;
        if s != t {
            *weights.entry(*t).or_default() += tally.events;
        }
    }
    let mut node_ids: Vec<usize> = neighbours.keys().copied().collect();
    node_ids.sort_unstable();
    let nodes = node_ids
        .iter()
        .map(|i| Node {
            id: names.get(*i).copied().unwrap_or_default().to_string(),
            degree: neighbours.get(i).map_or(0, |n| n.len() as u64),
            weighted_degree: weights.get(i).copied().unwrap_or(0),
        })
        .collect();
    let edges = kept
        .into_iter()
        .map(|((s, t), tally)| Edge {
            source: names.get(s).copied().unwrap_or_default().to_string(),
            target: names.get(t).copied().unwrap_or_default().to_string(),
            events: tally.events,
            goldstein_mean: tally.goldstein_mean(),
            cooperation: tally.cooperation(),
            conflict: tally.conflict(),
            tally,
        })
        .collect();
    Ok(Network { nodes, edges })
}

/// The file formats a network is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkFormat {
    Json,
    Graphml,
    Gexf,
}

impl FromStr for NetworkFormat {
    type Err = String;
    fn from_str(text: &str) -> Result<NetworkFormat, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(NetworkFormat::Json),
            "graphml" => Ok(NetworkFormat::Graphml),
            "gexf" => Ok(NetworkFormat::Gexf),
            _ => Err(format!(
                "unknown network format {text:?} (expected json, graphml or gexf)"
            )),
        }
    }
}

/// Writes `network` in `format`.
pub fn write_network(
    network: &Network,
    format: NetworkFormat,
    mut out: impl Write,
) -> std::io::Result<()> {
    match format {
        NetworkFormat::Json => {
            serde_json::to_writer_pretty(&mut out, network)?;
            out.write_all(b"\n")
        }
        NetworkFormat::Graphml => write_graphml(network, out),
        NetworkFormat::Gexf => write_gexf(network, out),
    }
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn mean_text(edge: &Edge) -> String {
    edge.goldstein_mean
        .map(|m| format!("{m:.4}"))
        .unwrap_or_default()
}

fn write_graphml(network: &Network, mut out: impl Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    for (id, owner, name, kind) in [
        ("d0", "node", "degree", "int"),
        ("d1", "node", "weighted_degree", "long"),
        ("d2", "edge", "events", "long"),
        ("d3", "edge", "goldstein_mean", "double"),
        ("d4", "edge", "cooperation", "double"),
        ("d5", "edge", "conflict", "double"),
    ] {
        writeln!(
            out,
            r#"  <key id="{id}" for="{owner}" attr.name="{name}" attr.type="{kind}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="dyad" edgedefault="directed">"#)?;
    for node in &network.nodes {
        writeln!(
            out,
            r#"    <node id="{}"><data key="d0">{}</data><data key="d1">{}</data></node>"#,
            xml(&node.id),
            node.degree,
            node.weighted_degree
        )?;
    }
    for (i, edge) in network.edges.iter().enumerate() {
        write!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}"><data key="d2">{}</data>"#,
            xml(&edge.source),
            xml(&edge.target),
            edge.events
        )?;
        if edge.goldstein_mean.is_some() {
            write!(out, r#"<data key="d3">{}</data>"#, mean_text(edge))?;
        }
        writeln!(
            out,
            r#"<data key="d4">{:.1}</data><data key="d5">{:.1}</data></edge>"#,
            edge.cooperation, edge.conflict
        )?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

fn write_gexf(network: &Network, mut out: impl Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<gexf xmlns="http://gexf.net/1.3" version="1.3">"#)?;
    writeln!(out, r#"  <graph mode="static" defaultedgetype="directed">"#)?;
    writeln!(out, r#"    <attributes class="node">"#)?;
    writeln!(
        out,
        r#"      <attribute id="0" title="degree" type="integer"/>"#
    )?;
    writeln!(
        out,
        r#"      <attribute id="1" title="weighted_degree" type="long"/>"#
    )?;
    writeln!(out, r#"    </attributes>"#)?;
    writeln!(out, r#"    <attributes class="edge">"#)?;
    writeln!(
        out,
        r#"      <attribute id="0" title="events" type="long"/>"#
    )?;
    writeln!(
        out,
        r#"      <attribute id="1" title="goldstein_mean" type="double"/>"#
    )?;
    writeln!(
        out,
        r#"      <attribute id="2" title="cooperation" type="double"/>"#
    )?;
    writeln!(
        out,
        r#"      <attribute id="3" title="conflict" type="double"/>"#
    )?;
    writeln!(out, r#"    </attributes>"#)?;
    writeln!(out, "    <nodes>")?;
    for node in &network.nodes {
        writeln!(
            out,
            r#"      <node id="{0}" label="{0}"><attvalues><attvalue for="0" value="{1}"/><attvalue for="1" value="{2}"/></attvalues></node>"#,
            xml(&node.id),
            node.degree,
            node.weighted_degree
        )?;
    }
    writeln!(out, "    </nodes>\n    <edges>")?;
    for (i, edge) in network.edges.iter().enumerate() {
        write!(
            out,
            r#"      <edge id="{i}" source="{}" target="{}" weight="{}"><attvalues><attvalue for="0" value="{}"/>"#,
            xml(&edge.source),
            xml(&edge.target),
            edge.events,
            edge.events
        )?;
        if edge.goldstein_mean.is_some() {
            write!(out, r#"<attvalue for="1" value="{}"/>"#, mean_text(edge))?;
        }
        writeln!(
            out,
            r#"<attvalue for="2" value="{:.1}"/><attvalue for="3" value="{:.1}"/></attvalues></edge>"#,
            edge.cooperation, edge.conflict
        )?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")
}
