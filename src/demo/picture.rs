//! Recordings as pictures: `streamlab demo SCRIPT --record out.gif` (or
//! `.svg`) draws every frame the demo showed with the bundled monospace font
//! (DejaVu Sans Mono, `assets/fonts/`), at the recording's size and timing.
//!
//! The player hands each drawn screen to a [`Film`] (a screen equal to the
//! last one is dropped). When the demo ends, the film is written:
//!
//! - **GIF**: each frame holds only the rectangle of cells that changed since
//!   the frame before (the rest is kept), so a typed character costs one cell;
//!   glyphs are rasterized once with `fontdue` and cached; antialiasing is
//!   reduced to [`SHADES`] levels so the colours fit one global palette.
//! - **SVG**: every frame is a group of text rows shown in turn by a discrete
//!   animation on one looping clock; the viewer's own font draws the text
//!   (DejaVu Sans Mono first, any monospace font after).
//!
//! Pauses longer than [`IDLE_CAP`] are shortened to it (a demo waiting for
//! batches does not show a still picture for long), frames closer than a GIF
//! can show (2 centiseconds) are merged into the later one, and the last
//! frame is held for [`IDLE_CAP`] before the loop starts again. Everything
//! depends only on the frames and their times, so a deterministic demo gives
//! the same file every time.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// The bundled font (licence: `assets/fonts/DejaVuSansMono-LICENSE.txt`).
const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

/// The longest pause a picture shows, in seconds (and how long its last frame stays).
pub const IDLE_CAP: f64 = 2.0;

/// The shortest delay between two GIF frames, in centiseconds (shorter ones
/// are shown slower by most viewers, so such frames are merged).
pub const MIN_DELAY_CS: u16 = 2;

/// Antialiasing levels kept (besides background and full ink).
pub const SHADES: u16 = 3;

/// The font size of pictures unless `--font-size` says otherwise, in pixels.
pub const DEFAULT_FONT_PX: f32 = 16.0;

/// What `--record FILE` writes, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Cast,
    Gif,
    Svg,
}

impl Format {
    /// The format of `path` by its extension, or a message naming the ones known.
    pub fn of(path: &Path) -> Result<Format, String> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("cast") => Ok(Format::Cast),
            Some("gif") => Ok(Format::Gif),
            Some("svg") => Ok(Format::Svg),
            _ => Err(format!(
                "--record {}: the file's extension says what to write: .cast (asciicast), .gif or .svg",
                path.display()
            )),
        }
    }
}

/// The screens a demo showed, with the time (seconds) each appeared.
#[derive(Debug, Clone, Default)]
pub struct Film {
    pub frames: Vec<(f64, Buffer)>,
}

impl Film {
    /// Keep `screen` as shown at `time`, unless it equals the last one kept.
    pub fn capture(&mut self, time: f64, screen: &Buffer) {
        if self.frames.last().is_some_and(|(_, b)| b == screen) {
            return;
        }
        let time = self.frames.last().map_or(time, |(t, _)| time.max(*t));
        self.frames.push((time, screen.clone()));
    }

    /// The frames to show and how long each stays, in centiseconds: pauses
    /// capped at [`IDLE_CAP`], frames shown for less than [`MIN_DELAY_CS`]
    /// dropped in favour of the next, the last one held for [`IDLE_CAP`].
    pub fn timeline(&self) -> Vec<(&Buffer, u16)> {
        let cap = (IDLE_CAP * 100.0).round() as i64;
        // Times on the picture's clock (idle time capped), in centiseconds.
        let mut at = Vec::with_capacity(self.frames.len());
        let mut clock = 0i64;
        let mut prev: Option<i64> = None;
        for (t, _) in &self.frames {
            let cs = (t * 100.0).round() as i64;
            if let Some(p) = prev {
                clock += (cs - p).clamp(0, cap);
            }
            prev = Some(cs);
            at.push(clock);
        }
        let mut out: Vec<(&Buffer, u16)> = Vec::new();
        for (i, (_, b)) in self.frames.iter().enumerate() {
            let delay = match at.get(i + 1) {
                Some(next) => next - at[i],
                None => cap,
            };
            if delay < MIN_DELAY_CS as i64 && i + 1 < self.frames.len() {
                // Shown too briefly: the next frame takes its time.
                continue;
            }
            // The time of frames dropped just before this one is its own.
            let start = out.iter().map(|(_, d)| *d as i64).sum::<i64>();
            let end = at.get(i + 1).copied().unwrap_or(at[i] + cap);
            out.push((b, (end - start).clamp(0, u16::MAX as i64) as u16));
        }
        out
    }
}

