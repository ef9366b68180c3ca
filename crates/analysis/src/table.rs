//! Tabular results (query rows, series, spikes) and the four ways dyad prints
//! them: an aligned text table, JSON Lines, one JSON array, or CSV.

use serde_json::Value;
use std::io::Write;
use std::str::FromStr;

/// One value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Text(String),
    Int(i64),
    Float(f64),
}

impl Cell {
    fn to_json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Text(t) => Value::String(t.clone()),
            Cell::Int(n) => Value::from(*n),
            Cell::Float(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        }
    }

    fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x) => format_float(*x),
        }
    }
}

impl From<String> for Cell {
    fn from(t: String) -> Cell {
        Cell::Text(t)
    }
}
impl From<&str> for Cell {
    fn from(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}
impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Cell {
    fn from(x: f64) -> Cell {
        Cell::Float(x)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Cell {
        v.map_or(Cell::Null, Into::into)
    }
}

/// Floats with at most four decimals and no trailing zeros ("2.5", "-0.1234").
fn format_float(x: f64) -> String {
    let text = format!("{x:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// Named columns and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// How a table is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Jsonl,
    Json,
    Csv,
}

impl FromStr for TableFormat {
    type Err = String;
    fn from_str(text: &str) -> Result<TableFormat, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(TableFormat::Table),
            "jsonl" => Ok(TableFormat::Jsonl),
            "json" => Ok(TableFormat::Json),
            "csv" => Ok(TableFormat::Csv),
            _ => Err(format!(
                "unknown output format {text:?} (expected table, jsonl, json or csv)"
            )),
        }
    }
}

/// One row as a JSON object keyed by column name.
pub fn row_object(columns: &[String], row: &[Cell]) -> Value {
    Value::Object(
        columns
            .iter()
            .zip(row)
            .map(|(c, v)| (c.clone(), v.to_json()))
            .collect(),
    )
}

/// Writes `table` in `format`.
pub fn write_table(table: &Table, format: TableFormat, mut out: impl Write) -> std::io::Result<()> {
    match format {
        TableFormat::Jsonl => {
            for row in &table.rows {
                serde_json::to_writer(&mut out, &row_object(&table.columns, row))?;
                out.write_all(b"\n")?;
            }
        }
        TableFormat::Json => {
            let rows: Vec<Value> = table
                .rows
                .iter()
                .map(|row| row_object(&table.columns, row))
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)?;
            out.write_all(b"\n")?;
        }
        TableFormat::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(&table.columns)
                .map_err(std::io::Error::other)?;
            for row in &table.rows {
                csv.write_record(row.iter().map(Cell::to_text))
                    .map_err(std::io::Error::other)?;
            }
            csv.flush()?;
        }
        TableFormat::Table => {
            let texts: Vec<Vec<String>> = table
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|c| c.to_text().replace(['\n', '\t'], " "))
                        .collect()
                })
                .collect();
            let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
            for row in &texts {
                for (width, text) in widths.iter_mut().zip(row) {
                    *width = (*width).max(text.chars().count());
                }
            }
            let numeric: Vec<bool> = (0..table.columns.len())
                .map(|i| {
                    table.rows.iter().all(|row| {
                        matches!(row.get(i), Some(Cell::Int(_) | Cell::Float(_) | Cell::Null))
                    })
                })
                .collect();
            let line = |cells: &[String]| -> String {
                let parts: Vec<String> = cells
                    .iter()
                    .enumerate()
                    .map(|(i, text)| {
                        let width = widths.get(i).copied().unwrap_or(0);
                        if numeric.get(i).copied().unwrap_or(false) {
                            format!("{text:>width$}")
                        } else {
                            format!("{text:<width$}")
                        }
                    })
                    .collect();
                parts.join("  ").trim_end().to_string()
            };
            writeln!(out, "{}", line(&table.columns))?;
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            writeln!(out, "{}", rule.join("  "))?;
            for row in &texts {
                writeln!(out, "{}", line(row))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["dyad", "events", "mean"]);
        t.push(vec!["PRK-RUS".into(), Cell::Int(12), Cell::Float(2.5)]);
        t.push(vec!["USA, CHN".into(), Cell::Int(3), Cell::Null]);
        t
    }

    fn render(format: TableFormat) -> String {
        let mut out = Vec::new();
        write_table(&sample(), format, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_format() {
        assert_eq!(
            render(TableFormat::Table),
            "dyad      events  mean\n--------  ------  ----\nPRK-RUS       12   2.5\nUSA, CHN       3\n"
        );
        assert_eq!(
            render(TableFormat::Jsonl),
            "{\"dyad\":\"PRK-RUS\",\"events\":12,\"mean\":2.5}\n{\"dyad\":\"USA, CHN\",\"events\":3,\"mean\":null}\n"
        );
        let json: Value = serde_json::from_str(&render(TableFormat::Json)).unwrap();
        assert_eq!(json[1]["events"], 3);
        assert_eq!(
            render(TableFormat::Csv),
            "dyad,events,mean\nPRK-RUS,12,2.5\n\"USA, CHN\",3,\n"
        );
        assert!("xml".parse::<TableFormat>().unwrap_err().contains("xml"));
    }

    #[test]
    fn floats_are_short() {
        assert_eq!(format_float(2.0), "2");
        assert_eq!(format_float(-0.00001), "0");
        assert_eq!(format_float(1.23456), "1.2346");
    }
}
