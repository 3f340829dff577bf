//! The files a demo may touch: only those in its script's own directory.
//!
//! Demo scripts are shared like any other file, and a script types into the
//! real UI, so `:save`, `:export` and `:load` in a demo could write over any
//! file the viewer can write, or show a private file's first line in a
//! recording. In a demo these commands take paths relative to the script's
//! directory and are refused when the path leaves it: `..`, an absolute path
//! elsewhere, or a symbolic link that points out of it.

use std::path::{Component, Path, PathBuf};

/// A playing demo's directory, and the script line being played.
#[derive(Debug, Clone)]
pub struct DemoFiles {
    /// The script's directory, canonical (symbolic links resolved).
    dir: PathBuf,
    /// The script line being played (1-based), for messages.
    pub line: usize,
    /// The first refusal not yet reported by the player (which stops the
    /// demo with the line): the message without the line.
    pub refused: Option<String>,
}

impl DemoFiles {
    /// The directory of `script`.
    pub fn for_script(script: &Path) -> std::io::Result<DemoFiles> {
        let script = script.canonicalize()?;
        let dir = script.parent().unwrap_or(Path::new("/")).to_path_buf();
        Ok(DemoFiles {
            dir,
            line: 0,
            refused: None,
        })
    }

    /// Where `:CMD PATH` may read (`write` false) or write: the path inside
    /// the demo's directory, or the refusal (also kept in `refused`).
    pub fn resolve(&mut self, cmd: &str, path: &Path, write: bool) -> Result<PathBuf, String> {
        let inside = self.inside(path, write);
        inside.map_err(|why| {
            let msg = format!(
                ":{cmd} {} refused: {why}; a demo may only {} files in its own directory {}",
                path.display(),
                if write { "write" } else { "read" },
                self.dir.display()
            );
            let shown = format!("demo line {}: {msg}", self.line);
            self.refused.get_or_insert(msg);
            shown
        })
    }

    fn inside(&self, path: &Path, write: bool) -> Result<PathBuf, String> {
        if path.components().any(|c| c == Component::ParentDir) {
            return Err("the path goes up with '..'".into());
        }
        let joined = self.dir.join(path);
        let outside = |p: &Path| !p.starts_with(&self.dir);
        if outside(&joined) {
            return Err("the path is outside it".into());
        }
        // Resolve symbolic links, of the file itself if it exists (writing
        // follows a link), else of the directory it would be created in.
        let real = if joined.symlink_metadata().is_ok() {
            joined.canonicalize().map_err(|e| e.to_string())?
        } else if write {
            let parent = joined.parent().unwrap_or(&self.dir);
            let name = joined.file_name().ok_or("the path names no file")?;
            parent.canonicalize().map_err(|e| e.to_string())?.join(name)
        } else {
            // Nothing to read: the command says so itself.
            return Ok(joined);
        };
        if outside(&real) {
            return Err(format!(
                "it leads to {} through a symbolic link",
                real.display()
            ));
        }
        Ok(real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_in_the_demo_directory() {
        let tmp = tempfile::tempdir().expect("tmp");
        let demo = tmp.path().join("demo");
        std::fs::create_dir(&demo).expect("mkdir");
        std::fs::write(demo.join("a.demo"), "").expect("write");
        std::fs::write(tmp.path().join("secret.py"), "x = 1\n").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(tmp.path().join("secret.py"), demo.join("link.py"))
            .expect("symlink");
        let mut f = DemoFiles::for_script(&demo.join("a.demo")).expect("dir");
        f.line = 7;
        let real = demo.canonicalize().expect("canonical");
        assert_eq!(
            f.resolve("save", Path::new("s.py"), true),
            Ok(real.join("s.py"))
        );
        assert_eq!(
            f.resolve("save", &real.join("s.py"), true),
            Ok(real.join("s.py"))
        );
        assert!(f.refused.is_none());
        let err = f
            .resolve("load", Path::new("../secret.py"), false)
            .unwrap_err();
        assert!(
            err.starts_with("demo line 7: :load ../secret.py refused: the path goes up with '..'"),
            "{err}"
        );
        assert_eq!(f.refused.as_deref(), err.strip_prefix("demo line 7: "));
        assert!(f.resolve("save", Path::new("/etc/passwd"), true).is_err());
        assert!(f.resolve("save", Path::new("nodir/s.py"), true).is_err());
        #[cfg(unix)]
        {
            let err = f.resolve("load", Path::new("link.py"), false).unwrap_err();
            assert!(err.contains("through a symbolic link"), "{err}");
            assert!(f.resolve("save", Path::new("link.py"), true).is_err());
        }
    }
}
