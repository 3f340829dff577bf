//! `:screenshot [FILE]`: the screen as the UI draws it now, written as text
//! (one line per row, trailing spaces cut), or as a picture when FILE ends in
//! `.svg` or `.gif`, drawn by the demo recorder's code
//! ([`crate::demo::picture`]) with the bundled font.

use std::path::Path;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use super::app::App;
use crate::demo::picture::{self, Film, Format};

/// The app drawn on a `w`x`h` screen, off the real terminal (rendering is
/// a pure function of the state, so this is exactly what is on screen).
pub fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = match Terminal::new(TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    // Drawing on a TestBackend does not fail.
    let _ = t.draw(|f| super::panes::render(app, f));
    t.backend().buffer().clone()
}

/// The screen as text: its rows, trailing spaces removed.
pub fn text(buf: &Buffer) -> String {
    let w = buf.area.width as usize;
    let mut out = String::new();
    for row in buf.content.chunks(w.max(1)) {
        let line: String = row.iter().map(|c| c.symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Write `buf` to `path`: a picture for `.svg` and `.gif`, text otherwise
/// (`.png` is refused with the formats that are written).
pub fn write(buf: &Buffer, path: &Path) -> Result<String, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let picture = match ext.as_deref() {
        Some("svg") => Some(Format::Svg),
        Some("gif") => Some(Format::Gif),
        Some("png" | "jpg" | "jpeg" | "cast") => {
            return Err(format!(
                ":screenshot {}: writes text (.txt or any other name), .svg or .gif",
                path.display()
            ))
        }
        _ => None,
    };
    let (w, h) = (buf.area.width, buf.area.height);
    match picture {
        Some(format) => {
            let mut film = Film::default();
            film.capture(0.0, buf);
            picture::write(&film, path, format, picture::DEFAULT_FONT_PX)
                .map_err(|e| format!(":screenshot: {e}"))?;
        }
        None => std::fs::write(path, text(buf))
            .map_err(|e| format!(":screenshot: cannot write {}: {e}", path.display()))?,
    }
    Ok(format!(
        "screenshot ({w}x{h}) written to {}",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_svg_and_gif_screenshots_hold_the_screen() {
        let mut app = App::new();
        app.status = Some("hello from the status bar".into());
        let buf = draw(&app, 80, 24);
        let dir = tempfile::tempdir().expect("tempdir");

        let txt = dir.path().join("shot.txt");
        let said = write(&buf, &txt).expect("text written");
        assert_eq!(
            said,
            format!("screenshot (80x24) written to {}", txt.display())
        );
        let written = std::fs::read_to_string(&txt).expect("read");
        assert_eq!(written.lines().count(), 24);
        assert!(written.contains("┏ REPL"), "{written}");
        assert!(written.contains("hello from the status bar"), "{written}");
        assert!(written.lines().all(|l| !l.ends_with(' ')));

        let svg = dir.path().join("shot.svg");
        write(&buf, &svg).expect("svg written");
        let s = std::fs::read_to_string(&svg).expect("read");
        assert!(
            s.starts_with("<svg") || s.contains("<svg"),
            "{}",
            &s[..200.min(s.len())]
        );
        assert!(s.contains("hello from the status bar"));

        let gif = dir.path().join("shot.gif");
        write(&buf, &gif).expect("gif written");
        let bytes = std::fs::read(&gif).expect("read");
        assert!(bytes.starts_with(b"GIF89a"));

        let png = dir.path().join("shot.png");
        let e = write(&buf, &png).unwrap_err();
        assert!(
            e.contains("writes text (.txt or any other name), .svg or .gif"),
            "{e}"
        );
        assert!(!png.exists());
    }
}
