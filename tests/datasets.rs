//! The datasets under `lessons/data/` and the deterministic generator that
//! wrote them. The files are committed (and compiled into the binary); this
//! test keeps them honest: they must be exactly what the generator writes.
//!
//! Regenerate them after changing the generator with
//! `cargo test --test datasets -- --ignored regenerate_datasets`.

use std::path::PathBuf;

/// SplitMix64: tiny, fast and the same on every machine, so the datasets
/// never change unless the generator does.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    /// Zipf-like index in 0..n: rank k has weight 1/(k+1), so the first
    /// entries are much more likely than the last, as words are in real text.
    fn zipf_index(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|r| 1.0 / r as f64).sum();
        let mut x = self.unit() * total;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
    fn zipf<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.zipf_index(xs.len())]
    }
}

// ---------------------------------------------------------------- big1.txt
//
// Prose about a river town, written as sentence patterns and word lists for
// this project and combined at random. Function words come from the
// patterns, so they dominate as in real English; content words are drawn with
// Zipf weights, so a few nouns ("river", "town", "mill") are very common and
// most are rare.

const NOUNS: &[&str] = &[
    "river",
    "town",
    "mill",
    "bridge",
    "ferry",
    "baker",
    "market",
    "road",
    "window",
    "boat",
    "morning",
    "rain",
    "wind",
    "garden",
    "lamp",
    "harbor",
    "stone",
    "bell",
    "field",
    "letter",
    "orchard",
    "lantern",
    "train",
    "station",
    "kettle",
    "fisherman",
    "schoolhouse",
    "chimney",
    "meadow",
    "weaver",
    "shadow",
    "clock",
    "apple",
    "candle",
    "heron",
    "storm",
    "fence",
    "ledger",
    "tailor",
    "wagon",
    "sparrow",
    "cellar",
    "blanket",
    "violin",
    "compass",
    "quarry",
    "ribbon",
    "granary",
    "lighthouse",
    "almanac",
    "thimble",
    "barometer",
    "pigeon",
    "wheelbarrow",
    "tannery",
    "saddle",
    "juniper",
    "cobbler",
    "bonfire",
    "sextant",
    "marigold",
    "weathervane",
];
const PEOPLE: &[&str] = &[
    "Mara",
    "Tobias",
    "Ines",
    "old Hal",
    "the ferryman",
    "Juno",
    "the miller",
    "Petra",
    "the schoolteacher",
    "Anselm",
    "Rosalind",
    "the stationmaster",
    "Wendel",
    "little Oskar",
];
const ADJS: &[&str] = &[
    "old",
    "quiet",
    "long",
    "small",
    "grey",
    "bright",
    "cold",
    "narrow",
    "warm",
    "wet",
    "slow",
    "crooked",
    "patient",
    "silver",
    "heavy",
    "empty",
    "golden",
    "hollow",
    "restless",
    "brittle",
    "stubborn",
    "faded",
    "gleaming",
    "lopsided",
    "fragrant",
    "threadbare",
    "luminous",
];
const VERBS: &[&str] = &[
    "watched",
    "carried",
    "crossed",
    "followed",
    "opened",
    "mended",
    "found",
    "counted",
    "painted",
    "closed",
    "remembered",
    "passed",
    "lifted",
    "cleaned",
    "sold",
    "borrowed",
    "measured",
    "guarded",
    "polished",
    "rebuilt",
    "abandoned",
    "wrapped",
    "scattered",
];
const INTRANS: &[&str] = &[
    "waited",
    "slept",
    "laughed",
    "listened",
    "hurried",
    "stopped",
    "sang",
    "wandered",
    "shivered",
    "disappeared",
    "glittered",
    "creaked",
    "hesitated",
    "flickered",
    "drifted",
];
const PREPS: &[&str] = &[
    "by", "over", "under", "near", "across", "beyond", "behind", "along", "beside", "toward",
];
const TIMES: &[&str] = &[
    "In the morning",
    "At dusk",
    "Later",
    "That winter",
    "Before the rain",
    "After supper",
    "On market day",
    "Every evening",
    "Long ago",
    "By noon",
    "When the bells rang",
    "Once the frost came",
    "All through the harvest",
];
const ADVS: &[&str] = &[
    "slowly",
    "again",
    "quietly",
    "at last",
    "once more",
    "carefully",
    "without a word",
    "for a while",
    "in silence",
    "gladly",
    "reluctantly",
];
const SAYINGS: &[&str] = &[
    "The river doesn't wait for anyone",
    "We'll need more flour before the fair",
    "It's only the wind in the chimney",
    "Nobody counts the boats anymore",
    "The bridge will hold, it always has",
    "I can't find the key to the cellar",
    "Bring the lamp, it's getting dark",
    "The train is late again",
    "Don't let the kettle boil dry",
    "There's a letter for you at the station",
];
const QUESTIONS: &[&str] = &[
    "Did you see the heron this morning",
    "Who left the gate open",
    "Is the ferry running today",
    "How many sacks did the mill grind",
    "Where did the old compass go",
    "Will it rain before the market closes",
    "Why is the bell so quiet",
];
const SONG: &[&str] = &[
    "Row, row, the water's low,",
    "the mill wheel turns and turns;",
    "carry me where the willows grow",
    "and the lamp of the harbor burns.",
    "Over the stones and under the bridge,",
    "down to the salt and the sea,",
    "one for the miller, one for the ridge,",
    "and one last song for me.",
];

