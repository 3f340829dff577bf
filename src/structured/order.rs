//! The order in which a streaming aggregation's rows reach the sink, as
//! Spark 3.5 produces it.
//!
//! Streaming queries run without adaptive execution, so the stateful part has
//! exactly `spark.sql.shuffle.partitions` partitions (200 by default, fixed
//! when the query starts) and the sink collects them in order: a group's
//! partition is `pmod(hash(keys), partitions)`, Spark's `Murmur3Hash` with
//! seed 42 ([`super::batch::murmur3_row`]). Within one partition:
//!
//! - **update** mode emits the groups a trigger touched as the partition
//!   receives them: input partition after input partition, each in the order
//!   its partial aggregate gives them, then reordered by the two merging
//!   aggregates before the state store. Each of these hash aggregates keeps
//!   insertion order, except that it first tries a small "fast" map (Spark's
//!   row-based two-level aggregate map) and emits the keys that found a place
//!   there before those that did not ([`fast_map_pass`]);
//! - **complete** mode, and the groups **append** mode finalizes, come out of
//!   the partition's state store, a `java.util.concurrent.ConcurrentHashMap`
//!   keyed by the group key as an `UnsafeRow` (whose hash is Murmur3 of the
//!   row's bytes, seed 42). Every trigger starts a fresh map and copies the
//!   previous trigger's map into it (`putAll`), then puts the trigger's
//!   groups. The iteration order is the map's table order, so this module
//!   simulates the map: its table size, when it doubles, and how a doubling
//!   reorders a bucket's entries ([`JavaHashMap`]).

use super::batch::{murmur3_row, murmur_words};
use super::cell::{Cell, DataType};

/// `pmod(hash(keys), n)`: the state partition a group lives in.
pub fn state_partition(key: &[Cell], types: &[DataType], n: i32) -> usize {
    murmur3_row(key, types).rem_euclid(n.max(1)) as usize
}

/// The bytes of the `UnsafeRow` Spark builds for a group key: a null bit set
/// (8 bytes per 64 fields), one 8-byte slot per field, then variable-length
/// data (strings, structs) padded to 8 bytes, whose slot holds
/// `offset << 32 | length`.
pub fn unsafe_row_bytes(key: &[Cell], types: &[DataType]) -> Vec<u8> {
    let bitset = key.len().div_ceil(64) * 8;
    let mut fixed = vec![0u8; bitset + 8 * key.len()];
    let mut var: Vec<u8> = Vec::new();
    let fixed_len = fixed.len();
    for (i, c) in key.iter().enumerate() {
        let slot = bitset + 8 * i;
        let t = types.get(i).copied().unwrap_or(DataType::String);
        let mut put = |bytes: &[u8]| fixed[slot..slot + bytes.len()].copy_from_slice(bytes);
        match c {
            Cell::Null => {
                fixed[(i / 64) * 8 + (i % 64) / 8] |= 1 << (i % 8);
            }
            Cell::Bool(b) => put(&[u8::from(*b)]),
            Cell::Int(v) if t == DataType::Int => put(&(*v as i32).to_le_bytes()),
            Cell::Int(v) => put(&v.to_le_bytes()),
            Cell::Double(d) => {
                // Grouping normalizes -0.0 to 0.0 and every NaN to one NaN.
                let d = if *d == 0.0 {
                    0.0
                } else if d.is_nan() {
                    f64::NAN
                } else {
                    *d
                };
                put(&d.to_bits().to_le_bytes())
            }
            Cell::Timestamp(ms) => put(&ms.saturating_mul(1000).to_le_bytes()),
            Cell::Date(d) => put(&(*d as i32).to_le_bytes()),
            Cell::Str(s) => {
                let offset = (fixed_len + var.len()) as i64;
                put(&((offset << 32) | s.len() as i64).to_le_bytes());
                var.extend_from_slice(s.as_bytes());
                var.resize(var.len().div_ceil(8) * 8, 0);
            }
            Cell::Window(s, e) => {
                // A struct is a nested row: its own (empty) null bits, then
                // start and end in microseconds.
                let offset = (fixed_len + var.len()) as i64;
                put(&((offset << 32) | 24).to_le_bytes());
                var.extend_from_slice(&[0u8; 8]);
                var.extend_from_slice(&s.saturating_mul(1000).to_le_bytes());
                var.extend_from_slice(&e.saturating_mul(1000).to_le_bytes());
            }
            Cell::Array(_) => {}
        }
    }
    fixed.extend(var);
    fixed
}

