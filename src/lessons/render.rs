//! Lesson text (the Markdown of `lessons/*.md`) as the UI shows it: styled
//! lines for a pane ([`lines`]) or plain text for a message ([`plain`]). No
//! markup character is left raw: `**strong**` is bold, `*emphasis*` and
//! `_emphasis_` italic, `` `code` `` cyan, fenced code green and indented,
//! `- item` a bullet, headings (and the step and task lines) bold.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// Join the lines of each paragraph (the files wrap at 80 columns; a pane
/// wraps to its own width). Code blocks, list items and blank lines stay.
fn reflow(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut code = false;
    let mut joinable = false;
    for raw in text.lines() {
        let t = raw.trim_start();
        if t.starts_with("```") {
            code = !code;
            out.push(raw.to_string());
            joinable = false;
            continue;
        }
        let starts_item = item(t).is_some() || t.starts_with("──") || t.starts_with("Task:");
        if !code && joinable && !t.is_empty() && !starts_item && !raw.starts_with("    ") {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(t);
                continue;
            }
        }
        joinable = !code && !t.is_empty();
        out.push(raw.to_string());
    }
    out
}

/// The text of a list item (`- x` or `* x`), without its marker.
fn item(t: &str) -> Option<&str> {
    t.strip_prefix("- ").or_else(|| t.strip_prefix("* "))
}

/// An inline style change.
#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Code,
    Strong,
    Emphasis(char),
}

/// Is the delimiter at byte `i` (of length `len`) able to open: followed by
/// a non-space, and (for `_`) not inside a word?
fn opens(s: &str, i: usize, len: usize) -> bool {
    let next = s[i + len..].chars().next();
    let prev = s[..i].chars().next_back();
    next.is_some_and(|c| !c.is_whitespace())
        && !(s[i..].starts_with('_') && prev.is_some_and(|c| c.is_alphanumeric()))
}

/// The byte index of the delimiter that closes one opened at `from`: preceded
/// by a non-space, and (for `_`) not followed by a letter.
fn closer(s: &str, from: usize, delim: &str) -> Option<usize> {
    let mut at = from;
    while let Some(j) = s[at..].find(delim).map(|j| j + at) {
        let prev = s[..j].chars().next_back();
        let next = s[j + delim.len()..].chars().next();
        let single_star = delim == "*" && next == Some('*');
        let word = delim == "_" && next.is_some_and(|c| c.is_alphanumeric());
        if j > from && prev.is_some_and(|c| !c.is_whitespace()) && !single_star && !word {
            return Some(j);
        }
        at = j + delim.len();
    }
    None
}