/// Write `film` to `path` in `format` (a cast is written by the player itself).
pub fn write(film: &Film, path: &Path, format: Format, font_px: f32) -> Result<(), PictureError> {
    let err = |error| PictureError::Write {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::create(path).map_err(err)?;
    let mut out = io::BufWriter::new(file);
    match format {
        Format::Gif => write_gif(film, &mut out, font_px)?,
        Format::Svg => write_svg(film, &mut out, font_px).map_err(err)?,
        Format::Cast => {}
    }
    out.flush().map_err(err)
}

/// Why a picture could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("cannot write {}: {error}", path.display())]
    Write { path: PathBuf, error: io::Error },
    #[error("cannot encode the GIF: {0}")]
    Gif(#[from] gif::EncodingError),
    #[error("cannot encode the PNG: {0}")]
    Png(#[from] png::EncodingError),
    #[error("the recording is {w}x{h} pixels; a GIF holds at most 65535x65535 (use a smaller --font-size)")]
    TooLarge { w: usize, h: usize },
    #[error("--font-size {0}: give a size from 6 to 64 pixels")]
    FontSize(f32),
    #[error("the demo drew no frame")]
    Empty,
}

/// One cell's look once modifiers are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Look {
    fg: [u8; 3],
    bg: [u8; 3],
    bold: bool,
    underline: bool,
}

const DEFAULT_FG: [u8; 3] = [0xd0, 0xd0, 0xd0];
const DEFAULT_BG: [u8; 3] = [0x1c, 0x1c, 0x1c];

/// The 16 ANSI colours (xterm's defaults, a little softened for dark blue).
const ANSI: [[u8; 3]; 16] = [
    [0x00, 0x00, 0x00],
    [0xcd, 0x00, 0x00],
    [0x00, 0xcd, 0x00],
    [0xcd, 0xcd, 0x00],
    [0x3b, 0x6e, 0xe8],
    [0xcd, 0x00, 0xcd],
    [0x00, 0xcd, 0xcd],
    [0xe5, 0xe5, 0xe5],
    [0x7f, 0x7f, 0x7f],
    [0xff, 0x00, 0x00],
    [0x00, 0xff, 0x00],
    [0xff, 0xff, 0x00],
    [0x5c, 0x8c, 0xff],
    [0xff, 0x00, 0xff],
    [0x00, 0xff, 0xff],
    [0xff, 0xff, 0xff],
];

fn rgb(c: Color, default: [u8; 3]) -> [u8; 3] {
    match c {
        Color::Reset => default,
        Color::Black => ANSI[0],
        Color::Red => ANSI[1],
        Color::Green => ANSI[2],
        Color::Yellow => ANSI[3],
        Color::Blue => ANSI[4],
        Color::Magenta => ANSI[5],
        Color::Cyan => ANSI[6],
        Color::Gray => ANSI[7],
        Color::DarkGray => ANSI[8],
        Color::LightRed => ANSI[9],
        Color::LightGreen => ANSI[10],
        Color::LightYellow => ANSI[11],
        Color::LightBlue => ANSI[12],
        Color::LightMagenta => ANSI[13],
        Color::LightCyan => ANSI[14],
        Color::White => ANSI[15],
        Color::Rgb(r, g, b) => [r, g, b],
        Color::Indexed(i) => indexed(i),
    }
}

/// xterm's 256-colour table: 16 ANSI, a 6x6x6 cube, 24 greys.
fn indexed(i: u8) -> [u8; 3] {
    match i {
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
    }
}

fn blend(bg: [u8; 3], fg: [u8; 3], num: u16, den: u16) -> [u8; 3] {
    let mix = |b: u8, f: u8| ((b as u16 * (den - num) + f as u16 * num + den / 2) / den) as u8;
    [mix(bg[0], fg[0]), mix(bg[1], fg[1]), mix(bg[2], fg[2])]
}

fn look(cell: &ratatui::buffer::Cell) -> Look {
    let m = cell.modifier;
    let (mut fg, mut bg) = (rgb(cell.fg, DEFAULT_FG), rgb(cell.bg, DEFAULT_BG));
    if m.contains(Modifier::REVERSED) {
        std::mem::swap(&mut fg, &mut bg);
    }
    if m.contains(Modifier::DIM) {
        fg = blend(bg, fg, 2, 3);
    }
    if m.contains(Modifier::HIDDEN) {
        fg = bg;
    }
    Look {
        fg,
        bg,
        bold: m.contains(Modifier::BOLD),
        underline: m.contains(Modifier::UNDERLINED),
    }
}

/// A font size pictures can be drawn at (6 to 64 pixels).
pub fn check_font_size(font_px: f32) -> Result<(), PictureError> {
    if (6.0..=64.0).contains(&font_px) {
        Ok(())
    } else {
        Err(PictureError::FontSize(font_px))
    }
}

/// The size of a cell in pixels at `font_px`, and the baseline's distance
/// from the cell's top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellSize {
    pub width: usize,
    pub height: usize,
    pub baseline: usize,
}

