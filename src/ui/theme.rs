//! The UI's semantic styles, defined once: what a kind of text looks like
//! (information, success, warning, error, dim), not which colour a pane
//! picked. Each foreground keeps a contrast of at least [`MIN_CONTRAST`]:1
//! (WCAG's ratio) against both a black and a white default background, as
//! xterm draws them, so it reads on a dark and on a light terminal alike.
//! That rules out xterm's plain green, yellow, cyan and white (1.3 to 2.2
//! on white) and ANSI blue (2.2 on black): information, success and
//! warning take mid-tone colours of the 256-colour table (teal 31, green
//! 28, orange 166), errors ANSI red, dim text ANSI bright black. No italic
//! (many terminals draw it poorly); success and information in different
//! colours. Meaning never rests on colour alone: the panes add a symbol
//! (`✔`, `✘`, `+`, `~`, `-`, `◂`).
//!
//! `NO_COLOR` (set and not empty, as <https://no-color.org> asks) removes
//! every colour when the frame is drawn ([`strip_colours`]); bold, reversed
//! and the symbols stay.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// The least contrast a semantic foreground keeps against a black and a
/// white background (WCAG's ratio; 3:1 is its floor for large text).
pub const MIN_CONTRAST: f64 = 3.0;

/// Notes from streamlab: started, restarted, command answers.
pub fn info() -> Style {
    Style::new().fg(Color::Indexed(31))
}

/// A check that passed, a lesson step done.
pub fn success() -> Style {
    Style::new()
        .fg(Color::Indexed(28))
        .add_modifier(Modifier::BOLD)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Indexed(166))
}

/// Errors, everywhere they are shown.
pub fn error() -> Style {
    Style::new().fg(Color::Red)
}

/// Secondary text: hints, placeholders, counters.
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// Every semantic style, by name (for tests and for the palette's checks).
pub fn semantic() -> [(&'static str, Style); 5] {
    [
        ("info", info()),
        ("success", success()),
        ("warning", warning()),
        ("error", error()),
        ("dim", dim()),
    ]
}

/// WCAG's contrast ratio of two sRGB colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = c as f64 / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let lum = |c: [u8; 3]| 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The colour xterm draws for `c` with its default palette (`None` for the
/// terminal's default colour, which reads on its own background).
pub fn xterm_rgb(c: Color) -> Option<[u8; 3]> {
    const ANSI: [[u8; 3]; 16] = [
        [0x00, 0x00, 0x00],
        [0xcd, 0x00, 0x00],
        [0x00, 0xcd, 0x00],
        [0xcd, 0xcd, 0x00],
        [0x00, 0x00, 0xee],
        [0xcd, 0x00, 0xcd],
        [0x00, 0xcd, 0xcd],
        [0xe5, 0xe5, 0xe5],
        [0x7f, 0x7f, 0x7f],
        [0xff, 0x00, 0x00],
        [0x00, 0xff, 0x00],
        [0xff, 0xff, 0x00],
        [0x5c, 0x5c, 0xff],
        [0xff, 0x00, 0xff],
        [0x00, 0xff, 0xff],
        [0xff, 0xff, 0xff],
    ];
    let i = match c {
        Color::Reset => return None,
        Color::Rgb(r, g, b) => return Some([r, g, b]),
        Color::Indexed(i) => i,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    Some(match i {
        0..=15 => ANSI[i as usize],
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            [level(n / 36), level((n / 6) % 6), level(n % 6)]
        }
        _ => {
            let g = 8 + (i - 232) * 10;
            [g, g, g]
        }
    })
}

/// Whether text in `fg` reads on both a black and a white default background.
pub fn reads_on_dark_and_light(fg: Color) -> bool {
    xterm_rgb(fg).is_none_or(|c| {
        contrast(c, [0, 0, 0]) >= MIN_CONTRAST && contrast(c, [255, 255, 255]) >= MIN_CONTRAST
    })
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
        for (_, s) in semantic() {
            assert!(!matches!(s.fg, Some(Color::Blue)), "{s:?}");
            assert!(!s.add_modifier.contains(Modifier::ITALIC), "{s:?}");
        }
        assert_ne!(success().fg, info().fg);
        assert_eq!(error().fg, Some(Color::Red));
    }

    /// Issue 18: no semantic style has a foreground that fades into a light
    /// or a dark default background (xterm's palette, WCAG contrast).
    #[test]
    fn every_semantic_style_reads_on_a_light_and_a_dark_background() {
        for (name, s) in semantic() {
            let fg = s.fg.expect("a semantic style sets its foreground");
            assert!(s.bg.is_none(), "{name} sets no background of its own");
            let rgb = xterm_rgb(fg).expect("a colour");
            for (bg, bg_name) in [([0, 0, 0], "black"), ([255, 255, 255], "white")] {
                let c = contrast(rgb, bg);
                assert!(
                    c >= MIN_CONTRAST,
                    "{name} ({fg:?}) on {bg_name}: contrast {c:.2} < {MIN_CONTRAST}"
                );
            }
        }
        // The check itself tells readable colours from vanishing ones.
        for gone in [
            Color::White,
            Color::Yellow,
            Color::Cyan,
            Color::Green,
            Color::Blue,
        ] {
            assert!(!reads_on_dark_and_light(gone), "{gone:?}");
        }
        assert!(reads_on_dark_and_light(Color::Reset));
        assert!(reads_on_dark_and_light(Color::Magenta));
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        // The five styles are five different colours.
        let mut fgs: Vec<String> = semantic()
            .iter()
            .map(|(_, s)| format!("{:?}", s.fg))
            .collect();
        fgs.sort();
        fgs.dedup();
        assert_eq!(fgs.len(), 5);
    }

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(1, "record", "records"), "1 record");
        assert_eq!(count(0, "record", "records"), "0 records");
    }
}
