//! Running a plan over a static DataFrame (`spark.createDataFrame(...)`,
//! `rdd.toDF()`, `spark.sql(...)`) at once, with the rows in the order Spark
//! 3.5 returns them.
//!
//! Spark's order after an aggregation (or `dropDuplicates`) is its shuffle's:
//! each input partition aggregates its rows in a hash map that keeps the
//! order keys were first seen, and sends each key to shuffle partition
//! `pmod(murmur3(key, 42), spark.sql.shuffle.partitions)` (200). Adaptive
//! query execution then coalesces the small shuffle into one partition,
//! which reads map output by map output, each in shuffle-partition order, and
//! merges it into a hash map that again keeps insertion order. So a group
//! comes out at its first input partition, ordered there by shuffle
//! partition, then by where it was first seen. [`murmur3_row`] is Spark's
//! `Murmur3Hash` (its `hash()` function), checked against PySpark in tests.
//!
//! ```
//! use streamlab::structured::batch::murmur3_str;
//! // PySpark: spark.range(1).select(hash(lit("hello"))) is -1008564952.
//! assert_eq!(murmur3_str("hello", 42), -1008564952);
//! ```

use std::cmp::Ordering;
use std::collections::HashMap;

use super::cell::{Cell, DataType, Row};
use super::exec::{group_accumulators, run_stateless, Accumulators};
use super::expr::{Expr, Schema};
use super::plan::{Op, Plan, Source};

/// Spark's `spark.sql.shuffle.partitions` default.
pub const SHUFFLE_PARTITIONS: i32 = 200;

/// Spark's seed for `hash()` and hash partitioning.
const SEED: i32 = 42;

const C1: i32 = 0xcc9e_2d51_u32 as i32;
const C2: i32 = 0x1b87_3593_u32 as i32;

fn mix_k1(k1: i32) -> i32 {
    k1.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2)
}

fn mix_h1(h1: i32, k1: i32) -> i32 {
    (h1 ^ k1)
        .rotate_left(13)
        .wrapping_mul(5)
        .wrapping_add(0xe654_6b64_u32 as i32)
}

fn fmix(h1: i32, len: i32) -> i32 {
    let mut h = (h1 ^ len) as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h as i32
}

/// Spark's `Murmur3_x86_32.hashInt`.
pub fn murmur3_int(v: i32, seed: i32) -> i32 {
    fmix(mix_h1(seed, mix_k1(v)), 4)
}

/// Spark's `Murmur3_x86_32.hashLong`.
pub fn murmur3_long(v: i64, seed: i32) -> i32 {
    let low = v as i32;
    let high = (v >> 32) as i32;
    let h = mix_h1(seed, mix_k1(low));
    fmix(mix_h1(h, mix_k1(high)), 8)
}

/// Spark's `Murmur3_x86_32.hashUnsafeBytes` over a string's UTF-8 bytes:
/// little-endian words, then each remaining byte mixed on its own (Spark's
/// tail differs from the reference MurmurHash3's).
pub fn murmur3_str(s: &str, seed: i32) -> i32 {
    let bytes = s.as_bytes();
    let aligned = bytes.len() - bytes.len() % 4;
    let mut h = seed;
    for w in bytes[..aligned].chunks_exact(4) {
        h = mix_h1(h, mix_k1(i32::from_le_bytes([w[0], w[1], w[2], w[3]])));
    }
    for &b in &bytes[aligned..] {
        h = mix_h1(h, mix_k1(b as i8 as i32));
    }
    fmix(h, bytes.len() as i32)
}

/// Spark's `Murmur3_x86_32.hashUnsafeWords` (what `UnsafeRow.hashCode`
/// uses): every 4-byte little-endian word mixed in, then the length; the
/// length is a multiple of 8.
pub(crate) fn murmur_words(bytes: &[u8], seed: i32) -> i32 {
    let mut h = seed;
    for w in bytes.chunks_exact(4) {
        h = mix_h1(h, mix_k1(i32::from_le_bytes([w[0], w[1], w[2], w[3]])));
    }
    fmix(h, bytes.len() as i32)
}