fn load_font() -> fontdue::Font {
    // The bundled font is known to parse (a unit test checks it).
    fontdue::Font::from_bytes(FONT, fontdue::FontSettings::default())
        .expect("the bundled font parses")
}

fn cell_size_of(font: &fontdue::Font, font_px: f32) -> CellSize {
    let width = font.metrics('M', font_px).advance_width.ceil().max(1.0) as usize;
    let (ascent, descent) = font
        .horizontal_line_metrics(font_px)
        .map_or((font_px * 0.8, -font_px * 0.2), |l| (l.ascent, l.descent));
    let baseline = ascent.ceil().max(1.0) as usize;
    let height = baseline + (-descent).ceil().max(0.0) as usize;
    CellSize {
        width,
        height,
        baseline,
    }
}

/// The cell size pictures use at `font_px` (for tests and for sizing).
pub fn cell_size(font_px: f32) -> CellSize {
    cell_size_of(&load_font(), font_px)
}

/// Rasterized glyphs, each reduced to coverage levels 0..=SHADES+1.
struct Glyphs {
    font: fontdue::Font,
    px: f32,
    cell: CellSize,
    cache: HashMap<char, Vec<u8>>,
}

impl Glyphs {
    fn new(font_px: f32) -> Result<Glyphs, PictureError> {
        check_font_size(font_px)?;
        let font = load_font();
        let cell = cell_size_of(&font, font_px);
        Ok(Glyphs {
            font,
            px: font_px,
            cell,
            cache: HashMap::new(),
        })
    }

    /// The glyph of `c` placed in a cell: one level per pixel, row by row.
    fn get(&mut self, c: char) -> &[u8] {
        let (cell, px, font) = (self.cell, self.px, &self.font);
        self.cache.entry(c).or_insert_with(|| {
            let mut out = vec![0u8; cell.width * cell.height];
            if c == ' ' {
                return out;
            }
            let (m, bitmap) = font.rasterize(c, px);
            let top = cell.baseline as i32 - (m.height as i32 + m.ymin);
            for gy in 0..m.height {
                for gx in 0..m.width {
                    let (x, y) = (m.xmin + gx as i32, top + gy as i32);
                    if x < 0 || y < 0 || x as usize >= cell.width || y as usize >= cell.height {
                        continue;
                    }
                    let v = bitmap[gy * m.width + gx] as u16;
                    let level = (v * (SHADES + 1) + 127) / 255;
                    out[y as usize * cell.width + x as usize] = level as u8;
                }
            }
            out
        })
    }
}

/// Colours met so far, each with its palette index (256 at most; past that
/// a colour takes the nearest one known).
#[derive(Default)]
struct Palette {
    index: HashMap<[u8; 3], u8>,
    colours: Vec<[u8; 3]>,
}

impl Palette {
    fn get(&mut self, c: [u8; 3]) -> u8 {
        if let Some(&i) = self.index.get(&c) {
            return i;
        }
        let i = if self.colours.len() < 256 {
            self.colours.push(c);
            (self.colours.len() - 1) as u8
        } else {
            let dist =
                |o: &[u8; 3]| -> i32 { (0..3).map(|k| (o[k] as i32 - c[k] as i32).pow(2)).sum() };
            let (i, _) = self
                .colours
                .iter()
                .enumerate()
                .min_by_key(|(_, o)| dist(o))
                .expect("256 colours");
            i as u8
        };
        self.index.insert(c, i);
        i
    }

    fn bytes(&self) -> Vec<u8> {
        let mut v: Vec<u8> = self.colours.iter().flatten().copied().collect();
        if v.is_empty() {
            v.extend_from_slice(&DEFAULT_BG);
        }
        v
    }
}

