//! The files a demo may touch: only those in its script's own directory.
//!
//! Demo scripts are shared like any other file, and a script types into the
//! real UI, so `:save`, `:export` and `:load` in a demo could write over any
//! file the viewer can write, or show a private file's first line in a
//! recording. In a demo these commands take paths relative to the script's
//! directory and are refused when the path leaves it: `..`, an absolute path
//! elsewhere, or a symbolic link that points out of it.

use std::path::{Component, Path, PathBuf};

/// Why a path is not inside the demo's directory.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Outside {
    #[error("the path goes up with '..'")]
    GoesUp,
    #[error("the path is outside it")]
    Elsewhere,
    #[error("the path names no file")]
    NoFile,
    #[error("{0}")]
    Unresolvable(String),
    #[error("it leads to {} through a symbolic link", .0.display())]
    ThroughLink(PathBuf),
}

/// A file command a demo may not run.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub cmd: String,
    pub path: PathBuf,
    pub write: bool,
    pub dir: PathBuf,
    pub why: Outside,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            ":{} {} refused: {}; a demo may only {} files in its own directory {}",
            self.cmd,
            self.path.display(),
            self.why,
            if self.write { "write" } else { "read" },
            self.dir.display()
        )
    }
}

impl std::error::Error for Refusal {}

/// A playing demo's directory, and the script line being played.
#[derive(Debug, Clone)]
pub struct DemoFiles {
    /// The script's directory, canonical (symbolic links resolved).
    dir: PathBuf,
    /// The script line being played (1-based), for messages.
    pub line: usize,
    /// The first refusal not yet reported by the player (which stops the
    /// demo with the line).
    pub refused: Option<Refusal>,
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
    pub fn resolve(&mut self, cmd: &str, path: &Path, write: bool) -> Result<PathBuf, Refusal> {
        let inside = self.inside(path, write);
        inside.map_err(|why| {
            let refusal = Refusal {
                cmd: cmd.to_string(),
                path: path.to_path_buf(),
                write,
                dir: self.dir.clone(),
                why,
            };
            self.refused.get_or_insert(refusal.clone());
            refusal
        })
    }

    fn inside(&self, path: &Path, write: bool) -> Result<PathBuf, Outside> {
        if path.components().any(|c| c == Component::ParentDir) {
            return Err(Outside::GoesUp);
        }
        let joined = self.dir.join(path);
        let outside = |p: &Path| !p.starts_with(&self.dir);
        if outside(&joined) {
            return Err(Outside::Elsewhere);
        }
        // Resolve symbolic links, of the file itself if it exists (writing
        // follows a link), else of the directory it would be created in.
        let real = if joined.symlink_metadata().is_ok() {
            joined
                .canonicalize()
                .map_err(|e| Outside::Unresolvable(e.to_string()))?
        } else if write {
            let parent = joined.parent().unwrap_or(&self.dir);
            let name = joined.file_name().ok_or(Outside::NoFile)?;
            parent
                .canonicalize()
                .map_err(|e| Outside::Unresolvable(e.to_string()))?
                .join(name)
        } else {
            // Nothing to read: the command says so itself.
            return Ok(joined);
        };
        if outside(&real) {
            return Err(Outside::ThroughLink(real));
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
        assert_eq!(err.why, Outside::GoesUp);
        assert!(
            err.to_string()
                .starts_with(":load ../secret.py refused: the path goes up with '..'"),
            "{err}"
        );
        assert_eq!(f.refused.as_ref(), Some(&err));
        assert!(f.resolve("save", Path::new("/etc/passwd"), true).is_err());
        assert!(f.resolve("save", Path::new("nodir/s.py"), true).is_err());
        #[cfg(unix)]
        {
            let err = f.resolve("load", Path::new("link.py"), false).unwrap_err();
            assert!(matches!(err.why, Outside::ThroughLink(_)), "{err}");
            assert!(err.to_string().contains("through a symbolic link"), "{err}");
            assert!(f.resolve("save", Path::new("link.py"), true).is_err());
        }
    }
}
