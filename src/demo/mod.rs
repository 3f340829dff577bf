//! `streamlab demo SCRIPT`: a scripted session that plays itself at human
//! speed in the real UI, and can record itself.
//!
//! - [`script`]: the script format (parsed with nom);
//! - [`player`]: plays a script by sending the UI the same messages a person's
//!   keys would, live (the real producer and clock) or deterministic (a
//!   virtual clock and a scripted producer: the same script gives the same
//!   frames every time);
//! - [`cast`]: the asciicast v2 recorder (`--record FILE.cast`);
//! - [`picture`]: recordings as animated GIF or SVG (`--record FILE.gif`,
//!   `--record FILE.svg`), drawn with the bundled monospace font;
//! - [`files`]: the files `:save`, `:export` and `:load` may touch in a demo
//!   (those in its own directory).

pub mod cast;
pub mod files;
pub mod picture;
pub mod player;
pub mod script;

use std::path::PathBuf;

/// Options of `streamlab demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// The demo script (format: lessons/demos/FORMAT.md).
    pub script: PathBuf,
    /// Record what the terminal shows to FILE: asciicast v2 (`.cast`, for
    /// asciinema players), or an animated picture (`.gif`, `.svg`) for
    /// slides and READMEs, long pauses shortened. Without a terminal, the
    /// demo plays into the file only.
    #[arg(long, value_name = "FILE.cast|FILE.gif|FILE.svg")]
    pub record: Option<PathBuf>,
    /// The font size of a `.gif` or `.svg` recording, in pixels.
    #[arg(long, value_name = "PX", default_value_t = picture::DEFAULT_FONT_PX)]
    pub font_size: f32,
    /// Play faster (2) or slower (0.5): scales typing and every wait.
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Draw at this size, WIDTHxHEIGHT (default: the script's `size`, else
    /// the terminal's; 100x30 without a terminal).
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(u16, u16)>,
    /// Run on a virtual clock with a scripted producer, so the same script
    /// gives the same frames, and the same cast, on every run.
    #[arg(long)]
    pub deterministic: bool,
    /// The port the producer listens on (a free one if taken).
    #[arg(long, default_value_t = crate::ui::DEFAULT_PORT)]
    pub port: u16,
}

/// `100x30` as (width, height).
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("invalid size '{s}': write WIDTHxHEIGHT, like 100x30"))?;
    let w: u16 = w
        .trim()
        .parse()
        .map_err(|_| format!("invalid width in '{s}'"))?;
    let h: u16 = h
        .trim()
        .parse()
        .map_err(|_| format!("invalid height in '{s}'"))?;
    if w < 40 || h < 12 {
        return Err(format!("size {s} is too small: at least 40x12"));
    }
    Ok((w, h))
}

pub use player::run;
