//! The REPL: the transcript above, the multi-line input below with its
//! `>>> ` / `... ` prompts, completion candidates under it.

use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::block;
use crate::session::highlight::{matching_bracket, tokens, TokenKind};
use crate::ui::app::{App, PaneId, TranscriptLine};
use crate::ui::theme;

fn prompt(first: bool) -> &'static str {
    if first {
        ">>> "
    } else {
        "... "
    }
}

fn token_style(k: TokenKind) -> Style {
    match k {
        TokenKind::Keyword => Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
        TokenKind::Builtin => Style::new().fg(Color::Cyan),
        TokenKind::Method => Style::new().fg(Color::LightBlue),
        TokenKind::Number => Style::new().fg(Color::Yellow),
        TokenKind::String => Style::new().fg(Color::Green),
        TokenKind::Comment => Style::new().fg(Color::DarkGray),
        TokenKind::Error => Style::new()
            .fg(Color::Red)
            .add_modifier(Modifier::UNDERLINED),
        TokenKind::Name | TokenKind::Operator | TokenKind::Bracket => Style::new(),
    }
}

/// The input lines with syntax colours, and the bracket matching the one at
/// (or just before) the cursor highlighted: one `(char, style)` list per
/// line of the entry, its prompt first.
fn highlighted_input(app: &App) -> Vec<Vec<(char, Style)>> {
    let text = app.editor.text();
    let cursor = app.editor.cursor_offset();
    let tokens = tokens(&text);
    let mut marks: Vec<usize> = Vec::new();
    for at in [Some(cursor), cursor.checked_sub(1)].into_iter().flatten() {
        if let Some(m) = matching_bracket(&text, at) {
            marks.push(at);
            marks.push(m);
            break;
        }
    }
    let mut out = Vec::new();
    let mut offset = 0;
    // Tokens come in text order: one pass over them, not a search per
    // character (a pasted 100 KB program drew in seconds).
    let mut tok = 0;
    for (i, line) in text.split('\n').enumerate() {
        let prompt_style = Style::new().fg(Color::Green);
        let mut chars: Vec<(char, Style)> =
            prompt(i == 0).chars().map(|c| (c, prompt_style)).collect();
        let end = offset + line.len();
        for (pos, ch) in line.char_indices() {
            let at = offset + pos;
            while tok < tokens.len() && tokens[tok].0.end <= at {
                tok += 1;
            }
            let mut style = tokens
                .get(tok)
                .filter(|(r, _)| r.contains(&at))
                .map(|(_, k)| token_style(*k))
                .unwrap_or_default();
            if marks.contains(&at) {
                style = style.bg(Color::DarkGray).add_modifier(Modifier::BOLD);
            }
            chars.push((ch, style));
        }
        out.push(chars);
        offset = end + 1;
    }
    out
}

/// The entry as the pane shows it: each line wrapped at `width` (the
/// cursor and the end of a long line stay on screen), and where the cursor
/// is among those rows (row, column).
fn wrapped_input(
    lines: Vec<Vec<(char, Style)>>,
    cursor: (usize, usize),
    width: usize,
) -> (Vec<Line<'static>>, (usize, usize)) {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut at = (0, 0);
    for (i, chars) in lines.into_iter().enumerate() {
        let first_row = rows.len();
        let mut line_rows = rows_of(&chars, width);
        if i == cursor.0 {
            // Past the prompt; at the very end of a full row the cursor
            // starts the next one.
            let col = PROMPT_WIDTH + cursor.1;
            at = (first_row + col / width, col % width);
            while line_rows.len() <= col / width {
                line_rows.push(Line::raw(""));
            }
        }
        rows.extend(line_rows);
    }
    (rows, at)
}

/// The columns the `>>> ` and `... ` prompts take.
const PROMPT_WIDTH: usize = 4;