fn noun_phrase(r: &mut Rng) -> String {
    if r.chance(18) {
        return r.zipf(PEOPLE).to_string();
    }
    let det = *[
        "the", "the", "the", "the", "a", "a", "her", "his", "their", "every", "that",
    ]
    .get(r.below(11))
    .unwrap_or(&"the");
    let noun = r.zipf(NOUNS);
    let mut s = if r.chance(40) {
        format!("{det} {} {noun}", r.zipf(ADJS))
    } else {
        format!("{det} {noun}")
    };
    if det == "a" && s.as_bytes()[2].is_ascii() && "aeiou".contains(s.as_bytes()[2] as char) {
        s.insert(1, 'n');
    }
    if r.chance(12) {
        let other = r.zipf(NOUNS);
        if other != noun {
            s.push_str(" of the ");
            s.push_str(other);
        }
    }
    s
}

fn verb_phrase(r: &mut Rng) -> String {
    let mut s = if r.chance(60) {
        format!("{} {}", r.zipf(VERBS), noun_phrase(r))
    } else {
        r.zipf(INTRANS).to_string()
    };
    if r.chance(35) {
        s = format!("{s} {} {}", r.zipf(PREPS), noun_phrase(r));
    }
    if r.chance(20) {
        s = format!("{s} {}", r.pick(ADVS));
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn sentence(r: &mut Rng) -> String {
    let s = match r.below(10) {
        0..=2 => format!("{} {}.", noun_phrase(r), verb_phrase(r)),
        3 => format!("{}, {} {}.", r.pick(TIMES), noun_phrase(r), verb_phrase(r)),
        4 => format!(
            "{} {}, and {} {}.",
            noun_phrase(r),
            verb_phrase(r),
            noun_phrase(r),
            verb_phrase(r)
        ),
        5 => format!(
            "When {} {}, {} {}.",
            noun_phrase(r),
            verb_phrase(r),
            noun_phrase(r),
            verb_phrase(r)
        ),
        6 => format!("\"{}\", said {}.", r.pick(SAYINGS), r.zipf(PEOPLE)),
        7 => format!("\"{}?\" asked {}.", r.pick(QUESTIONS), r.zipf(PEOPLE)),
        8 => format!(
            "{} {}; {} {}.",
            noun_phrase(r),
            verb_phrase(r),
            noun_phrase(r),
            verb_phrase(r)
        ),
        _ => format!(
            "Nobody in town had ever seen {} so {}.",
            noun_phrase(r),
            r.zipf(ADJS)
        ),
    };
    capitalize(&s)
}

/// Wrap words to lines of at most `width` characters.
fn wrap(text: &str, width: usize, out: &mut String) {
    let mut line = String::new();
    for w in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + w.len() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
}

fn big1() -> String {
    let mut r = Rng(0x5EED_0001);
    let mut out = String::from(
        "The River Town\n\
         \n\
         This text was generated for streamlab, to be streamed one line at a time.\n\
         It tells, in no particular order, of a town on a slow river: its mill,\n\
         its ferry, its market, and the people who count the boats.\n\
         \n",
    );
    let mut chapter = 0;
    let mut paragraphs_left = 0;
    while out.len() < 320_000 {
        if paragraphs_left == 0 {
            chapter += 1;
            paragraphs_left = r.range(25, 60);
            out.push_str(&format!(
                "\nChapter {chapter}: The {} {}\n\n",
                capitalize(r.zipf(ADJS)),
                capitalize(r.zipf(NOUNS))
            ));
        }
        paragraphs_left -= 1;
        if r.chance(4) {
            // A verse of the ferryman's song: short lines.
            let start = r.below(2) * 4;
            for line in &SONG[start..start + 4] {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        } else {
            let n = r.range(1, 7);
            let text: Vec<String> = (0..n).map(|_| sentence(&mut r)).collect();
            wrap(&text.join(" "), r.range(45, 90), &mut out);
        }
        out.push('\n');
    }
    out.push_str("The End.\n");
    out
}

// ---------------------------------------------------------------- weblogs.txt

/// `10.0.0.7 - - [01/Jan/2024:10:00:01] "GET /index.html HTTP/1.1" 200 512`
fn weblogs() -> String {
    let mut r = Rng(0x5EED_0002);
    let paths = [
        "/index.html",
        "/products",
        "/cart",
        "/login",
        "/search?q=river",
        "/about.html",
        "/products/42",
        "/checkout",
        "/api/stock",
        "/images/logo.png",
        "/contact.html",
        "/products/7",
        "/blog/2024/01/hello",
        "/favicon.ico",
        "/admin",
        "/old-page.html",
    ];
    let mut out = String::new();
    let mut t = 10 * 3600; // seconds since midnight, 01 Jan 2024
    for _ in 0..2000 {
        t += r.range(0, 3);
        let ip = format!("10.0.{}.{}", r.below(3), 1 + r.zipf_index(20));
        let path = r.zipf(&paths);
        let method = if path == "/login" || path == "/checkout" || path == "/cart" {
            if r.chance(60) {
                "POST"
            } else {
                "GET"
            }
        } else if path == "/api/stock" && r.chance(20) {
            "PUT"
        } else if r.chance(2) {
            "DELETE"
        } else {
            "GET"
        };
        let status = match path {
            "/admin" => {
                if r.chance(80) {
                    403
                } else {
                    200
                }
            }
            "/old-page.html" => 301,
            "/favicon.ico" => 404,
            _ => match r.below(100) {
                0..=2 => 500,
                3..=8 => 404,
                9..=10 => 304,
                _ => 200,
            },
        };
        let bytes = match status {
            200 => match path {
                "/images/logo.png" => r.range(20_000, 24_000),
                "/api/stock" => r.range(80, 400),
                _ => r.range(500, 9_000),
            },
            304 => 0,
            _ => r.range(150, 300),
        };
        let (h, m, s) = (t / 3600, t / 60 % 60, t % 60);
        out.push_str(&format!(
            "{ip} - - [01/Jan/2024:{h:02}:{m:02}:{s:02}] \"{method} {path} HTTP/1.1\" {status} {bytes}\n"
        ));
    }
    out
}

// ---------------------------------------------------------------- sensors.txt

/// `t1,2024-01-01T10:00:00,20.5`: temperature sensors t1..t4 (degrees
/// Celsius) and humidity sensors h1..h2 (percent), a few odd readings.
fn sensors() -> String {
    let mut r = Rng(0x5EED_0003);
    let ids = ["t1", "t2", "t3", "t4", "h1", "h2"];
    let mut level = [20.5, 18.0, 22.0, 19.5, 55.0, 61.0];
    let mut out = String::new();
    let mut t = 10 * 3600;
    for _ in 0..2400 {
        t += r.range(0, 2);
        let i = r.below(ids.len());
        let step = (r.unit() - 0.5) * if i < 4 { 0.6 } else { 2.0 };
        level[i] = (level[i] + step).clamp(
            if i < 4 { 5.0 } else { 20.0 },
            if i < 4 { 35.0 } else { 95.0 },
        );
        // Now and then a faulty reading for filter and alert exercises.
        let v = if r.chance(1) {
            level[i] + 40.0
        } else {
            level[i]
        };
        let (h, m, s) = (t / 3600, t / 60 % 60, t % 60);
        out.push_str(&format!(
            "{},2024-01-01T{h:02}:{m:02}:{s:02},{v:.1}\n",
            ids[i]
        ));
    }
    out
}

// ---------------------------------------------------------------- events.txt

/// `2024-01-01 12:00:40,owl cat`: words with the time they were spoken, for
/// event-time windows. Time moves on 10 to 50 seconds a line; one line in
/// twenty arrives late, stamped 3 to 14 minutes before the latest time.
fn events() -> String {
    let mut r = Rng(0x5EED_0005);
    let animals = [
        "cat", "dog", "owl", "fox", "cat", "dog", "cat", "hen", "owl", "bee",
    ];
    let mut out = String::new();
    let mut t: usize = 12 * 3600;
    for _ in 0..1200 {
        t += r.range(10, 50);
        let stamp = if r.chance(5) {
            t - r.range(3 * 60, 14 * 60)
        } else {
            t
        };
        let n = r.range(1, 4);
        let words: Vec<&str> = (0..n).map(|_| r.pick(&animals)).collect();
        let (h, m, s) = (stamp / 3600, stamp / 60 % 60, stamp % 60);
        out.push_str(&format!(
            "2024-01-01 {h:02}:{m:02}:{s:02},{}\n",
            words.join(" ")
        ));
    }
    out
}

// ---------------------------------------------------------------- clicks.jsonl

/// `{"user": "ana", "page": "/home", "ms": 120}`: one click per line, as
/// Python's `json.dumps` writes a dictionary (`", "` and `": "`), with the
/// faults lesson 12 teaches to survive: about one line in forty cut off,
/// one in sixty not JSON at all, one in thirty without its `ms` field.
fn clicks() -> String {
    let mut r = Rng(0x5EED_0006);
    let users = [
        "ana", "ben", "cho", "dev", "eve", "fay", "gus", "hana", "ivo", "jun",
    ];
    let pages = [
        "/home",
        "/search",
        "/cart",
        "/product/7",
        "/checkout",
        "/product/42",
        "/help",
        "/product/3",
        "/account",
        "/orders",
    ];
    let junk = [
        "not json at all",
        "GET /home HTTP/1.1",
        "",
        "{}garbage",
        "null,",
        "[1, 2",
    ];
    let mut out = String::new();
    for _ in 0..1500 {
        let user = r.zipf(&users);
        let page = r.zipf(&pages);
        // Load times: mostly quick, the checkout slow, now and then a spike.
        let mut ms = match page {
            "/checkout" => r.range(250, 700),
            "/search" => r.range(90, 300),
            _ => r.range(40, 220),
        };
        if r.chance(3) {
            ms += r.range(1000, 4000);
        }
        let line = if r.chance(2) {
            r.pick(&junk).to_string()
        } else if r.chance(3) {
            format!("{{\"user\": \"{user}\", \"page\": \"{page}\"}}")
        } else {
            let whole = format!("{{\"user\": \"{user}\", \"page\": \"{page}\", \"ms\": {ms}}}");
            if r.chance(3) {
                // Cut off before its closing brace.
                let cut = r.range(8, whole.len() - 2);
                whole[..cut].to_string()
            } else {
                whole
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------- posts.txt

/// `@mara Fresh bread at the market this morning #market #food`
fn posts() -> String {
    let mut r = Rng(0x5EED_0004);
    let users = [
        "@mara",
        "@tobias",
        "@ines",
        "@hal",
        "@juno",
        "@petra",
        "@anselm",
        "@rosalind",
        "@wendel",
        "@oskar",
        "@riverwatch",
        "@townhall",
        "@millfans",
        "@ferrytimes",
    ];
    let openings = [
        "Fresh bread at the market this morning",
        "The ferry is running late again",
        "Best sunset over the river I have seen",
        "Who else heard the bells at midnight",
        "New record at the mill today",
        "Rain all afternoon, staying in with tea",
        "The bridge repairs start on Monday",
        "Spotted a heron by the old quarry",
        "Lantern parade tonight, bring a friend",
        "Trying the new cafe by the station",
        "The orchard smells amazing right now",
        "Lost a blue umbrella near the harbor",
        "Choir practice moved to Thursday",
        "Cheese stall is back at the market",
        "Storm warning for the valley tonight",
        "First frost on the meadow",
    ];
    let endings = [
        "",
        "",
        "",
        " :)",
        "!",
        " again",
        " - who's coming?",
        ", can't wait",
        ", so happy",
        " (photos soon)",
    ];
    let tags = [
        "#river",
        "#market",
        "#sunset",
        "#food",
        "#weather",
        "#ferry",
        "#music",
        "#rain",
        "#photography",
        "#mill",
        "#festival",
        "#coffee",
        "#birds",
        "#autumn",
        "#news",
        "#local",
        "#bridge",
        "#lanterns",
        "#orchard",
        "#cheese",
    ];
    let mut out = String::new();
    for i in 0..1500 {
        let user = r.zipf(&users);
        let mut line = format!("{user} {}{}", r.pick(&openings), r.pick(&endings));
        // A trending tag: #festival takes over the middle of the stream.
        let n = r.range(0, 3);
        let mut used: Vec<&str> = Vec::new();
        for _ in 0..n {
            let tag = if (600..900).contains(&i) && r.chance(50) {
                "#festival"
            } else {
                r.zipf(&tags)
            };
            if !used.contains(&tag) {
                used.push(tag);
                line.push(' ');
                line.push_str(tag);
            }
        }
        if r.chance(10) {
            line.push_str(&format!(" cc {}", r.pick(&users)));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn datasets() -> Vec<(&'static str, String)> {
    vec![
        ("big1.txt", big1()),
        ("weblogs.txt", weblogs()),
        ("sensors.txt", sensors()),
        ("posts.txt", posts()),
        ("events.txt", events()),
        ("clicks.jsonl", clicks()),
    ]
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("lessons/data")
}

#[test]
#[ignore = "writes lessons/data/; run it after changing the generator"]
fn regenerate_datasets() {
    for (name, text) in datasets() {
        std::fs::write(data_dir().join(name), text).expect("write dataset");
    }
}

#[test]
fn datasets_are_what_the_generator_writes() {
    for (name, text) in datasets() {
        let on_disk = std::fs::read_to_string(data_dir().join(name)).expect("read dataset");
        assert!(
            on_disk == text,
            "lessons/data/{name} differs from the generator's output; run \
             `cargo test --test datasets -- --ignored regenerate_datasets`"
        );
    }
}

#[test]
fn big1_is_prose_of_the_documented_size() {
    let text = big1();
    let lines = text.lines().count();
    assert!(
        (300_000..=400_000).contains(&text.len()),
        "{} bytes",
        text.len()
    );
    assert!((3_000..=8_000).contains(&lines), "{lines} lines");
    assert!(text.lines().any(|l| l.is_empty()), "blank lines");
    let lens: Vec<usize> = text.lines().map(str::len).collect();
    assert!(lens.iter().any(|&n| n < 30) && lens.iter().any(|&n| n > 80));
    // Skewed: "the" is far more common than a rare noun.
    let words: Vec<&str> = text.split_whitespace().collect();
    let count = |w: &str| words.iter().filter(|x| x.eq_ignore_ascii_case(w)).count();
    assert!(
        count("the") > 20 * count("sextant"),
        "{} {}",
        count("the"),
        count("sextant")
    );
    assert!(text.is_ascii(), "plain ASCII prose");
}

#[test]
fn themed_datasets_have_their_documented_formats() {
    for line in weblogs().lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 9, "{line}");
        assert!(
            f[3].starts_with("[01/Jan/2024:") && f[3].ends_with(']'),
            "{line}"
        );
        assert!(f[4].starts_with('"') && f[6] == "HTTP/1.1\"", "{line}");
        assert!(f[5].starts_with('/'), "{line}");
        f[7].parse::<u16>().expect("status");
        f[8].parse::<u64>().expect("bytes");
    }
    for line in sensors().lines() {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 3, "{line}");
        assert!(
            f[1].starts_with("2024-01-01T") && f[1].len() == 19,
            "{line}"
        );
        f[2].parse::<f64>().expect("value");
    }
    let mut late = 0;
    let mut latest = String::new();
    for line in events().lines() {
        let (stamp, words) = line.split_once(',').expect("TIME,words");
        assert!(
            stamp.starts_with("2024-01-01 ") && stamp.len() == 19,
            "{line}"
        );
        assert!(
            !words.is_empty() && words.split(' ').all(|w| w.len() == 3),
            "{line}"
        );
        if stamp < latest.as_str() {
            late += 1;
        } else {
            latest = stamp.to_string();
        }
    }
    assert!((20..=120).contains(&late), "{late} late lines");
    let posts = posts();
    assert!(posts.lines().all(|l| l.starts_with('@')));
    clicks_have_their_documented_format(&clicks());
    assert!(posts.lines().filter(|l| l.contains(" #")).count() > 500);
}

/// Every line of `clicks.jsonl` is a whole record, a record without `ms`, a
/// record cut off, or junk, in the documented proportions; whole records
/// are exactly what `json.dumps` writes, so a Python program reads them.
fn clicks_have_their_documented_format(text: &str) {
    let (mut whole, mut no_ms, mut cut, mut junk) = (0, 0, 0, 0);
    let record = |l: &str| -> Option<(String, String, Option<u64>)> {
        let rest = l.strip_prefix("{\"user\": \"")?;
        let (user, rest) = rest.split_once("\", \"page\": \"")?;
        let (page, rest) = rest.split_once('"')?;
        if rest == "}" {
            return Some((user.into(), page.into(), None));
        }
        let ms = rest.strip_prefix(", \"ms\": ")?.strip_suffix('}')?;
        Some((user.into(), page.into(), Some(ms.parse().ok()?)))
    };
    for line in text.lines() {
        match record(line) {
            Some((user, page, ms)) => {
                assert!(user.chars().all(|c| c.is_ascii_lowercase()), "{line}");
                assert!(page.starts_with('/'), "{line}");
                match ms {
                    Some(ms) => {
                        assert!((40..5000).contains(&ms), "{line}");
                        whole += 1;
                    }
                    None => no_ms += 1,
                }
            }
            None if line.starts_with("{\"user\"") => cut += 1,
            None => junk += 1,
        }
    }
    let n = text.lines().count();
    assert_eq!(n, 1500);
    assert!(whole > n * 9 / 10, "{whole} whole records of {n}");
    for (what, k) in [("without ms", no_ms), ("cut off", cut), ("junk", junk)] {
        assert!((10..=80).contains(&k), "{k} lines {what}");
    }
}