/// `UnsafeRow.hashCode()`: Murmur3 over the row's 4-byte words, seed 42.
pub fn unsafe_row_hash(key: &[Cell], types: &[DataType]) -> i32 {
    murmur_words(&unsafe_row_bytes(key, types), 42)
}

/// The fast map's buckets: room for 1 << 16 keys at load factor 0.5.
const FAST_BUCKETS: usize = 1 << 17;
/// The fast map's rows.
const FAST_CAPACITY: usize = 1 << 16;
/// A key looks at this many buckets (linear probing) before giving up.
const FAST_STEPS: usize = 2;
/// The constant of the fast map's hash (Java's int `0x9e3779b9`).
const GOLDEN: i32 = 0x9e37_79b9_u32 as i32;

/// Whether Spark's partial aggregates use the fast map for keys of these
/// types: primitive types and strings only (a window struct is not).
pub fn fast_map_supported(types: &[DataType]) -> bool {
    !types.is_empty()
        && types.iter().all(|t| {
            matches!(
                t,
                DataType::String
                    | DataType::Int
                    | DataType::Long
                    | DataType::Double
                    | DataType::Boolean
                    | DataType::Timestamp
            )
        })
}

/// The fast map's hash of a key: each field's value (a string's from its
/// bytes) folded in with the golden-ratio constant, in 64-bit arithmetic.
fn fast_hash(key: &[Cell], types: &[DataType]) -> i64 {
    let mut h: i64 = 0;
    for (i, c) in key.iter().enumerate() {
        let t = types.get(i).copied().unwrap_or(DataType::String);
        let r: i64 = match c {
            Cell::Bool(b) => i64::from(*b),
            Cell::Int(v) if t == DataType::Int => i64::from(*v as i32),
            Cell::Int(v) => *v,
            Cell::Double(d) => {
                let d = if *d == 0.0 { 0.0 } else { *d };
                d.to_bits() as i64
            }
            Cell::Timestamp(ms) => ms.saturating_mul(1000),
            Cell::Str(s) => {
                let mut r: i32 = 0;
                for b in s.as_bytes() {
                    r = (r ^ GOLDEN)
                        .wrapping_add(i32::from(*b as i8))
                        .wrapping_add(r.wrapping_shl(6))
                        .wrapping_add(((r as u32) >> 2) as i32);
                }
                i64::from(r)
            }
            _ => 0,
        };
        h = (h ^ i64::from(GOLDEN))
            .wrapping_add(r)
            .wrapping_add(h.wrapping_shl(6))
            .wrapping_add(((h as u64) >> 2) as i64);
    }
    h
}

/// One hash aggregate's output order when it uses the fast map: `keys` (in
/// the order the aggregate first met them) that found a bucket within two
/// probes come first, the others (and keys with a null field, which never
/// go there) after, each group in its own order.
pub fn fast_map_pass(keys: Vec<Vec<Cell>>, types: &[DataType]) -> Vec<Vec<Cell>> {
    let mut buckets: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut fast: Vec<Vec<Cell>> = Vec::new();
    let mut slow: Vec<Vec<Cell>> = Vec::new();
    for k in keys {
        if k.iter().any(Cell::is_null) {
            slow.push(k);
            continue;
        }
        let start = (fast_hash(&k, types) as i32) as usize & (FAST_BUCKETS - 1);
        let mut placed = false;
        for step in 0..FAST_STEPS {
            let b = (start + step) & (FAST_BUCKETS - 1);
            match buckets.get(&b) {
                None if fast.len() < FAST_CAPACITY => {
                    buckets.insert(b, fast.len());
                    fast.push(k.clone());
                    placed = true;
                    break;
                }
                None => break,
                Some(&i) if fast[i] == k => {
                    placed = true;
                    break;
                }
                Some(_) => {}
            }
        }
        if !placed {
            slow.push(k);
        }
    }
    fast.extend(slow);
    fast
}

/// The largest table a `ConcurrentHashMap` has.
const MAX_TABLE: usize = 1 << 30;
/// A bucket with this many entries becomes a tree (when the table is large enough).
const TREEIFY: usize = 8;
/// A tree bucket split to this many entries or fewer becomes a list again.
const UNTREEIFY: usize = 6;
/// Below this table size a crowded bucket doubles the table instead.
const MIN_TREEIFY_TABLE: usize = 64;

#[derive(Debug, Clone)]
struct Bucket<K> {
    /// (spread hash, key), in iteration order.
    entries: Vec<(u32, K)>,
    /// A tree bucket: new entries go first instead of last.
    tree: bool,
}

