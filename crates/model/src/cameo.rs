//! The CAMEO event-code table: every code's name, root, quad class, Goldstein
//! value and PLOVER event type.
//!
//! The table is compiled in from `data/cameo.tsv` (facts from the CAMEO
//! codebook, GDELT's Goldstein scale and the 2021 CAMEO-to-PLOVER crosswalk).
//! Quad classes follow ICEWS and GDELT: roots 01-05 are verbal cooperation,
//! 06-08 material cooperation, 09-13 verbal conflict and 14-20 material conflict.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The four quad classes of ICEWS and GDELT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum QuadClass {
    VerbalCooperation = 1,
    MaterialCooperation = 2,
    VerbalConflict = 3,
    MaterialConflict = 4,
}

impl QuadClass {
    /// The quad class of a two-digit CAMEO root ("01" to "20").
    pub fn of_root(root: &str) -> Option<QuadClass> {
        match root.parse::<u8>().ok()? {
            1..=5 => Some(QuadClass::VerbalCooperation),
            6..=8 => Some(QuadClass::MaterialCooperation),
            9..=13 => Some(QuadClass::VerbalConflict),
            14..=20 => Some(QuadClass::MaterialConflict),
            _ => None,
        }
    }

    /// 1 to 4, as ICEWS and GDELT write it.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// A short English label.
    pub fn label(self) -> &'static str {
        match self {
            QuadClass::VerbalCooperation => "verbal cooperation",
            QuadClass::MaterialCooperation => "material cooperation",
            QuadClass::VerbalConflict => "verbal conflict",
            QuadClass::MaterialConflict => "material conflict",
        }
    }

    /// All four, in order.
    pub const ALL: [QuadClass; 4] = [
        QuadClass::VerbalCooperation,
        QuadClass::MaterialCooperation,
        QuadClass::VerbalConflict,
        QuadClass::MaterialConflict,
    ];
}

impl From<QuadClass> for u8 {
    fn from(q: QuadClass) -> u8 {
        q as u8
    }
}

impl TryFrom<u8> for QuadClass {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        match n {
            1 => Ok(QuadClass::VerbalCooperation),
            2 => Ok(QuadClass::MaterialCooperation),
            3 => Ok(QuadClass::VerbalConflict),
            4 => Ok(QuadClass::MaterialConflict),
            _ => Err(format!("quad class must be 1 to 4, not {n}")),
        }
    }
}

/// One CAMEO code and everything dyad knows about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CameoCode {
    /// The code as CAMEO writes it: two to four digits, leading zero kept ("0231").
    pub code: &'static str,
    /// The codebook's name for it.
    pub name: &'static str,
    /// The two-digit root ("02").
    pub root: &'static str,
    pub quad_class: QuadClass,
    /// Goldstein conflict-cooperation value, -10 to +10 (GDELT's table).
    pub goldstein: f64,
    /// PLOVER event type from the 2021 crosswalk.
    pub plover: &'static str,
}

/// The whole CAMEO table.
pub struct CameoTable {
    codes: Vec<CameoCode>,
    by_code: HashMap<&'static str, usize>,
}

impl CameoTable {
    /// Looks a code up exactly ("190", "0231").
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.by_code.get(code).map(|&i| &self.codes[i])
    }

    /// Every code, in codebook order.
    pub fn codes(&self) -> &[CameoCode] {
        &self.codes
    }

    /// The 20 roots ("01" .. "20") with their names.
    pub fn roots(&self) -> impl Iterator<Item = &CameoCode> {
        self.codes.iter().filter(|c| c.code.len() == 2)
    }

    /// The entry for a code, or for the nearest more general code that exists
    /// ("0874" unknown → "087" → "08"). `None` when even the root is unknown.
    pub fn get_or_parent(&self, code: &str) -> Option<&CameoCode> {
        let mut c = code;
        while c.len() >= 2 {
            if let Some(found) = self.get(c) {
                return Some(found);
            }
            if c.len() == 2 {
                break;
            }
            c = &c[..c.len() - 1];
        }
        None
    }
}