/// The cells (x0, y0, x1, y1 exclusive) where `b` differs from `a`, if any.
pub fn changed_cells(a: &Buffer, b: &Buffer) -> Option<(u16, u16, u16, u16)> {
    if a.area != b.area {
        return Some((0, 0, b.area.width, b.area.height));
    }
    let w = b.area.width as usize;
    let mut r: Option<(u16, u16, u16, u16)> = None;
    for (i, (ca, cb)) in a.content().iter().zip(b.content()).enumerate() {
        if ca != cb {
            let (x, y) = ((i % w) as u16, (i / w) as u16);
            r = Some(match r {
                None => (x, y, x + 1, y + 1),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x + 1), y1.max(y + 1)),
            });
        }
    }
    r
}

/// The cells `rect` (x0, y0, x1, y1 exclusive) of `screen` drawn with
/// `glyphs`: one pixel per entry, row by row, each colour turned into a pixel
/// by `pixel` (a palette index for a GIF, the colour itself for a PNG).
fn draw_cells<P: Copy + Default>(
    screen: &Buffer,
    rect: (u16, u16, u16, u16),
    glyphs: &mut Glyphs,
    pixel: &mut dyn FnMut([u8; 3]) -> P,
) -> Vec<P> {
    let (x0, y0, x1, y1) = rect;
    let cell = glyphs.cell;
    let area = screen.area;
    let (cols, rows) = (
        x1.saturating_sub(x0) as usize,
        y1.saturating_sub(y0) as usize,
    );
    let fw = cols * cell.width;
    let mut pixels = vec![P::default(); fw * rows * cell.height];
    for row in 0..rows {
        for col in 0..cols {
            let c = &screen[(area.x + x0 + col as u16, area.y + y0 + row as u16)];
            let l = look(c);
            let ch = c.symbol().chars().next().unwrap_or(' ');
            let shades: Vec<P> = (0..=SHADES + 1)
                .map(|k| pixel(blend(l.bg, l.fg, k, SHADES + 1)))
                .collect();
            let g = glyphs.get(ch);
            for gy in 0..cell.height {
                let line = (row * cell.height + gy) * fw + col * cell.width;
                for gx in 0..cell.width {
                    let mut level = g[gy * cell.width + gx];
                    if l.bold && gx > 0 {
                        level = level.max(g[gy * cell.width + gx - 1]);
                    }
                    if l.underline && gy + 1 == cell.height {
                        level = SHADES as u8 + 1;
                    }
                    pixels[line + gx] = shades[level as usize];
                }
            }
        }
    }
    pixels
}

/// Write one screen as a PNG (8-bit RGB) drawn with the bundled font at
/// `font_px`, the same pixels a GIF frame of it holds.
pub fn write_png(screen: &Buffer, out: &mut impl Write, font_px: f32) -> Result<(), PictureError> {
    let mut glyphs = Glyphs::new(font_px)?;
    let cell = glyphs.cell;
    let (w, h) = (screen.area.width, screen.area.height);
    let (pw, ph) = (w as usize * cell.width, h as usize * cell.height);
    let too_large = || PictureError::TooLarge { w: pw, h: ph };
    let (pw32, ph32) = (
        u32::try_from(pw).map_err(|_| too_large())?,
        u32::try_from(ph).map_err(|_| too_large())?,
    );
    if pw == 0 || ph == 0 {
        return Err(PictureError::Empty);
    }
    let pixels = draw_cells(screen, (0, 0, w, h), &mut glyphs, &mut |c| c);
    let bytes: Vec<u8> = pixels.into_iter().flatten().collect();
    let mut enc = png::Encoder::new(out, pw32, ph32);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    let mut writer = enc.write_header()?;
    writer.write_image_data(&bytes)?;
    writer.finish()?;
    Ok(())
}