impl<K> Default for Bucket<K> {
    fn default() -> Self {
        Bucket {
            entries: Vec::new(),
            tree: false,
        }
    }
}

/// The iteration order of Java 17's `ConcurrentHashMap` used by one thread:
/// what it holds is only keys (with their hashes); values live elsewhere.
#[derive(Debug, Clone)]
pub struct JavaHashMap<K> {
    /// Empty until the first insertion (Java's table is null).
    table: Vec<Bucket<K>>,
    size: usize,
    /// Java's `sizeCtl`: the initial size before the table exists, then the
    /// size at which the table doubles.
    size_ctl: usize,
}

impl<K: Clone + PartialEq> Default for JavaHashMap<K> {
    fn default() -> Self {
        Self::new()
    }
}

/// Java's `spread`: the high half folded into the low one, sign bit cleared.
fn spread(h: i32) -> u32 {
    let h = h as u32;
    (h ^ (h >> 16)) & 0x7fff_ffff
}

/// The smallest power of two at least `c` (Java's `tableSizeFor`).
fn table_size_for(c: usize) -> usize {
    c.max(1).next_power_of_two().min(MAX_TABLE)
}

impl<K: Clone + PartialEq> JavaHashMap<K> {
    /// `new ConcurrentHashMap()`.
    pub fn new() -> Self {
        JavaHashMap {
            table: Vec::new(),
            size: 0,
            size_ctl: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// `new ConcurrentHashMap()` then `putAll(other)`.
    pub fn copy_of(other: &JavaHashMap<K>) -> Self {
        let mut m = Self::new();
        m.presize(other.size);
        for (h, k) in other.entries() {
            m.insert_spread(h, k.clone());
        }
        m
    }

    fn empty_table(n: usize) -> Vec<Bucket<K>> {
        (0..n).map(|_| Bucket::default()).collect()
    }

    /// `tryPresize`: grow the table for `size` entries (Java grows it while
    /// the wanted size is above the resize threshold, which can overshoot).
    fn presize(&mut self, size: usize) {
        let c = if size >= MAX_TABLE >> 1 {
            MAX_TABLE
        } else {
            table_size_for(size + (size >> 1) + 1)
        };
        loop {
            if self.table.is_empty() {
                let n = self.size_ctl.max(c);
                self.table = Self::empty_table(n);
                self.size_ctl = n - (n >> 2);
            } else if c <= self.size_ctl || self.table.len() >= MAX_TABLE {
                return;
            } else {
                self.transfer();
            }
        }
    }

    /// Double the table. A list bucket splits in two: its longest tail whose
    /// entries all go the same way keeps its order, the entries before it are
    /// prepended one by one (so they end up reversed).
    fn transfer(&mut self) {
        let n = self.table.len();
        let mut next = Self::empty_table(2 * n);
        let old = std::mem::take(&mut self.table);
        for (i, bucket) in old.into_iter().enumerate() {
            if bucket.entries.is_empty() {
                continue;
            }
            let bit = |h: u32| h as usize & n;
            if bucket.tree {
                let (lo, hi): (Vec<_>, Vec<_>) =
                    bucket.entries.into_iter().partition(|(h, _)| bit(*h) == 0);
                next[i].tree = lo.len() > UNTREEIFY;
                next[i + n].tree = hi.len() > UNTREEIFY;
                next[i].entries = lo;
                next[i + n].entries = hi;
                continue;
            }
            let e = &bucket.entries;
            let mut run_bit = bit(e[0].0);
            let mut last_run = 0;
            for (j, (h, _)) in e.iter().enumerate().skip(1) {
                if bit(*h) != run_bit {
                    run_bit = bit(*h);
                    last_run = j;
                }
            }
            let tail: Vec<(u32, K)> = e[last_run..].to_vec();
            let (mut lo, mut hi) = if run_bit == 0 {
                (tail, Vec::new())
            } else {
                (Vec::new(), tail)
            };
            for entry in e[..last_run].iter() {
                if bit(entry.0) == 0 {
                    lo.insert(0, entry.clone());
                } else {
                    hi.insert(0, entry.clone());
                }
            }
            next[i].entries = lo;
            next[i + n].entries = hi;
        }
        self.table = next;
        self.size_ctl = (n << 1) - (n >> 1);
    }

    /// `put(key, value)` for a key whose `hashCode()` is `hash`.
    pub fn insert(&mut self, hash: i32, key: K) {
        self.insert_spread(spread(hash), key)
    }

    fn insert_spread(&mut self, h: u32, key: K) {
        if self.table.is_empty() {
            let n = if self.size_ctl > 0 { self.size_ctl } else { 16 };
            self.table = Self::empty_table(n);
            self.size_ctl = n - (n >> 2);
        }
        let n = self.table.len();
        let i = (n - 1) & h as usize;
        let bucket = &mut self.table[i];
        if bucket.entries.iter().any(|(eh, k)| *eh == h && *k == key) {
            // A new value for a key already there: the order does not change.
            return;
        }
        if bucket.tree {
            bucket.entries.insert(0, (h, key));
        } else {
            let before = bucket.entries.len();
            bucket.entries.push((h, key));
            if before >= TREEIFY {
                if n < MIN_TREEIFY_TABLE {
                    self.presize(n << 1);
                } else {
                    self.table[i].tree = true;
                }
            }
        }
        self.size += 1;
        while self.size >= self.size_ctl && self.table.len() < MAX_TABLE {
            self.transfer();
        }
    }

    /// `remove(key)`: the other entries keep their order.
    pub fn remove(&mut self, hash: i32, key: &K) {
        let h = spread(hash);
        let n = self.table.len();
        if n == 0 {
            return;
        }
        let bucket = &mut self.table[(n - 1) & h as usize];
        if let Some(p) = bucket
            .entries
            .iter()
            .position(|(eh, k)| *eh == h && k == key)
        {
            bucket.entries.remove(p);
            self.size -= 1;
            if bucket.tree && bucket.entries.len() <= UNTREEIFY {
                bucket.tree = false;
            }
        }
    }

    fn entries(&self) -> impl Iterator<Item = (u32, &K)> {
        self.table
            .iter()
            .flat_map(|b| b.entries.iter().map(|(h, k)| (*h, k)))
    }

    /// The keys in the map's iteration order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries().map(|(_, k)| k)
    }
}

/// The state stores of one streaming aggregation: one simulated map per
/// state partition, rebuilt at each trigger as Spark reloads them.
#[derive(Debug, Clone)]
pub struct StateOrder {
    partitions: i32,
    types: Vec<DataType>,
    /// None: the partition has never held a key.
    maps: Vec<Option<JavaHashMap<Vec<Cell>>>>,
    /// The trigger being run (Spark's batch id).
    batch: u64,
    /// Whether the aggregates before the store use the fast map.
    fast: bool,
}

impl StateOrder {
    /// `fast`: the query's aggregates use the fast map (see
    /// [`fast_map_supported`]); false for deduplication.
    pub fn new(partitions: i32, types: Vec<DataType>, fast: bool) -> StateOrder {
        let partitions = partitions.max(1);
        StateOrder {
            partitions,
            types,
            maps: vec![None; partitions as usize],
            batch: 0,
            fast,
        }
    }

