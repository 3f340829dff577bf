//! Embeds the lesson files: every `lessons/NN-*.md`, in order, becomes an
//! entry of `FILES` (see src/lessons/mod.rs), so `streamlab` works from any
//! directory.

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=lessons");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut files: Vec<(String, std::path::PathBuf)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let num = name.get(..2)?;
                    (name.ends_with(".md")
                        && num.chars().all(|c| c.is_ascii_digit())
                        && name.as_bytes().get(2) == Some(&b'-'))
                    .then(|| (num.to_string(), e.path()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from(
        "/// The lesson files, in order: (number, text).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for (num, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({num:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("lessons.rs");
    std::fs::write(dest, out).expect("write lessons.rs");
}
