//! PETRARCH-1 and PETRARCH-2 dictionaries (formats.md §4, §5): actors, agents,
//! discards, issues, both verb-file syntaxes and the `.ini` configuration.

pub mod actors;
pub mod config;
pub mod lists;
pub mod verbs;

/// One meaningful line of a PETRARCH file: its number, the raw line (for
/// indentation) and the text with comments removed.
pub(crate) struct PLine<'a> {
    pub number: usize,
    pub raw: &'a str,
    pub text: String,
}

/// PETRARCH's line reader (formats.md §4.1): blank lines and lines starting
/// with `#` or `<!` are skipped; everything from the first `#` is a comment;
/// `<!-- ... -->` is removed, also across lines.
pub(crate) fn petrarch_lines(text: &str) -> Vec<PLine<'_>> {
    let mut out = Vec::new();
    let mut in_comment = false;
    for (number, raw) in crate::source::numbered_lines(text) {
        let mut line = String::new();
        let mut rest = raw;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(p) => {
                        rest = &rest[p + 3..];
                        in_comment = false;
                    }
                    None => {
                        rest = "";
                        break;
                    }
                }
            } else {
                match rest.find("<!--") {
                    Some(p) => {
                        line.push_str(&rest[..p]);
                        rest = &rest[p + 4..];
                        in_comment = true;
                    }
                    None => {
                        line.push_str(rest);
                        break;
                    }
                }
            }
        }
        let _ = rest;
        let trimmed_start = line.trim_start();
        if trimmed_start.starts_with("<!") {
            continue;
        }
        let cut = match comment_start(&line) {
            Some(p) => &line[..p],
            None => &line[..],
        };
        if cut.trim().is_empty() {
            continue;
        }
        out.push(PLine {
            number,
            raw,
            text: cut.trim_end().to_string(),
        });
    }
    out
}

/// Where a `#` comment starts: the first `#` outside `[...]` (so that a
/// discard code `[###]` is read as a code, not as a comment).
fn comment_start(line: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = (depth - 1).max(0),
            '#' if depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments() {
        let t = "<!-- a\nb -->\nKEEP # c\n  \n# x\nA <!-- y --> B\n<!PASS>\n- * X [###] # c\n";
        let l = petrarch_lines(t);
        let texts: Vec<&str> = l.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["KEEP", "A  B", "- * X [###]"]);
        assert_eq!(l[0].number, 3);
    }
}
