//! TABARI dictionaries: `.verbs`, `.actors`, `.agents`, `.options`, `.project`
//! (formats.md §2).

pub mod actors;
pub mod options;
pub mod project;
pub mod verbs;

/// A dictionary line split into its phrase, its `[...]` blocks (with 1-based
/// columns of their insides) and whether it had any text after the blocks.
pub(crate) struct LineParts<'a> {
    pub phrase: &'a str,
    pub blocks: Vec<(usize, &'a str)>,
}

/// Splits a TABARI line: the comment starts at the first `;`; the phrase is
/// the text before the first `[`; blocks are the `[...]` groups. Returns an
/// error (column, message) for an unclosed `[`.
pub(crate) fn split_line(line: &str) -> Result<LineParts<'_>, (usize, String)> {
    let body = match line.find(';') {
        Some(p) => &line[..p],
        None => line,
    };
    split_blocks(body)
}

/// Splits `body` into phrase and `[...]` blocks.
pub(crate) fn split_blocks(body: &str) -> Result<LineParts<'_>, (usize, String)> {
    let first = body.find('[');
    let phrase = match first {
        Some(p) => &body[..p],
        None => body,
    };
    let mut blocks = Vec::new();
    let mut rest_start = first.unwrap_or(body.len());
    while rest_start < body.len() {
        let rest = &body[rest_start..];
        let Some(open) = rest.find('[') else {
            if !rest.trim().is_empty() {
                let col =
                    body[..rest_start].chars().count() + 1 + (rest.len() - rest.trim_start().len());
                return Err((
                    col,
                    format!("unexpected text {:?} after the code", rest.trim()),
                ));
            }
            break;
        };
        let between = &rest[..open];
        if !between.trim().is_empty() {
            let col = body[..rest_start].chars().count() + 1;
            return Err((
                col,
                format!("unexpected text {:?} between codes", between.trim()),
            ));
        }
        let abs_open = rest_start + open;
        let Some(close) = body[abs_open..].find(']') else {
            let col = body[..abs_open].chars().count() + 1;
            return Err((col, "[ without a closing ]".into()));
        };
        let inner = &body[abs_open + 1..abs_open + close];
        blocks.push((body[..abs_open].chars().count() + 2, inner));
        rest_start = abs_open + close + 1;
    }
    Ok(LineParts { phrase, blocks })
}
