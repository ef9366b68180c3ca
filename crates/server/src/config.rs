//! How `dyad serve` is configured, and the rules a configuration must pass
//! before anything listens: loopback addresses by default, any other address
//! only with an access token, and tokens long enough to resist guessing.

use crate::error::ServerError;
use crate::ingest::DocumentCoder;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// The address `dyad serve` listens on unless told otherwise.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The shortest access token accepted.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Everything the server needs to start.
#[derive(Clone)]
pub struct ServeConfig {
    /// The dyad database.
    pub db: PathBuf,
    pub addr: SocketAddr,
    /// Access token; required for any address that is not loopback.
    pub token: Option<String>,
    /// Create an empty store when `db` does not exist (otherwise refuse).
    pub create: bool,
    /// Codes pasted and uploaded documents; `None` switches ingest off.
    pub coder: Option<Arc<dyn DocumentCoder>>,
    /// Store connections (readers and the occasional writer).
    pub connections: usize,
}

impl ServeConfig {
    /// A configuration for `db` on the default address, no token, no coder.
    pub fn new(db: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig {
            db: db.into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            create: false,
            coder: None,
            connections: default_connections(),
        }
    }

    /// Checks the address and token rules.
    pub fn check(&self) -> Result<(), ServerError> {
        if let Some(token) = &self.token {
            check_token(token)?;
        } else if !self.addr.ip().is_loopback() {
            return Err(ServerError::TokenRequired { addr: self.addr });
        }
        Ok(())
    }
}

/// Two connections per core, at least four: queries are short and CPU-bound.
pub fn default_connections() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .saturating_mul(2)
        .max(4)
}

/// Tokens travel in a cookie and an `Authorization: Bearer` header, so they
/// are restricted to characters both accept unquoted.
pub fn check_token(token: &str) -> Result<(), ServerError> {
    if token.chars().count() < MIN_TOKEN_CHARS {
        return Err(ServerError::BadToken {
            problem: "too short",
        });
    }
    if !token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._~+/=-".contains(&b))
    {
        return Err(ServerError::BadToken {
            problem: "it contains a character other than letters, digits and . _ ~ + / = -",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_needs_no_token_but_other_addresses_do() {
        let mut config = ServeConfig::new("x.db");
        assert!(config.check().is_ok());
        config.addr = "[::1]:9000".parse().unwrap();
        assert!(config.check().is_ok());
        config.addr = "0.0.0.0:8080".parse().unwrap();
        assert!(matches!(
            config.check(),
            Err(ServerError::TokenRequired { .. })
        ));
        config.addr = "192.0.2.7:8080".parse().unwrap();
        assert!(config.check().is_err());
        config.token = Some("correct-horse-battery-staple".to_string());
        assert!(config.check().is_ok());
    }

    #[test]
    fn weak_or_unsafe_tokens_are_refused() {
        assert!(check_token("short").is_err());
        assert!(check_token("sixteen chars ok").is_err(), "space");
        assert!(check_token("abcdefghijklmnop;x").is_err(), "semicolon");
        assert!(check_token("abcdefghijklmnop").is_ok());
        assert!(check_token("A1b2C3d4E5f6G7h8+/=").is_ok());
    }
}
