//! YAML, the canonical and lossless exchange format of instrument versions.
//!
//! [`from_yaml`] parses then validates; [`to_yaml`] writes a document that [`from_yaml`] reads back
//! to an identical value. Errors carry line numbers: a syntax or structure error (an unknown key,
//! a missing field, a wrong type) comes from the YAML parser with its line and column and stops
//! parsing; semantic problems found by validation all come together, each with its path and the
//! line the path points at, found by [`LineMap`] (best effort: block-style YAML, as written by
//! [`to_yaml`] or by hand; inside flow-style `{…}`/`[…]` values the line of the enclosing key is
//! given, and a path to a defaulted field points at its nearest written ancestor).
//!
//! The crate used is `serde_yaml_ng`: the maintained fork of the archived `serde_yaml`, with the
//! same serde data model and error locations, in pure Rust (it builds for wasm32).

use std::collections::BTreeMap;

use super::model::InstrumentVersion;
use super::validate::ValidationErrors;

/// Why a YAML document could not be read or written.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum YamlError {
    /// Not YAML, or not an instrument version (unknown key, missing field, wrong type …).
    #[error("{message}")]
    Syntax {
        /// Line (1-based), when known.
        line: Option<usize>,
        /// Column (1-based), when known.
        column: Option<usize>,
        /// The parser's message.
        message: String,
    },
    /// Well-formed, but the version does not pass validation; every problem is listed.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The version could not be written (not expected for any value of the model).
    #[error("could not write YAML: {0}")]
    Write(String),
}

/// Reads and validates an instrument version from YAML.
pub fn from_yaml(text: &str) -> Result<InstrumentVersion, YamlError> {
    let version: InstrumentVersion = serde_yaml_ng::from_str(text).map_err(|e| {
        let location = e.location();
        YamlError::Syntax {
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message: e.to_string(),
        }
    })?;
    if let Err(mut errors) = version.validate() {
        let lines = LineMap::new(text);
        for p in &mut errors.0 {
            p.line = lines.line_of(&p.path);
        }
        return Err(YamlError::Invalid(errors));
    }
    Ok(version)
}

/// Writes an instrument version as YAML.
pub fn to_yaml(version: &InstrumentVersion) -> Result<String, YamlError> {
    serde_yaml_ng::to_string(version).map_err(|e| YamlError::Write(e.to_string()))
}

/// Lines of a YAML document by path (`sections[2].indicators[5].weight`), for block-style YAML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineMap {
    lines: BTreeMap<String, usize>,
}

enum Segment {
    Key(String),
    Index(usize),
}

impl LineMap {
    /// Scans `text` once, noting the line of every key and sequence item.
    pub fn new(text: &str) -> Self {
        let mut lines = BTreeMap::new();
        let mut stack: Vec<(usize, Segment)> = Vec::new();
        // While inside a scalar (a block scalar or a continued plain one) deeper lines are content.
        let mut scalar_above: Option<usize> = None;
        for (n, raw) in text.lines().enumerate() {
            let body = raw.trim_start_matches(' ');
            let mut col = raw.len() - body.len();
            if scalar_above.is_some_and(|c| col > c) {
                continue;
            }
            scalar_above = None;
            if body.is_empty() || body.starts_with('#') || body.starts_with("---") {
                continue;
            }
            let mut rest = body;
            loop {
                if rest == "-" || rest.starts_with("- ") {
                    let mut index = 0;
                    while let Some((c, seg)) = stack.last() {
                        match seg {
                            _ if *c > col => {}
                            Segment::Index(i) if *c == col => index = i + 1,
                            _ => break,
                        }
                        stack.pop();
                    }
                    stack.push((col, Segment::Index(index)));
                    lines.insert(path_of(&stack), n + 1);
                    let after = rest[1..].trim_start_matches(' ');
                    let item_col = col + (rest.len() - after.len());
                    if after.is_empty() {
                        break;
                    }
                    if split_key(after).is_none() && !after.starts_with('-') {
                        scalar_above = Some(col);
                        break;
                    }
                    col = item_col;
                    rest = after;
                    continue;
                }
                if let Some((key, value)) = split_key(rest) {
                    while stack.last().is_some_and(|(c, _)| *c >= col) {
                        stack.pop();
                    }
                    stack.push((col, Segment::Key(key)));
                    lines.insert(path_of(&stack), n + 1);
                    if !value.is_empty() && !value.starts_with('#') {
                        scalar_above = Some(col);
                    }
                }
                break;
            }
        }
        LineMap { lines }
    }

