//! The datasets shipped with streamlab, compiled into the binary so
//! `streamlab produce` works from any directory. Their files, formats and
//! generator are described in `lessons/data/README.md`.

use std::sync::Arc;

use super::source::split_lines;

/// A built-in dataset, by the name `--dataset` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Dataset {
    /// Prose about a river town, ~7,000 lines (the default).
    Big1,
    /// Web server log lines: `IP - - [TIME] "METHOD PATH HTTP/1.1" STATUS BYTES`.
    Weblogs,
    /// Sensor readings: `SENSOR,TIMESTAMP,VALUE`.
    Sensors,
    /// Social posts with hashtags: `@user text #tag ...`.
    Posts,
    /// Words with event times, some late: `2024-01-01 12:00:40,owl cat`.
    Events,
    /// Clicks as JSON records, some cut off or missing a field:
    /// `{"user": "ana", "page": "/home", "ms": 120}`.
    Clicks,
}

impl Dataset {
    pub const ALL: [Dataset; 6] = [
        Dataset::Big1,
        Dataset::Weblogs,
        Dataset::Sensors,
        Dataset::Posts,
        Dataset::Events,
        Dataset::Clicks,
    ];

    /// The name `--dataset` takes.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Big1 => "big1",
            Dataset::Weblogs => "weblogs",
            Dataset::Sensors => "sensors",
            Dataset::Posts => "posts",
            Dataset::Events => "events",
            Dataset::Clicks => "clicks",
        }
    }

    /// The file name under `lessons/data/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Dataset::Big1 => "big1.txt",
            Dataset::Weblogs => "weblogs.txt",
            Dataset::Sensors => "sensors.txt",
            Dataset::Posts => "posts.txt",
            Dataset::Events => "events.txt",
            Dataset::Clicks => "clicks.jsonl",
        }
    }

    /// The whole text, as shipped.
    pub fn text(self) -> &'static str {
        match self {
            Dataset::Big1 => include_str!("../../lessons/data/big1.txt"),
            Dataset::Weblogs => include_str!("../../lessons/data/weblogs.txt"),
            Dataset::Sensors => include_str!("../../lessons/data/sensors.txt"),
            Dataset::Posts => include_str!("../../lessons/data/posts.txt"),
            Dataset::Events => include_str!("../../lessons/data/events.txt"),
            Dataset::Clicks => include_str!("../../lessons/data/clicks.jsonl"),
        }
    }

    /// The lines, without their endings.
    pub fn lines(self) -> Arc<[String]> {
        split_lines(self.text()).into()
    }

    pub fn from_name(name: &str) -> Option<Dataset> {
        Dataset::ALL.into_iter().find(|d| d.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_clap() {
        use clap::ValueEnum;
        for d in Dataset::ALL {
            assert_eq!(Dataset::from_name(d.name()), Some(d));
            let pv = d.to_possible_value().expect("listed");
            assert_eq!(pv.get_name(), d.name());
            assert!(!d.lines().is_empty());
        }
        assert_eq!(Dataset::value_variants().len(), Dataset::ALL.len());
    }
}