/// One line's inline markup as (text, marks) pieces.
fn inline(s: &str) -> Vec<(String, Vec<Mark>)> {
    let mut out: Vec<(String, Vec<Mark>)> = Vec::new();
    let mut marks: Vec<Mark> = Vec::new();
    // Where each open mark must close.
    let mut closes: Vec<usize> = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let flush = |text: &mut String, marks: &Vec<Mark>, out: &mut Vec<(String, Vec<Mark>)>| {
        if !text.is_empty() {
            out.push((std::mem::take(text), marks.clone()));
        }
    };
    while i < s.len() {
        if closes.last() == Some(&i) {
            let m = marks.last().copied();
            flush(&mut text, &marks, &mut out);
            marks.pop();
            closes.pop();
            i += match m {
                Some(Mark::Strong) => 2,
                _ => 1,
            };
            continue;
        }
        let in_code = marks.contains(&Mark::Code);
        let rest = &s[i..];
        let open = if in_code {
            None
        } else if rest.starts_with('`') {
            s[i + 1..].find('`').map(|j| (Mark::Code, 1, i + 1 + j))
        } else if rest.starts_with("**") && opens(s, i, 2) {
            closer(s, i + 2, "**").map(|j| (Mark::Strong, 2, j))
        } else if (rest.starts_with('*') || rest.starts_with('_')) && opens(s, i, 1) {
            let d = &rest[..1];
            closer(s, i + 1, d).map(|j| (Mark::Emphasis(d.chars().next().unwrap_or('*')), 1, j))
        } else {
            None
        };
        // A mark closes inside the marks already open, or not at all.
        match open {
            Some((m, len, j)) if closes.last().is_none_or(|c| j < *c) => {
                flush(&mut text, &marks, &mut out);
                marks.push(m);
                closes.push(j);
                i += len;
            }
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    flush(&mut text, &marks, &mut out);
    out
}

fn style(base: Style, marks: &[Mark]) -> Style {
    marks.iter().fold(base, |st, m| match m {
        Mark::Code => st.fg(Color::Cyan),
        Mark::Strong => st.add_modifier(Modifier::BOLD),
        Mark::Emphasis(_) => st.add_modifier(Modifier::ITALIC),
    })
}

/// Lesson text as styled lines: paragraphs joined (the pane wraps them),
/// code fences dropped and their code green, markup rendered.
pub fn lines(text: &str) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let mut code = false;
    for raw in reflow(text) {
        if raw.trim_start().starts_with("```") {
            code = !code;
            continue;
        }
        if code {
            out.push(Line::styled(
                format!("  {raw}"),
                Style::new().fg(Color::Green),
            ));
            continue;
        }
        let t = raw.trim_start();
        let (prefix, body, base) = if let Some(h) = t.strip_prefix('#') {
            let h = h.trim_start_matches('#').trim_start();
            (
                String::new(),
                h.to_string(),
                Style::new().add_modifier(Modifier::BOLD),
            )
        } else if t.starts_with("──") || t.starts_with("Task:") {
            (
                String::new(),
                raw.clone(),
                Style::new().add_modifier(Modifier::BOLD),
            )
        } else if let Some(it) = item(t) {
            let indent = &raw[..raw.len() - t.len()];
            (format!("{indent}• "), it.to_string(), Style::new())
        } else {
            (String::new(), raw.clone(), Style::new())
        };
        let mut spans = Vec::new();
        if !prefix.is_empty() {
            spans.push(Span::styled(prefix, base));
        }
        for (piece, marks) in inline(&body) {
            spans.push(Span::styled(piece, style(base, &marks)));
        }
        out.push(Line::from(spans));
    }
    out
}

/// Lesson text (a hint, a task) as plain text: the markup removed, the
/// lines as written.
pub fn plain(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("```"))
        .map(|l| inline(l).into_iter().map(|(t, _)| t).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn markup_is_rendered_not_shown() {
        let l = lines("The **batch interval** and the *scheduling delay*: `ssc.start()`\nand `old_state` or_else.\n\n- one *item*\n\n```python\nx = a * b * c\n```");
        assert_eq!(
            shown(&l),
            [
                "The batch interval and the scheduling delay: ssc.start() and old_state or_else.",
                "",
                "• one item",
                "",
                "  x = a * b * c"
            ]
        );
        let spans = &l[0].spans;
        let find = |t: &str| spans.iter().find(|s| s.content == t).unwrap().style;
        assert!(find("batch interval").add_modifier.contains(Modifier::BOLD));
        assert!(find("scheduling delay")
            .add_modifier
            .contains(Modifier::ITALIC));
        assert_eq!(find("ssc.start()").fg, Some(Color::Cyan));
        assert_eq!(l[4].style.fg, Some(Color::Green));
    }

    #[test]
    fn code_keeps_its_stars_and_unmatched_marks_stay() {
        assert_eq!(plain("`a * b` and `**kw`"), "a * b and **kw");
        assert_eq!(
            plain("2 * 3 = 6, snake_case, a `tick"),
            "2 * 3 = 6, snake_case, a `tick"
        );
        assert_eq!(
            plain("Use `split()`, not *split(\" \")*."),
            "Use split(), not split(\" \")."
        );
    }

    /// No lesson text, task or hint shows a raw markup character once rendered.
    #[test]
    fn no_lesson_shows_raw_markup() {
        for l in crate::lessons::all().unwrap() {
            let mut texts = vec![l.intro.clone()];
            for s in &l.steps {
                texts.push(s.explanation.clone());
                texts.push(s.task.clone());
                texts.extend(s.hints.iter().cloned());
            }
            for t in &texts {
                for line in lines(t) {
                    for s in line.spans.iter().filter(|s| s.style.fg.is_none()) {
                        let c = &s.content;
                        assert!(
                            !c.contains('`')
                                && !c.contains("**")
                                && !c.contains(" *")
                                && !c.starts_with('*'),
                            "lesson {}: raw markup in {c:?}",
                            l.number
                        );
                    }
                }
            }
        }
    }
}