/// One line's characters cut every `width` columns, styles kept.
fn rows_of(chars: &[(char, Style)], width: usize) -> Vec<Line<'static>> {
    if chars.is_empty() {
        return vec![Line::raw("")];
    }
    chars
        .chunks(width.max(1))
        .map(|row| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut text = String::new();
            let mut style = row[0].1;
            for (c, st) in row {
                if *st != style {
                    spans.push(Span::styled(std::mem::take(&mut text), style));
                    style = *st;
                }
                text.push(*c);
            }
            spans.push(Span::styled(text, style));
            Line::from(spans)
        })
        .collect()
}

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let b = block(app, PaneId::Repl, "");
    let inner = b.inner(r);
    f.render_widget(b, r);
    if inner.height == 0 || inner.width < 8 {
        return;
    }
    let (mut input, (cursor_row, cursor_col)) = match &app.history_search {
        // Ctrl-R: the search and the entry it found, in place of the input.
        Some((q, at)) => {
            let found = app.history.get(*at).map_or("(no match)", String::as_str);
            let found = found.replace('\n', " ⏎ ");
            let text = format!("(history search) '{q}': {found}");
            let style = Style::new().fg(Color::Yellow);
            let chars: Vec<(char, Style)> = text.chars().map(|c| (c, style)).collect();
            let n = "(history search) '".chars().count() + q.chars().count();
            let w = (inner.width as usize).max(1);
            (rows_of(&chars, w), (n / w, n % w))
        }
        None => wrapped_input(
            highlighted_input(app),
            app.editor.cursor(),
            inner.width as usize,
        ),
    };
    // An entry taller than the pane shows the rows up to the cursor's.
    let first_shown = (cursor_row + 1).saturating_sub(inner.height as usize);
    input.drain(..first_shown);
    let cursor_row = cursor_row - first_shown;
    let completions = if app.completions.is_empty() {
        None
    } else {
        Some(Line::styled(
            app.completions.join("  "),
            Style::new().fg(Color::Magenta),
        ))
    };
    let reserved = (input.len() + usize::from(completions.is_some())) as u16;
    let transcript_h = inner.height.saturating_sub(reserved) as usize;
    let mut lines: Vec<Line> = Vec::new();
    // Lines longer than the pane wrap; the newest that fit are shown.
    let width = inner.width.max(1) as usize;
    let mut shown: Vec<Vec<Line<'static>>> = Vec::new();
    let mut used = 0;
    for l in app.transcript.iter().rev() {
        let rows = transcript_rows(l, width);
        if used + rows.len() > transcript_h {
            break;
        }
        used += rows.len();
        shown.push(rows);
    }
    if app.transcript.is_empty() {
        lines.push(Line::styled(
            "Type PySpark here: sc and ssc are ready (local[2], 1 s batches). F1: help.",
            Style::new().fg(Color::DarkGray),
        ));
    }
    lines.extend(shown.into_iter().rev().flatten());
    let t_area = Rect {
        height: transcript_h as u16,
        ..inner
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), t_area);
    let i_area = Rect {
        y: inner.y + transcript_h as u16,
        height: reserved.min(inner.height),
        ..inner
    };
    let mut input_lines = input;
    if let Some(c) = completions {
        input_lines.push(c);
    }
    f.render_widget(Paragraph::new(input_lines), i_area);
    if app.focus == PaneId::Repl && !app.show_help {
        let x = inner.x + cursor_col as u16;
        let y = i_area.y + cursor_row as u16;
        if y < inner.y + inner.height {
            f.set_cursor_position(Position { x, y });
        }
    }
}

/// The rows a transcript line takes at `width`: code and values are cut
/// every `width` characters, as a terminal wraps them; messages wrap at
/// spaces, so a 30-column REPL reads them word by word.
fn transcript_rows(l: &TranscriptLine, width: usize) -> Vec<Line<'static>> {
    let (parts, words): (Vec<(&str, Style)>, bool) = match l {
        TranscriptLine::Input { text, first } => (
            vec![
                (prompt(*first), Style::new().fg(Color::DarkGray)),
                (text.as_str(), Style::new()),
            ],
            false,
        ),
        TranscriptLine::Echo(t) => (vec![(t.as_str(), Style::new())], false),
        // A diagnostic's source and caret rows (`1 | x = ...`, `  |   ^^`) keep
        // their columns.
        TranscriptLine::Error(t) => (vec![(t.as_str(), theme::error())], !is_source_row(t)),
        // A passed check reads as success, not as one more note.
        TranscriptLine::Note(t) if t.starts_with('✔') => {
            (vec![(t.as_str(), theme::success())], true)
        }
        TranscriptLine::Note(t) => (vec![(t.as_str(), theme::info())], true),
    };
    let chars: Vec<(char, Style)> = parts
        .iter()
        .flat_map(|(t, st)| t.chars().map(move |c| (c, *st)))
        .collect();
    if words {
        word_rows(&chars, width)
    } else {
        rows_of(&chars, width)
    }
}

/// A diagnostic's source or caret row: `12 | text` or `   | ^^^`.
fn is_source_row(t: &str) -> bool {
    let t = t.trim_start();
    let t = t.trim_start_matches(|c: char| c.is_ascii_digit());
    t.starts_with(" |") || t.starts_with('|')
}

/// One line's characters wrapped at spaces to `width` columns (the space
/// where a row breaks is dropped; a word longer than a row is cut).
fn word_rows(chars: &[(char, Style)], width: usize) -> Vec<Line<'static>> {
    super::word_breaks(chars.len(), width, |i| chars[i].0 == ' ')
        .into_iter()
        .flat_map(|r| rows_of(&chars[r], width))
        .collect()
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    fn texts(l: &TranscriptLine, width: usize) -> Vec<String> {
        transcript_rows(l, width)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    /// Issue 17: at 80x24 the REPL is 30 columns wide; its messages wrap
    /// at spaces, code and a diagnostic's source rows at the column.
    #[test]
    fn messages_wrap_by_word_code_by_column() {
        let note = TranscriptLine::Note(
            "Fix the cause (add the missing piece as a new entry), then type :restart".into(),
        );
        assert_eq!(
            texts(&note, 30),
            [
                "Fix the cause (add the missing",
                "piece as a new entry), then",
                "type :restart"
            ]
        );
        let code = TranscriptLine::Input {
            text: "lines = ssc.socketTextStream(\"localhost\", 9999)".into(),
            first: true,
        };
        assert_eq!(
            texts(&code, 30),
            [">>> lines = ssc.socketTextStre", "am(\"localhost\", 9999)"]
        );
        let source = TranscriptLine::Error("1 | x = \"a b\".spilt() + \"a long tail here\"".into());
        assert_eq!(texts(&source, 30)[0], "1 | x = \"a b\".spilt() + \"a lon");
        let word = TranscriptLine::Error("error: ".to_string() + &"x".repeat(40));
        assert_eq!(
            texts(&word, 30),
            ["error:", &"x".repeat(30), &"x".repeat(10)]
        );
        assert!(is_source_row("  |           ^^^^^"));
        assert!(is_source_row("12 | def f():"));
        assert!(!is_source_row("  = A stopped context"));
    }
}
