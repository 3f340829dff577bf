//! Deterministic English-like text for the benches: a vocabulary of common
//! English words followed by generated syllable words, drawn with a Zipf
//! (s = 1) skew, in lines of 3 to 20 words.
//!
//! The same seed always gives the same text, so figures measured on two
//! machines are over the same bytes.

/// SplitMix64: tiny, fast and good enough for generating test text.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The most common English words, in rank order; the rest of the vocabulary
/// is made of generated syllable words, shorter ones ranked first.
const COMMON: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he", "was", "for", "on",
    "are", "with", "as", "I", "his", "they", "be", "at", "one", "have", "this", "from", "or",
    "had", "by", "not", "word", "but", "what", "some", "we", "can", "out", "other", "were", "all",
    "there", "when", "up", "use", "your", "how", "said", "an", "each", "she", "which", "do",
    "their", "time", "if", "will", "way", "about", "many", "then", "them", "write", "would",
    "like", "so", "these", "her", "long", "make", "thing", "see", "him", "two", "has", "look",
    "more", "day", "could", "go", "come", "did", "number", "sound", "no", "most", "people", "my",
    "over", "know", "water", "than", "call", "first", "who", "may", "down", "side", "been", "now",
    "find", "stream", "batch", "spark", "data", "window", "record", "state", "key", "value",
];

/// `size` distinct words in rank order (most frequent first).
pub fn vocabulary(rng: &mut Rng, size: usize) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y",
        "z", "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "sp", "st", "str",
        "th", "tr", "wh", "",
    ];
    const NUCLEI: &[&str] = &[
        "a", "e", "i", "o", "u", "ai", "ea", "ee", "ie", "oo", "ou", "oa", "y",
    ];
    const CODAS: &[&str] = &[
        "", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "ck", "rt", "sh", "th", "ll",
    ];
    const SUFFIXES: &[&str] = &[
        "", "", "", "", "", "s", "ed", "ing", "er", "ly", "tion", "ness", "ment", "able",
    ];
    let mut seen: std::collections::HashSet<String> =
        COMMON.iter().map(|w| w.to_string()).collect();
    let mut generated = Vec::new();
    while seen.len() < size {
        let syllables = 1 + rng.below(3) + rng.below(2);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(ONSETS[rng.below(ONSETS.len())]);
            w.push_str(NUCLEI[rng.below(NUCLEI.len())]);
            w.push_str(CODAS[rng.below(CODAS.len())]);
        }
        w.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
        if w.len() >= 2 && seen.insert(w.clone()) {
            generated.push(w);
        }
    }
    // Common words are short: rank shorter generated words first (stable, so
    // equal lengths keep their random order).
    generated.sort_by_key(|w| w.len());
    COMMON
        .iter()
        .map(|w| w.to_string())
        .chain(generated)
        .take(size)
        .collect()
}

/// What to generate.
pub struct Spec {
    pub seed: u64,
    pub vocabulary: usize,
}

/// Writes lines of 3 to 20 words drawn with a Zipf (s = 1) skew from the
/// vocabulary, the first word capitalised, some commas, and a full stop,
/// question or exclamation mark at the end of each line.
pub struct Generator {
    rng: Rng,
    vocab: Vec<String>,
    cumulative: Vec<f64>,
    total: f64,
}

impl Generator {
    pub fn new(spec: &Spec) -> Generator {
        let mut rng = Rng(spec.seed);
        let vocab = vocabulary(&mut rng, spec.vocabulary);
        let mut cumulative = Vec::with_capacity(vocab.len());
        let mut total = 0.0;
        for rank in 1..=vocab.len() {
            total += 1.0 / rank as f64;
            cumulative.push(total);
        }
        Generator {
            rng,
            vocab,
            cumulative,
            total,
        }
    }

    /// Append one line (with its `\n`) to `text`.
    pub fn line(&mut self, text: &mut String) {
        let rng = &mut self.rng;
        let words = 3 + rng.below(18);
        for i in 0..words {
            let u = rng.unit() * self.total;
            let idx = self
                .cumulative
                .partition_point(|&c| c <= u)
                .min(self.vocab.len() - 1);
            let word = &self.vocab[idx];
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    text.extend(first.to_uppercase());
                    text.push_str(chars.as_str());
                }
            } else {
                text.push(' ');
                text.push_str(word);
            }
            if i + 1 < words && rng.below(16) == 0 {
                text.push(',');
            }
        }
        text.push(match rng.below(10) {
            0 => '?',
            1 => '!',
            _ => '.',
        });
        text.push('\n');
    }
}

/// At least `bytes` of text (the last line is finished).
#[allow(dead_code)]
pub fn text_of_bytes(spec: &Spec, bytes: usize) -> String {
    let mut g = Generator::new(spec);
    let mut text = String::with_capacity(bytes + 256);
    while text.len() < bytes {
        g.line(&mut text);
    }
    text
}

/// Exactly `lines` lines.
#[allow(dead_code)]
pub fn text_of_lines(spec: &Spec, lines: usize) -> String {
    let mut g = Generator::new(spec);
    let mut text = String::with_capacity(lines * 72);
    for _ in 0..lines {
        g.line(&mut text);
    }
    text
}