/// One value folded into a running hash as Spark's `Murmur3Hash` does (nulls
/// leave it unchanged; an int column hashes as a 4-byte int, a bigint as 8).
fn hash_cell(c: &Cell, t: DataType, seed: i32) -> i32 {
    match c {
        Cell::Null => seed,
        Cell::Bool(b) => murmur3_int(i32::from(*b), seed),
        Cell::Int(i) if t == DataType::Int => murmur3_int(*i as i32, seed),
        Cell::Int(i) => murmur3_long(*i, seed),
        // -0.0 hashes as 0.0, as Spark normalizes it.
        Cell::Double(d) => murmur3_long(if *d == 0.0 { 0 } else { d.to_bits() as i64 }, seed),
        Cell::Str(s) => murmur3_str(s, seed),
        // Spark keeps timestamps in microseconds.
        Cell::Timestamp(ms) => murmur3_long(ms.saturating_mul(1000), seed),
        // A date is an int of days.
        Cell::Date(d) => murmur3_int(*d as i32, seed),
        Cell::Window(s, e) => murmur3_long(
            e.saturating_mul(1000),
            murmur3_long(s.saturating_mul(1000), seed),
        ),
        Cell::Array(items) => items
            .iter()
            .fold(seed, |h, c| hash_cell(c, DataType::String, h)),
    }
}

/// Spark's `hash(cols...)` of one row's key cells of types `types`.
pub fn murmur3_row(cells: &[Cell], types: &[DataType]) -> i32 {
    cells.iter().enumerate().fold(SEED, |h, (i, c)| {
        hash_cell(c, types.get(i).copied().unwrap_or(DataType::String), h)
    })
}

/// The shuffle partition Spark sends a key to, of `n`.
pub(crate) fn shuffle_partition(cells: &[Cell], types: &[DataType], n: i32) -> i32 {
    murmur3_row(cells, types).rem_euclid(n.max(1))
}

/// The rows of a static plan, in Spark's order; `shuffle` is
/// `spark.sql.shuffle.partitions`.
pub fn run_static(plan: &Plan, shuffle: i32) -> Vec<Row> {
    run_static_partitions(plan, shuffle)
        .into_iter()
        .flatten()
        .collect()
}

/// The rows of a static plan partition by partition, in Spark's order
/// (what `df.write` makes one file of each).
pub fn run_static_partitions(plan: &Plan, shuffle: i32) -> Vec<Vec<Row>> {
    let chain = plan.chain();
    let Source::Static(input) = plan.source_of() else {
        return Vec::new();
    };
    let mut parts: Vec<Vec<Row>> = input.partitions.clone();
    let mut schema: Schema = input.schema.clone();
    for node in chain.iter().skip(1) {
        parts = match &node.op {
            // Both sides of a stream-stream join are streams, never static.
            Op::Source(_) | Op::JoinStream(_) => parts,
            Op::JoinStatic(j) if j.sort_merge.is_some() => {
                vec![j.apply_all(parts.into_iter().flatten().collect())]
            }
            Op::Project(_) | Op::Filter(_) | Op::Watermark { .. } | Op::JoinStatic(_) => parts
                .into_iter()
                .map(|p| run_stateless(std::slice::from_ref(&node.op), p, 0).0)
                .collect(),
            Op::Aggregate { keys, aggs } => {
                let key_types: Vec<DataType> = keys.iter().map(|k| k.data_type(&schema)).collect();
                let accs = group_accumulators(aggs, &schema);
                vec![aggregate(keys, &key_types, &accs, &parts, shuffle)]
            }
            Op::Dedup(cols) => {
                let types: Vec<DataType> = cols.iter().map(|c| schema[*c].1).collect();
                vec![dedup(cols, &types, &parts, shuffle)]
            }
            Op::Sort(keys) => {
                let mut rows: Vec<Row> = parts.into_iter().flatten().collect();
                // A stable sort: rows with equal keys keep their order, as
                // Spark's sort of one coalesced partition does.
                rows.sort_by(|a, b| compare_rows(keys, a, b));
                vec![rows]
            }
            Op::Limit(n) => {
                let rows: Vec<Row> = parts.into_iter().flatten().take(*n).collect();
                vec![rows]
            }
        };
        schema = node.schema.clone();
    }
    parts
}