const TABLE_TEXT: &str = include_str!("../data/cameo.tsv");

/// The CAMEO table compiled into dyad.
pub fn cameo() -> &'static CameoTable {
    static TABLE: OnceLock<CameoTable> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(TABLE_TEXT))
}

/// Shortcut for `cameo().get(code)`.
pub fn lookup(code: &str) -> Option<&'static CameoCode> {
    cameo().get(code)
}

fn parse_table(text: &'static str) -> CameoTable {
    let mut codes = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with("code\t") || line.trim().is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(code), Some(name), Some(gold), Some(plover)) =
            (f.next(), f.next(), f.next(), f.next())
        else {
            // The table is part of the source tree and checked by tests; a bad
            // line is a build defect, not an input error.
            unreachable!("malformed line in cameo.tsv: {line}");
        };
        let root = &code[..2];
        codes.push(CameoCode {
            code,
            name,
            root,
            quad_class: QuadClass::of_root(root).expect("cameo.tsv root out of range"),
            goldstein: gold
                .parse()
                .expect("cameo.tsv Goldstein value is not a number"),
            plover,
        });
    }
    let by_code = codes.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
    CameoTable { codes, by_code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_name_quad_goldstein_and_plover() {
        let t = cameo();
        assert_eq!(t.codes().len(), 311);
        for c in t.codes() {
            assert!(!c.name.is_empty(), "{} has no name", c.code);
            assert!(
                (-10.0..=10.0).contains(&c.goldstein),
                "{} Goldstein {}",
                c.code,
                c.goldstein
            );
            assert!(!c.plover.is_empty(), "{} has no PLOVER type", c.code);
            assert_eq!(c.root, &c.code[..2]);
            assert!(t.get(c.root).is_some(), "{} has no root entry", c.code);
        }
        assert_eq!(t.roots().count(), 20);
    }

    #[test]
    fn known_values() {
        let c = lookup("072").unwrap();
        assert_eq!(c.name, "Provide military aid");
        assert_eq!(c.quad_class, QuadClass::MaterialCooperation);
        assert_eq!(c.goldstein, 8.3);
        assert_eq!(c.plover, "AID");
        assert_eq!(
            lookup("190").unwrap().quad_class,
            QuadClass::MaterialConflict
        );
        assert_eq!(lookup("190").unwrap().goldstein, -10.0);
        assert_eq!(lookup("0231").unwrap().plover, "REQUEST");
        assert_eq!(lookup("112").unwrap().quad_class, QuadClass::VerbalConflict);
        assert_eq!(
            lookup("042").unwrap().quad_class,
            QuadClass::VerbalCooperation
        );
    }

    #[test]
    fn quad_boundaries() {
        assert_eq!(QuadClass::of_root("05"), Some(QuadClass::VerbalCooperation));
        assert_eq!(
            QuadClass::of_root("06"),
            Some(QuadClass::MaterialCooperation)
        );
        assert_eq!(
            QuadClass::of_root("08"),
            Some(QuadClass::MaterialCooperation)
        );
        assert_eq!(QuadClass::of_root("09"), Some(QuadClass::VerbalConflict));
        assert_eq!(QuadClass::of_root("13"), Some(QuadClass::VerbalConflict));
        assert_eq!(QuadClass::of_root("14"), Some(QuadClass::MaterialConflict));
        assert_eq!(QuadClass::of_root("20"), Some(QuadClass::MaterialConflict));
        assert_eq!(QuadClass::of_root("21"), None);
        assert_eq!(QuadClass::of_root("00"), None);
    }

    #[test]
    fn parent_fallback() {
        assert_eq!(cameo().get_or_parent("0879").unwrap().code, "087");
        assert_eq!(cameo().get_or_parent("1719").unwrap().code, "171");
        assert!(cameo().get_or_parent("99").is_none());
    }
}