    /// The line of `path`, or of its nearest ancestor that appears in the text.
    pub fn line_of(&self, path: &str) -> Option<usize> {
        let mut path = path;
        loop {
            if let Some(line) = self.lines.get(path) {
                return Some(*line);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

fn path_of(stack: &[(usize, Segment)]) -> String {
    let mut out = String::new();
    for (_, seg) in stack {
        match seg {
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// `key: value` → (key, value) for a plain or quoted key; `None` for anything else.
fn split_key(text: &str) -> Option<(String, &str)> {
    let (key, after) = match text.chars().next()? {
        q @ ('"' | '\'') => {
            let end = text[1..].find(q)? + 1;
            (text[1..end].to_owned(), &text[end + 1..])
        }
        _ => {
            let end = text.find(':')?;
            let key = &text[..end];
            let plain = key
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.".contains(c));
            if key.is_empty() || !plain {
                return None;
            }
            (key.to_owned(), &text[end..])
        }
    };
    let value = after.strip_prefix(':')?;
    (value.is_empty() || value.starts_with(' ')).then(|| (key, value.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
instrument:
  code: x
sections:
- code: A
  weight: 60
  indicators:
  - code: A1
    text_id: |
      multi
      - line: not a key
  - code: A2
    text_id: plain
- code: B
  sections:
    - code: B1
      weight: 5
bands: []
";

    #[test]
    fn maps_paths_to_lines() {
        let map = LineMap::new(DOC);
        assert_eq!(map.line_of("instrument.code"), Some(2));
        assert_eq!(map.line_of("sections[0].weight"), Some(5));
        assert_eq!(map.line_of("sections[0].indicators[1].code"), Some(11));
        assert_eq!(map.line_of("sections[0].indicators[1]"), Some(11));
        assert_eq!(map.line_of("sections[1].sections[0].weight"), Some(16));
        assert_eq!(
            map.line_of("sections[1].sections[0].indicators[3].weight"),
            Some(15)
        );
        assert_eq!(map.line_of("bands"), Some(17));
        assert_eq!(map.line_of("nowhere"), None);
    }

    #[test]
    fn syntax_errors_carry_their_line() {
        let err = from_yaml("instrument:\n  code: x\n  nmae: y\n").unwrap_err();
        assert!(
            matches!(err, YamlError::Syntax { line: Some(_), .. }),
            "{err:?}"
        );
    }

    #[test]
    fn problems_in_written_yaml_point_at_their_lines() {
        let mut v = super::super::builtin::builtin_version("ombudsman-kepatuhan", "2023").unwrap();
        v.sections[1].weight = Some(30.0);
        v.sections[2].sections[0].indicators[3].text_id = " ".into();
        let text = to_yaml(&v).unwrap();
        let Err(YamlError::Invalid(errors)) = from_yaml(&text) else {
            panic!("must be invalid")
        };
        let lines: Vec<&str> = text.lines().collect();
        let at = |p: &super::super::validate::Problem| lines[p.line.unwrap() - 1].trim_start();
        assert_eq!(errors.0.len(), 2);
        assert_eq!(
            (errors.0[0].path.as_str(), at(&errors.0[0])),
            ("sections", "sections:")
        );
        assert_eq!(
            errors.0[1].path,
            "sections[2].sections[0].indicators[3].text_id"
        );
        assert_eq!(at(&errors.0[1]), "text_id: ' '");
    }
}