/// Spark's ordering for `orderBy`: nulls first when ascending, last when
/// descending; numbers, strings, times by value.
pub(crate) fn compare_rows(keys: &[(Expr, bool)], a: &Row, b: &Row) -> Ordering {
    for (k, asc) in keys {
        let (x, y) = (k.eval(a, 0), k.eval(b, 0));
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => x.compare(&y).unwrap_or(Ordering::Equal),
        };
        let o = if *asc { o } else { o.reverse() };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Where each key goes, in Spark's output order: keys of earlier input
/// partitions first; within one, by shuffle partition, then first seen.
fn spark_key_order(
    keys_per_part: Vec<Vec<Vec<Cell>>>,
    types: &[DataType],
    shuffle: i32,
) -> Vec<Vec<Cell>> {
    let mut seen: HashMap<Vec<Cell>, ()> = HashMap::new();
    let mut order = Vec::new();
    for keys in keys_per_part {
        let mut local: Vec<(i32, usize, Vec<Cell>)> = Vec::new();
        let mut local_seen: HashMap<Vec<Cell>, ()> = HashMap::new();
        for k in keys {
            if seen.contains_key(&k) || local_seen.contains_key(&k) {
                continue;
            }
            local_seen.insert(k.clone(), ());
            local.push((shuffle_partition(&k, types, shuffle), local.len(), k));
        }
        local.sort_by_key(|(p, i, _)| (*p, *i));
        for (_, _, k) in local {
            seen.insert(k.clone(), ());
            order.push(k);
        }
    }
    order
}

fn aggregate(
    keys: &[Expr],
    key_types: &[DataType],
    accs: &Accumulators,
    parts: &[Vec<Row>],
    shuffle: i32,
) -> Vec<Row> {
    let mut groups: HashMap<Vec<Cell>, Vec<super::exec::Acc>> = HashMap::new();
    let mut keys_per_part = Vec::new();
    for part in parts {
        let mut part_keys = Vec::with_capacity(part.len());
        for row in part {
            let key: Vec<Cell> = keys.iter().map(|k| k.eval(row, 0)).collect();
            let entry = groups.entry(key.clone()).or_insert_with(|| accs.fresh());
            accs.add(entry, row);
            part_keys.push(key);
        }
        keys_per_part.push(part_keys);
    }
    // A global aggregation has its one row even without input.
    if keys.is_empty() && groups.is_empty() {
        groups.insert(Vec::new(), accs.fresh());
        keys_per_part = vec![vec![Vec::new()]];
    }
    spark_key_order(keys_per_part, key_types, shuffle)
        .into_iter()
        .filter_map(|k| {
            let a = groups.remove(&k)?;
            let mut row = k;
            row.extend(a.iter().map(|acc| acc.value()));
            Some(row)
        })
        .collect()
}

fn dedup(cols: &[usize], types: &[DataType], parts: &[Vec<Row>], shuffle: i32) -> Vec<Row> {
    let mut first: HashMap<Vec<Cell>, Row> = HashMap::new();
    let mut keys_per_part = Vec::new();
    for part in parts {
        let mut part_keys = Vec::with_capacity(part.len());
        for row in part {
            let key: Vec<Cell> = cols
                .iter()
                .map(|c| row.get(*c).cloned().unwrap_or(Cell::Null))
                .collect();
            first.entry(key.clone()).or_insert_with(|| row.clone());
            part_keys.push(key);
        }
        keys_per_part.push(part_keys);
    }
    spark_key_order(keys_per_part, types, shuffle)
        .into_iter()
        .filter_map(|k| first.remove(&k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of `hash(...)` recorded on PySpark 3.5.9.
    #[test]
    fn murmur3_matches_sparks_hash() {
        assert_eq!(murmur3_str("hello", SEED), -1008564952);
        assert_eq!(murmur3_str("a", SEED), 1485273170);
        assert_eq!(murmur3_str("abcd", SEED), -396302900);
        assert_eq!(murmur3_str("abcde", SEED), 814637928);
        assert_eq!(murmur3_long(1, SEED), -1712319331);
        assert_eq!(murmur3_long(5, SEED), 1607884268);
        assert_eq!(murmur3_long(-3, SEED), -925101593);
    }
}
