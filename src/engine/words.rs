//! The map side's table for words: what `flatMap(split) -> map((w, C)) ->
//! combine` keeps per distinct word while it reads a partition.
//!
//! A word is looked up by its text alone: a fast seeded hash of its bytes
//! (not Python's SipHash, which is computed once per distinct word, when it
//! is first seen) and a comparison against the first [`INLINE`] bytes held in
//! the table's own slot, so a lookup of a short word touches the table and
//! nothing else. Words keep their first-seen order, which is the order a
//! [`KeyMap`] built by inserting them one by one would have; [`WordTable::drain_into`]
//! hands them over in that order.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicUsize, Ordering};

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::lang::hash::{hash_str, KeyMap};
use crate::lang::value::{Exc, ExcKind, Key, PyResult, Value};

/// The most distinct words a recent map side held (capped), so the next
/// one starts at that size instead of growing to it.
static DISTINCT_HINT: AtomicUsize = AtomicUsize::new(0);

/// The largest starting size a hint gives a table (about 3 MB of slots).
const HINT_CAP: usize = 1 << 16;

/// Note how many distinct words a finished map side held.
pub fn remember_distinct(n: usize) {
    DISTINCT_HINT.store(n.min(HINT_CAP), Ordering::Relaxed);
}

/// How many words to make room for in a new map side's table.
pub fn distinct_hint() -> usize {
    DISTINCT_HINT.load(Ordering::Relaxed)
}

/// Bytes of a word kept in its slot; longer words are compared with the key's text.
const INLINE: usize = 16;

struct Slot {
    /// The table's hash of the word's bytes.
    tag: u64,
    len: u32,
    /// Position in first-seen order (index into `keys`).
    order: u32,
    head: Head,
    value: Value,
}

/// The first [`INLINE`] bytes of a word, packed so that two words of the
/// same length up to [`INLINE`] bytes are equal exactly when their heads are.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Head(u64, u64);

/// Distinct words with their combined values, in first-seen order.
pub struct WordTable {
    /// How a word's slot is found: a seeded hash of its bytes (cheap, for
    /// words read from text), or None for Python's hash (for keys that
    /// carry it already).
    hasher: Option<DefaultHashBuilder>,
    table: HashTable<Slot>,
    /// Each word as a [`Key`] (a `str` value and its Python hash), first seen first.
    keys: Vec<Key>,
}

fn word8(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

fn word4(b: &[u8]) -> u64 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[..4]);
    u64::from(u32::from_le_bytes(a))
}

/// Fixed-size loads, no copy loop: for 8 to 16 bytes the first and the last
/// eight (which overlap), for 4 to 7 the first and last four, for 1 to 3
/// the first, middle and last byte; with the length, each covers every byte.
fn head_of(w: &[u8]) -> Head {
    let n = w.len();
    if n >= INLINE {
        Head(word8(w), word8(&w[8..]))
    } else if n >= 8 {
        Head(word8(w), word8(&w[n - 8..]))
    } else if n >= 4 {
        Head(word4(w) | (word4(&w[n - 4..]) << 32), 0)
    } else if n >= 1 {
        let b = |i: usize| u64::from(w[i]);
        Head(b(0) | (b(n / 2) << 8) | (b(n - 1) << 16), 0)
    } else {
        Head(0, 0)
    }
}

impl WordTable {
    /// A table for words read from text ([`WordTable::upsert`]).
    pub fn with_capacity(n: usize) -> WordTable {
        WordTable {
            hasher: Some(DefaultHashBuilder::default()),
            table: HashTable::with_capacity(n),
            keys: Vec::with_capacity(n),
        }
    }

    /// A table for `str` keys that carry their Python hash
    /// ([`WordTable::merge_key`]): the hash is not computed again.
    pub fn for_keys(n: usize) -> WordTable {
        WordTable {
            hasher: None,
            table: HashTable::with_capacity(n),
            keys: Vec::with_capacity(n),
        }
    }

    fn tag_of(&self, w: &str) -> u64 {
        match &self.hasher {
            Some(h) => h.hash_one(w.as_bytes()),
            None => hash_str(w) as u64,
        }
    }

