//! Finding where a value sits in a JSON text, so that errors found after
//! parsing (an unknown hypothesis id, a duplicate id) can still name a
//! line:column.
//!
//! serde_json keeps no positions in its values, so this scans the text again
//! along a path of keys and indexes. It is only used on text serde_json has
//! already accepted, and it returns `None` rather than guessing whenever the
//! text does not look as expected.

use crate::error::{PathSegment, Position};

/// Where to point for a path: at the value, or at the key that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Value,
    Key,
}

/// The position of the value (or its key) at `path` in the JSON `text`.
/// With `Target::Key`, a path that ends in an array index points at the value.
pub fn locate(text: &str, path: &[PathSegment], target: Target) -> Option<Position> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut key_start = None;
    for segment in path {
        scanner.skip_whitespace();
        match segment {
            PathSegment::Key(wanted) => {
                key_start = Some(scanner.find_key(wanted)?);
            }
            PathSegment::Index(wanted) => {
                scanner.find_index(*wanted)?;
                key_start = None;
            }
        }
    }
    scanner.skip_whitespace();
    let offset = match (target, key_start) {
        (Target::Key, Some(start)) => start,
        _ => scanner.pos,
    };
    Some(Position::of_offset(text, offset))
}

struct Scanner<'t> {
    bytes: &'t [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Skips a string starting at the current `"`; returns its raw text with quotes.
    fn skip_string(&mut self) -> Option<&[u8]> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return self.bytes.get(start..self.pos);
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips one value of any kind, without recursion.
    fn skip_value(&mut self) -> Option<()> {
        self.skip_whitespace();
        match self.peek()? {
            b'"' => self.skip_string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    /// Inside the object starting here, moves to the value of `wanted`;
    /// returns the byte offset of its key.
    fn find_key(&mut self, wanted: &str) -> Option<usize> {
        self.expect(b'{')?;
        loop {
            self.skip_whitespace();
            if self.peek()? == b'}' {
                return None;
            }
            let key_start = self.pos;
            let raw = self.skip_string()?;
            let key: String = serde_json::from_slice(raw).ok()?;
            self.expect(b':')?;
            if key == wanted {
                self.skip_whitespace();
                return Some(key_start);
            }
            self.skip_value()?;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                _ => return None,
            }
        }
    }

    /// Inside the array starting here, moves to element `wanted`.
    fn find_index(&mut self, wanted: usize) -> Option<()> {
        self.expect(b'[')?;
        for _ in 0..wanted {
            self.skip_whitespace();
            if self.peek()? == b']' {
                return None;
            }
            self.skip_value()?;
            self.expect(b',')?;
        }
        self.skip_whitespace();
        if self.peek()? == b']' {
            return None;
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[PathSegment]) -> Vec<PathSegment> {
        segments.to_vec()
    }

    const TEXT: &str = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}, [2, 3]],\n  \"é\": {\"c\": true}\n}\n";

    #[test]
    fn finds_values_and_keys() {
        let at = |p: &[PathSegment], t| locate(TEXT, &path(p), t);
        assert_eq!(
            at(&["a".into()], Target::Value),
            Some(Position { line: 2, column: 8 })
        );
        assert_eq!(
            at(&["a".into()], Target::Key),
            Some(Position { line: 2, column: 3 })
        );
        assert_eq!(
            at(&["a".into(), 1.into(), "b".into()], Target::Value),
            Some(Position {
                line: 2,
                column: 18
            })
        );
        assert_eq!(
            at(&["a".into(), 2.into(), 1.into()], Target::Value),
            Some(Position {
                line: 2,
                column: 31
            })
        );
        assert_eq!(
            at(&["é".into(), "c".into()], Target::Key),
            Some(Position { line: 3, column: 9 })
        );
    }

    #[test]
    fn missing_paths_give_none() {
        assert_eq!(locate(TEXT, &["z".into()], Target::Value), None);
        assert_eq!(locate(TEXT, &["a".into(), 3.into()], Target::Value), None);
        assert_eq!(locate(TEXT, &[0.into()], Target::Value), None);
        assert_eq!(
            locate("{\"a\": [1,", &["a".into(), 4.into()], Target::Value),
            None
        );
        assert_eq!(locate("\"unterminated", &["a".into()], Target::Value), None);
    }
}