fn write_gif(film: &Film, out: &mut impl Write, font_px: f32) -> Result<(), PictureError> {
    let timeline = film.timeline();
    let Some((first, _)) = timeline.first() else {
        return Err(PictureError::Empty);
    };
    let mut glyphs = Glyphs::new(font_px)?;
    let cell = glyphs.cell;
    let area = first.area;
    let (pw, ph) = (
        area.width as usize * cell.width,
        area.height as usize * cell.height,
    );
    if pw > u16::MAX as usize || ph > u16::MAX as usize {
        return Err(PictureError::TooLarge { w: pw, h: ph });
    }
    let mut palette = Palette::default();
    // First every frame's changed rectangle as palette indices, then the
    // palette is known and the file can be written.
    let mut frames: Vec<gif::Frame<'static>> = Vec::with_capacity(timeline.len());
    let mut prev: Option<&Buffer> = None;
    for (screen, delay) in &timeline {
        let rect = match prev {
            None => Some((0, 0, area.width, area.height)),
            Some(p) => changed_cells(p, screen),
        };
        prev = Some(screen);
        let Some((x0, y0, x1, y1)) = rect else {
            // Same picture (cannot happen after capture, but harmless):
            // stretch the frame before.
            if let Some(f) = frames.last_mut() {
                f.delay = f.delay.saturating_add(*delay);
            }
            continue;
        };
        let (cols, rows) = ((x1 - x0) as usize, (y1 - y0) as usize);
        let fw = cols * cell.width;
        let pixels = draw_cells(screen, (x0, y0, x1, y1), &mut glyphs, &mut |c| {
            palette.get(c)
        });
        frames.push(gif::Frame {
            delay: *delay,
            dispose: gif::DisposalMethod::Keep,
            left: (x0 as usize * cell.width) as u16,
            top: (y0 as usize * cell.height) as u16,
            width: fw as u16,
            height: (rows * cell.height) as u16,
            buffer: pixels.into(),
            ..gif::Frame::default()
        });
    }
    let mut enc = gif::Encoder::new(out, pw as u16, ph as u16, &palette.bytes())?;
    enc.set_repeat(gif::Repeat::Infinite)?;
    for f in &frames {
        enc.write_frame(f)?;
    }
    Ok(())
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn xml_escape(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            // Characters XML does not allow.
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
}

fn write_svg(film: &Film, out: &mut impl Write, font_px: f32) -> io::Result<()> {
    let timeline = film.timeline();
    let Some((first, _)) = timeline.first() else {
        return Err(io::Error::other("the demo drew no frame"));
    };
    let cell = cell_size(font_px);
    let area = first.area;
    let (pw, ph) = (
        area.width as usize * cell.width,
        area.height as usize * cell.height,
    );
    let total: u64 = timeline.iter().map(|(_, d)| *d as u64).sum::<u64>().max(1);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw}\" height=\"{ph}\" viewBox=\"0 0 {pw} {ph}\" \
         font-family=\"'DejaVu Sans Mono', monospace\" font-size=\"{font_px}px\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"{}\"/>\n",
        hex(DEFAULT_BG)
    );
    let mut start = 0u64;
    for (screen, delay) in &timeline {
        let end = start + *delay as u64;
        // Discrete visibility on the shared clock: shown from start to end.
        let (a, b) = (start as f64 / total as f64, end as f64 / total as f64);
        let _ = writeln!(
            s,
            "<g visibility=\"hidden\"><animate attributeName=\"visibility\" calcMode=\"discrete\" \
             values=\"hidden;visible;hidden\" keyTimes=\"0;{a:.5};{b:.5}\" dur=\"{:.2}s\" repeatCount=\"indefinite\"/>",
            total as f64 / 100.0
        );
        for y in 0..area.height {
            let ty = y as usize * cell.height;
            // Backgrounds: runs of one colour other than the default.
            let mut x = 0u16;
            while x < area.width {
                let bg = look(&screen[(area.x + x, area.y + y)]).bg;
                let mut e = x + 1;
                while e < area.width && look(&screen[(area.x + e, area.y + y)]).bg == bg {
                    e += 1;
                }
                if bg != DEFAULT_BG {
                    let _ = writeln!(
                        s,
                        "<rect x=\"{}\" y=\"{ty}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                        x as usize * cell.width,
                        (e - x) as usize * cell.width,
                        cell.height,
                        hex(bg)
                    );
                }
                x = e;
            }
            // Text: one element per run of one look, placed at its column.
            let base = ty + cell.baseline;
            let mut x = 0u16;
            while x < area.width {
                let c = &screen[(area.x + x, area.y + y)];
                let l = look(c);
                let mut text = String::from(c.symbol());
                let mut e = x + 1;
                while e < area.width {
                    let d = &screen[(area.x + e, area.y + y)];
                    if look(d) != l {
                        break;
                    }
                    text.push_str(d.symbol());
                    e += 1;
                }
                let text = text.trim_end();
                if !text.is_empty() {
                    let _ = write!(
                        s,
                        "<text x=\"{}\" y=\"{base}\" fill=\"{}\" xml:space=\"preserve\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"{}{}>",
                        x as usize * cell.width,
                        hex(l.fg),
                        text.chars().count() * cell.width,
                        if l.bold { " font-weight=\"bold\"" } else { "" },
                        if l.underline { " text-decoration=\"underline\"" } else { "" },
                    );
                    xml_escape(text, &mut s);
                    s.push_str("</text>\n");
                }
                x = e;
            }
        }
        s.push_str("</g>\n");
        start = end;
    }
    s.push_str("</svg>\n");
    out.write_all(s.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn screen(text: &str) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 6, 2));
        b.set_string(0, 0, text, Style::default());
        b
    }

    #[test]
    fn the_bundled_font_gives_a_monospace_cell() {
        let c = cell_size(12.0);
        assert!(c.width >= 6 && c.width <= 9, "{c:?}");
        assert!(c.height >= 12 && c.height <= 17, "{c:?}");
        assert!(c.baseline < c.height);
        let mut g = Glyphs::new(12.0).unwrap();
        assert!(g.get('M').iter().any(|&v| v as u16 == SHADES + 1));
        assert!(g.get(' ').iter().all(|&v| v == 0));
    }

    #[test]
    fn the_extension_chooses_the_format() {
        assert_eq!(Format::of(Path::new("a/b.GIF")), Ok(Format::Gif));
        assert_eq!(Format::of(Path::new("b.svg")), Ok(Format::Svg));
        assert_eq!(Format::of(Path::new("b.cast")), Ok(Format::Cast));
        let e = Format::of(Path::new("b.png")).unwrap_err();
        assert!(e.contains("b.png") && e.contains(".gif"), "{e}");
    }

    #[test]
    fn pauses_are_capped_and_brief_frames_merge() {
        let mut f = Film::default();
        f.capture(0.0, &screen("a"));
        f.capture(0.3, &screen("a")); // unchanged: dropped
        f.capture(0.5, &screen("ab")); // shown for 1 cs: merged into the next
        f.capture(0.51, &screen("abc")); // the same
        f.capture(0.52, &screen("abcd"));
        f.capture(30.0, &screen("abcde")); // after a long pause, capped
        assert_eq!(f.frames.len(), 5);
        let t = f.timeline();
        let delays: Vec<u16> = t.iter().map(|(_, d)| *d).collect();
        // 2 cs of merged frames plus the capped pause; the last frame held.
        assert_eq!(delays, vec![50, 2 + 200, 200]);
        assert_eq!(t[1].0, &screen("abcd"));
    }

    #[test]
    fn only_changed_cells_are_redrawn() {
        assert_eq!(changed_cells(&screen("ab"), &screen("ab")), None);
        assert_eq!(
            changed_cells(&screen("ab"), &screen("ax")),
            Some((1, 0, 2, 1))
        );
        let mut b = screen("ab");
        b.set_string(3, 1, "z", Style::default());
        assert_eq!(changed_cells(&screen("xb"), &b), Some((0, 0, 4, 2)));
    }

    #[test]
    fn a_film_becomes_a_gif_and_an_svg() {
        let mut f = Film::default();
        f.capture(0.0, &screen("a"));
        f.capture(1.0, &screen("a<&"));
        let mut gif_bytes = Vec::new();
        write_gif(&f, &mut gif_bytes, 10.0).unwrap();
        let mut d = gif::DecodeOptions::new().read_info(&gif_bytes[..]).unwrap();
        let c = cell_size(10.0);
        assert_eq!(
            (d.width() as usize, d.height() as usize),
            (6 * c.width, 2 * c.height)
        );
        let first = d.read_next_frame().unwrap().unwrap();
        assert_eq!((first.width, first.delay), (d.width(), 100));
        let second = d.read_next_frame().unwrap().unwrap();
        assert_eq!(
            (second.left as usize, second.width as usize, second.delay),
            (c.width, 2 * c.width, 200)
        );
        assert!(d.read_next_frame().unwrap().is_none());
        let mut svg = Vec::new();
        write_svg(&f, &mut svg, 10.0).unwrap();
        let svg = String::from_utf8(svg).unwrap();
        assert_eq!(svg.matches("<g ").count(), 2);
        assert!(svg.contains(">a&lt;&amp;</text>"), "{svg}");
        assert!(svg.contains("dur=\"3.00s\""), "{svg}");
    }
}
