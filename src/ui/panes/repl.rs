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
        TokenKind::Method => Style::new().fg(Color::Blue),
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
/// (or just before) the cursor highlighted.
fn highlighted_input(app: &App) -> Vec<Line<'static>> {
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
    for (i, line) in text.split('\n').enumerate() {
        let mut spans = vec![Span::styled(prompt(i == 0), Style::new().fg(Color::Green))];
        let end = offset + line.len();
        for (pos, ch) in line.char_indices() {
            let at = offset + pos;
            let mut style = tokens
                .iter()
                .find(|(r, _)| r.contains(&at))
                .map(|(_, k)| token_style(*k))
                .unwrap_or_default();
            if marks.contains(&at) {
                style = style.bg(Color::DarkGray).add_modifier(Modifier::BOLD);
            }
            spans.push(Span::styled(ch.to_string(), style));
        }
        out.push(Line::from(spans));
        offset = end + 1;
    }
    out
}

pub fn draw(app: &App, f: &mut Frame, r: Rect) {
    let b = block(app, PaneId::Repl, "");
    let inner = b.inner(r);
    f.render_widget(b, r);
    if inner.height == 0 || inner.width < 8 {
        return;
    }
    let input = highlighted_input(app);
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
    let all: Vec<&TranscriptLine> = app.transcript.iter().collect();
    // Lines longer than the pane wrap; count them so the newest stay visible.
    let width = inner.width.max(1) as usize;
    let mut used = 0;
    let mut start = all.len();
    while start > 0 {
        let l = all[start - 1];
        let len = match l {
            TranscriptLine::Input { text, .. } => text.chars().count() + 4,
            TranscriptLine::Echo(t) | TranscriptLine::Error(t) | TranscriptLine::Note(t) => {
                t.chars().count()
            }
        };
        let rows = len.max(1).div_ceil(width);
        if used + rows > transcript_h {
            break;
        }
        used += rows;
        start -= 1;
    }
    if app.transcript.is_empty() {
        lines.push(Line::styled(
            "Type PySpark here: sc and ssc are ready (local[2], 1 s batches). F1: help.",
            Style::new().fg(Color::DarkGray),
        ));
    }
    for l in &all[start..] {
        let parts: Vec<(&str, Style)> = match l {
            TranscriptLine::Input { text, first } => vec![
                (prompt(*first), Style::new().fg(Color::DarkGray)),
                (text.as_str(), Style::new()),
            ],
            TranscriptLine::Echo(t) => vec![(t.as_str(), Style::new())],
            TranscriptLine::Error(t) => vec![(t.as_str(), Style::new().fg(Color::Red))],
            TranscriptLine::Note(t) => vec![(
                t.as_str(),
                Style::new().fg(Color::Blue).add_modifier(Modifier::ITALIC),
            )],
        };
        lines.extend(cut(&parts, width));
    }
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
        let (row, col) = app.editor.cursor();
        let x = (inner.x + 4 + col as u16).min(inner.x + inner.width - 1);
        let y = i_area.y + row as u16;
        if y < inner.y + inner.height {
            f.set_cursor_position(Position { x, y });
        }
    }
}

/// A transcript line cut every `width` characters, as a terminal wraps it.
/// Word wrapping would take more rows than the count above expects and push
/// the newest lines out of the pane.
fn cut(parts: &[(&str, Style)], width: usize) -> Vec<Line<'static>> {
    let chars: Vec<(char, Style)> = parts
        .iter()
        .flat_map(|(t, st)| t.chars().map(move |c| (c, *st)))
        .collect();
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
