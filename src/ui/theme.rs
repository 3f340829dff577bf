//! The UI's semantic styles, defined once: what a kind of text looks like
//! (information, success, warning, error, dim), not which colour a pane
//! picked. Chosen to read on xterm's default 16 colours on a dark or a light
//! background: no blue text (ANSI blue is near-invisible on black), no
//! italic (many terminals draw it poorly), success and information in
//! different colours, errors red. Meaning never rests on colour alone: the
//! panes add a symbol (`✔`, `✘`, `+`, `~`, `-`, `◂`).
//!
//! `NO_COLOR` (set and not empty, as <https://no-color.org> asks) removes
//! every colour when the frame is drawn ([`strip_colours`]); bold, reversed
//! and the symbols stay.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// Notes from streamlab: started, restarted, command answers.
pub fn info() -> Style {
    Style::new().fg(Color::Cyan)
}

/// A check that passed, a lesson step done.
pub fn success() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

/// Errors, everywhere they are shown.
pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

/// Secondary text: hints, placeholders, counters.
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// Whether the environment asks for no colour (`NO_COLOR` set, not empty).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Remove every colour from a drawn frame, keeping the text and the
/// modifiers (bold, reversed, crossed out) that carry meaning without colour.
pub fn strip_colours(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        cell.set_fg(Color::Reset);
        cell.set_bg(Color::Reset);
        // Italic carries no meaning here and reads poorly in many terminals.
        cell.modifier.remove(Modifier::ITALIC);
    }
}

/// `1 record`, `2 records`: a count with its noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    #[test]
    fn stripping_keeps_text_and_meaningful_modifiers() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
        buf.set_string(0, 0, "✔ ok", success().bg(Color::Blue));
        strip_colours(&mut buf);
        let c = &buf.content[0];
        assert_eq!(c.symbol(), "✔");
        assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset));
        assert!(c.modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn the_palette_has_no_blue_or_italic_and_tells_success_from_info() {
        for s in [info(), success(), warning(), error(), dim()] {
            assert!(!matches!(s.fg, Some(Color::Blue)), "{s:?}");
            assert!(!s.add_modifier.contains(Modifier::ITALIC), "{s:?}");
        }
        assert_ne!(success().fg, info().fg);
        assert_eq!(error().fg, Some(Color::Red));
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "record", "records"), "1 record");
        assert_eq!(count(0, "record", "records"), "0 records");
    }
}