    fn pass(&self, keys: Vec<Vec<Cell>>) -> Vec<Vec<Cell>> {
        if self.fast {
            fast_map_pass(keys, &self.types)
        } else {
            keys
        }
    }

    /// The order a trigger's groups reach the state stores: `per_input`
    /// holds each input partition's keys in the order first seen there.
    /// Partition by partition; within one, as the partial aggregates sent
    /// them and the two merging aggregates reordered them.
    pub fn arrival(&self, per_input: Vec<Vec<Vec<Cell>>>) -> Vec<Vec<Cell>> {
        let mut per_part: std::collections::BTreeMap<usize, Vec<Vec<Cell>>> =
            std::collections::BTreeMap::new();
        let mut seen: std::collections::HashSet<Vec<Cell>> = std::collections::HashSet::new();
        for keys in per_input {
            for k in self.pass(keys) {
                if seen.insert(k.clone()) {
                    per_part.entry(self.partition(&k)).or_default().push(k);
                }
            }
        }
        per_part
            .into_values()
            .flat_map(|keys| self.pass(self.pass(keys)))
            .collect()
    }

    /// The partition of a group key.
    pub fn partition(&self, key: &[Cell]) -> usize {
        state_partition(key, &self.types, self.partitions)
    }

    /// A trigger starts: from batch 1 on, each store is a new map filled
    /// with the previous trigger's (`putAll`).
    pub fn begin_batch(&mut self, batch: u64) {
        self.batch = batch;
        if batch == 0 {
            return;
        }
        for m in self.maps.iter_mut().flatten() {
            *m = JavaHashMap::copy_of(m);
        }
    }

    /// The store of partition `p`, as the trigger found it.
    fn map(&mut self, p: usize) -> &mut JavaHashMap<Vec<Cell>> {
        let batch = self.batch;
        self.maps[p].get_or_insert_with(|| {
            if batch == 0 {
                JavaHashMap::new()
            } else {
                // Copied from an empty map: `putAll` of nothing sizes the
                // table for nothing (one bucket).
                JavaHashMap::copy_of(&JavaHashMap::new())
            }
        })
    }

