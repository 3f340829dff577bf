//! `:screenshot [FILE]`: the screen as the UI draws it now, written as text
//! (one line per row, trailing spaces cut), or as a picture when FILE ends in
//! `.svg`, `.gif` or `.png`, drawn by the demo recorder's code
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

/// Write `buf` to `path`: a picture for `.svg`, `.gif` and `.png`, text
/// otherwise (`.jpg` and `.cast` are refused with the formats that are written).
pub fn write(buf: &Buffer, path: &Path) -> Result<String, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let picture = match ext.as_deref() {
        Some("svg") => Some(Format::Svg),
        Some("gif") => Some(Format::Gif),
        Some("png") => None,
        Some("jpg" | "jpeg" | "cast") => {
            return Err(format!(
                ":screenshot {}: writes text (.txt or any other name), .svg, .gif or .png",
                path.display()
            ))
        }
        _ => None,
    };
    let (w, h) = (buf.area.width, buf.area.height);
    match picture {
        None if ext.as_deref() == Some("png") => {
            let cannot =
                |e: std::io::Error| format!(":screenshot: cannot write {}: {e}", path.display());
            let file = std::fs::File::create(path).map_err(cannot)?;
            let mut out = std::io::BufWriter::new(file);
            picture::write_png(buf, &mut out, picture::DEFAULT_FONT_PX)
                .map_err(|e| format!(":screenshot: {e}"))?;
            std::io::Write::flush(&mut out).map_err(cannot)?;
        }
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

        let jpg = dir.path().join("shot.jpg");
        let e = write(&buf, &jpg).unwrap_err();
        assert!(
            e.contains("writes text (.txt or any other name), .svg, .gif or .png"),
            "{e}"
        );
        assert!(!jpg.exists());
    }

    /// A PNG screenshot decodes to the screen's size in the bundled font's
    /// cells, and holds the picture: the background, text in other colours.
    #[test]
    fn a_png_screenshot_decodes_to_the_screen() {
        let mut app = App::new();
        app.status = Some("hello from the status bar".into());
        let buf = draw(&app, 80, 24);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shot.PNG");
        let said = write(&buf, &path).expect("png written");
        assert_eq!(
            said,
            format!("screenshot (80x24) written to {}", path.display())
        );
        let file = std::fs::File::open(&path).expect("open");
        let mut reader = png::Decoder::new(std::io::BufReader::new(file))
            .read_info()
            .expect("a PNG");
        let cell = picture::cell_size(picture::DEFAULT_FONT_PX);
        let info = reader.info();
        assert_eq!(
            (info.width as usize, info.height as usize),
            (80 * cell.width, 24 * cell.height)
        );
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let mut data = vec![0; reader.output_buffer_size().expect("size")];
        let frame = reader.next_frame(&mut data).expect("pixels");
        let pixels: Vec<[u8; 3]> = data[..frame.buffer_size()]
            .chunks(3)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        let mut colours = pixels.clone();
        colours.sort();
        colours.dedup();
        assert!(colours.len() > 8, "only {} colours", colours.len());
        // Not blank: the most common colour (the background) covers most of
        // the picture, but far from all of it.
        let most = colours
            .iter()
            .map(|c| pixels.iter().filter(|p| *p == c).count())
            .max()
            .unwrap_or(0);
        assert!(most < pixels.len() * 98 / 100, "{most} of {}", pixels.len());
        // The GIF of the same screen has the same pixels (one renderer).
        let gif = dir.path().join("shot.gif");
        write(&buf, &gif).expect("gif written");
        let mut d = gif::DecodeOptions::new();
        d.set_color_output(gif::ColorOutput::RGBA);
        let mut g = d
            .read_info(std::fs::File::open(&gif).expect("open gif"))
            .expect("a GIF");
        let f = g.read_next_frame().expect("decode").expect("a frame");
        let gif_rgb: Vec<[u8; 3]> = f.buffer.chunks(4).map(|p| [p[0], p[1], p[2]]).collect();
        assert_eq!(gif_rgb.len(), pixels.len());
        assert!(gif_rgb == pixels, "the PNG and the GIF differ");
    }
}