    /// The value of the word `bytes` whose tag is `tag`, if it is here.
    fn find(&mut self, bytes: &[u8], tag: u64) -> Option<&mut Value> {
        // Saturates for words of 4 GiB or more; those compare by their text.
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        let head = head_of(bytes);
        let keys = &self.keys;
        self.table
            .find_mut(tag, |s| {
                s.tag == tag
                    && s.len == len
                    && s.head == head
                    && (bytes.len() <= INLINE
                        || matches!(&keys[s.order as usize].0, Value::Str(k) if k.as_bytes() == bytes))
            })
            .map(|s| &mut s.value)
    }

    /// Add a word known not to be here.
    fn push(&mut self, key: Key, bytes_len: usize, head: Head, tag: u64, value: Value) {
        let order = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        self.keys.push(key);
        self.table.insert_unique(
            tag,
            Slot {
                tag,
                len: u32::try_from(bytes_len).unwrap_or(u32::MAX),
                order,
                head,
                value,
            },
            |s| s.tag,
        );
    }

    /// Combine `value` under `key` (a `str` with its Python hash): `merge(&mut
    /// old, value)` when the key is here, otherwise it is added last.
    pub fn merge_key(
        &mut self,
        key: Key,
        value: Value,
        merge: impl FnOnce(&mut Value, Value) -> PyResult<()>,
    ) -> PyResult<()> {
        let Value::Str(text) = &key.0 else {
            return Err(Exc::new(
                ExcKind::RuntimeError,
                "internal error: a word table was given a key that is not a str",
            ));
        };
        let tag = match &self.hasher {
            Some(h) => h.hash_one(text.as_bytes()),
            None => key.1 as u64,
        };
        let bytes_len = text.len();
        let head = head_of(text.as_bytes());
        if let Some(old) = self.find(text.as_bytes(), tag) {
            return merge(old, value);
        }
        self.push(key, bytes_len, head, tag, value);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Combine one occurrence of `w`: `merge(&mut value)` when the word is
    /// known, `create()` when it is new.
    pub fn upsert(
        &mut self,
        w: &str,
        create: impl FnOnce() -> PyResult,
        merge: impl FnOnce(&mut Value) -> PyResult<()>,
    ) -> PyResult<()> {
        let tag = self.tag_of(w);
        if let Some(old) = self.find(w.as_bytes(), tag) {
            return merge(old);
        }
        let value = create()?;
        let py = match self.hasher {
            Some(_) => hash_str(w),
            None => tag as i64,
        };
        let key = Key(Value::str(w), py);
        self.push(key, w.len(), head_of(w.as_bytes()), tag, value);
        Ok(())
    }

    /// Every word with its value, in first-seen order, leaving this table empty.
    pub fn take_pairs(&mut self) -> Vec<(Key, Value)> {
        let mut values: Vec<Value> = vec![Value::None; self.keys.len()];
        for slot in self.table.drain() {
            values[slot.order as usize] = slot.value;
        }
        self.keys.drain(..).zip(values).collect()
    }

    /// Move every word into `map` in first-seen order (after what `map`
    /// holds), leaving this table empty. A word already in `map` keeps its
    /// place there and its value is combined with `merge(old, new)`.
    pub fn drain_into(
        &mut self,
        map: &mut KeyMap<Value>,
        merge: impl Fn(Value, Value) -> PyResult,
    ) -> PyResult<()> {
        let pairs = self.take_pairs();
        map.reserve(pairs.len());
        for (key, value) in pairs {
            match map.get_mut(&key) {
                Some(old) => {
                    let prev = std::mem::replace(old, Value::None);
                    *old = merge(prev, value)?;
                }
                None => {
                    map.insert(key, value);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(table: &mut WordTable, w: &str) {
        table
            .upsert(
                w,
                || Ok(Value::Int(1)),
                |old| {
                    if let Value::Int(n) = old {
                        *n += 1;
                    }
                    Ok(())
                },
            )
            .unwrap();
    }

    #[test]
    fn words_keep_first_seen_order_and_counts() {
        let mut t = WordTable::with_capacity(0);
        let long = "a-word-much-longer-than-sixteen-bytes";
        let long2 = "a-word-much-longer-than-sixteen-bytez";
        for w in ["b", "a", "b", "", long, "a", long2, long, "é", "b"] {
            count(&mut t, w);
        }
        assert_eq!(t.len(), 6);
        let mut map = KeyMap::default();
        t.drain_into(&mut map, |a, _| Ok(a)).unwrap();
        assert!(t.is_empty());
        let got: Vec<(String, i64)> = map
            .iter()
            .map(|(k, v)| match (&k.0, v) {
                (Value::Str(s), Value::Int(n)) => (s.to_string(), *n),
                _ => panic!("unexpected entry"),
            })
            .collect();
        let want = [("b", 3), ("a", 2), ("", 1), (long, 2), (long2, 1), ("é", 1)];
        assert_eq!(
            got,
            want.iter()
                .map(|(w, n)| (w.to_string(), *n))
                .collect::<Vec<_>>()
        );
        // Each key carries Python's hash of its text.
        for (k, _) in &map {
            let Value::Str(s) = &k.0 else { unreachable!() };
            assert_eq!(k.1, hash_str(s));
        }
    }

    #[test]
    fn draining_into_a_map_that_holds_a_word_combines_it_in_place() {
        let mut map = KeyMap::default();
        map.insert(Key::new(Value::str("x")).unwrap(), Value::Int(10));
        let mut t = WordTable::with_capacity(4);
        count(&mut t, "y");
        count(&mut t, "x");
        t.drain_into(&mut map, |a, b| match (a, b) {
            (Value::Int(a), Value::Int(b)) => Ok(Value::Int(a + b)),
            _ => unreachable!(),
        })
        .unwrap();
        let got: Vec<String> = map
            .iter()
            .map(|(k, v)| format!("{:?}={:?}", k.0, v))
            .collect();
        assert_eq!(got, ["'x'=11", "'y'=1"]);
    }

    #[test]
    fn words_differing_in_any_one_byte_are_different_words() {
        // Every length around the inline sizes, every position changed.
        for mode in [WordTable::with_capacity(0), WordTable::for_keys(0)] {
            let mut t = mode;
            let mut distinct = 0;
            for len in 0..=20usize {
                let base: String = (0..len)
                    .map(|i| char::from(b'a' + (i % 26) as u8))
                    .collect();
                count(&mut t, &base);
                distinct += 1;
                for pos in 0..len {
                    let mut bytes = base.clone().into_bytes();
                    bytes[pos] = b'Z';
                    let w = String::from_utf8(bytes).unwrap();
                    count(&mut t, &w);
                    count(&mut t, &w);
                    distinct += 1;
                }
                count(&mut t, &base);
            }
            assert_eq!(t.len(), distinct);
            let pairs = t.take_pairs();
            for (k, v) in &pairs {
                let Value::Str(s) = &k.0 else { unreachable!() };
                // The base word and each variant were counted twice.
                assert!(matches!(v, Value::Int(2)), "{s}: {v:?}");
                assert_eq!(k.1, hash_str(s));
            }
        }
    }

    #[test]
    fn keys_with_their_python_hash_merge_like_a_key_map() {
        let mut t = WordTable::for_keys(2);
        let add = |acc: &mut Value, v: Value| {
            if let (Value::Int(a), Value::Int(b)) = (acc, v) {
                *a += b;
            }
            Ok(())
        };
        for (w, n) in [("x", 1), ("a-long-word-over-sixteen-bytes", 2), ("x", 3)] {
            t.merge_key(Key::new(Value::str(w)).unwrap(), Value::Int(n), add)
                .unwrap();
        }
        let got: Vec<String> = t
            .take_pairs()
            .iter()
            .map(|(k, v)| format!("{:?}={:?}", k.0, v))
            .collect();
        assert_eq!(got, ["'x'=4", "'a-long-word-over-sixteen-bytes'=2"]);
        // A key that is not a str is an error, not a panic.
        let r = t.merge_key(Key::new(Value::Int(1)).unwrap(), Value::Int(1), add);
        assert!(r.is_err());
    }

    #[test]
    fn a_failing_merge_is_reported() {
        let mut t = WordTable::with_capacity(1);
        count(&mut t, "w");
        let r = t.upsert(
            "w",
            || Ok(Value::Int(1)),
            |_: &mut Value| Err(crate::lang::value::Exc::type_error("boom")),
        );
        assert!(r.is_err());
    }
}