    /// Put the groups a trigger touched, in the order it first saw them.
    pub fn put_all<'a>(&mut self, keys: impl IntoIterator<Item = &'a Vec<Cell>>) {
        for k in keys {
            let p = self.partition(k);
            let h = unsafe_row_hash(k, &self.types);
            self.map(p).insert(h, k.clone());
        }
    }

    pub fn remove(&mut self, key: &Vec<Cell>) {
        let p = self.partition(key);
        let h = unsafe_row_hash(key, &self.types);
        if let Some(m) = self.maps[p].as_mut() {
            m.remove(h, key);
        }
    }

    /// The keys of partition `p`'s store, in its map's order.
    pub fn keys_in(&self, p: usize) -> Vec<Vec<Cell>> {
        self.maps
            .get(p)
            .and_then(Option::as_ref)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The number of state partitions.
    pub fn partitions(&self) -> usize {
        self.partitions as usize
    }

    /// Every group in the order the stores give them: partition after
    /// partition, each in its map's order.
    pub fn all(&self) -> Vec<Vec<Cell>> {
        self.maps
            .iter()
            .flatten()
            .flat_map(|m| m.keys().cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubling_reverses_the_moved_head_of_a_bucket() {
        // Hashes 0, 16, 32, 48 share bucket 0 of 16; at 32 buckets, 16 and 48
        // move to bucket 16. The last run (48) stays last; the rest come
        // before it reversed.
        let mut m: JavaHashMap<i32> = JavaHashMap::new();
        for (h, k) in [(0, 0), (16, 1), (32, 2), (48, 3)] {
            m.insert(h, k);
        }
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        m.transfer();
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), vec![2, 0, 1, 3]);
    }

    #[test]
    fn the_table_doubles_at_three_quarters() {
        let mut m: JavaHashMap<i32> = JavaHashMap::new();
        for k in 0..11 {
            m.insert(k, k);
        }
        assert_eq!(m.table.len(), 16);
        m.insert(11, 11);
        assert_eq!(m.table.len(), 32);
        // A copy of an empty map starts with one bucket and grows by doubling.
        let mut e: JavaHashMap<i32> = JavaHashMap::copy_of(&JavaHashMap::new());
        assert_eq!(e.table.len(), 1);
        e.insert(5, 5);
        assert_eq!(e.table.len(), 2);
        // putAll sizes for 1.5 times the entries, then doubles past the threshold.
        let c = JavaHashMap::copy_of(&m);
        assert_eq!(c.table.len(), 64);
    }

    #[test]
    fn fast_map_puts_colliding_keys_last() {
        // Round doubles have no low bits, so 3.5, 7.0, 1.25 and 2.5 share a
        // bucket: the first two fit (the second one bucket on), the others
        // come after the keys that found a place. (Orders checked against
        // the model this module follows, itself checked against PySpark.)
        let d =
            |xs: &[f64]| -> Vec<Vec<Cell>> { xs.iter().map(|x| vec![Cell::Double(*x)]).collect() };
        let t = [DataType::Double];
        assert_eq!(
            fast_map_pass(d(&[3.5, 7.0, 1.25, 0.1, 2.5, 0.3]), &t),
            d(&[3.5, 7.0, 0.1, 0.3, 1.25, 2.5])
        );
        let s = |w: &str| vec![Cell::str(w)];
        assert_eq!(fast_hash(&s("w1"), &[DataType::String]) as i32, 1403250687);
        assert_eq!(fast_hash(&s("w3"), &[DataType::String]) as i32, 1403250689);
        assert!(!fast_map_supported(&[DataType::Window]));
        assert!(fast_map_supported(&[DataType::Boolean, DataType::String]));
    }

    #[test]
    fn unsafe_row_layout() {
        let b = unsafe_row_bytes(&[Cell::str("cat")], &[DataType::String]);
        assert_eq!(b.len(), 24);
        assert_eq!(&b[8..16], &((16i64 << 32) | 3).to_le_bytes());
        assert_eq!(&b[16..19], b"cat");
        let n = unsafe_row_bytes(
            &[Cell::Null, Cell::Int(7)],
            &[DataType::String, DataType::Int],
        );
        assert_eq!(n[0], 1);
        assert_eq!(&n[16..24], &[7, 0, 0, 0, 0, 0, 0, 0]);
    }
}
