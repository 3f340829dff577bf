//! Hashing: Python's `hash()` (as under PYTHONHASHSEED=0, which PySpark sets for its
//! workers), PySpark's `portable_hash`, and [`Key`] for dicts and shuffles.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;
use siphasher::sip::SipHasher13;

use super::ops::py_eq;
use super::value::{Exc, Key, PyResult, Value};

/// `2**61 - 1`, the modulus of CPython's numeric hash.
const MODULUS: u64 = (1u64 << 61) - 1;
const HASH_BITS: i32 = 61;
const HASH_INF: i64 = 314_159;
/// `hash(None)` is address-based in CPython 3.11; any constant will do.
const HASH_NONE: i64 = 0x0fca_8642;

impl Key {
    /// A key for a dict or a shuffle; `TypeError: unhashable type: 'list'` for lists and dicts.
    pub fn new(v: Value) -> PyResult<Key> {
        check_hashable(&v)?;
        let h = py_hash(&v)?;
        Ok(Key(v, h))
    }

    /// Like [`Key::new`], but hands the value back with the error, so a caller
    /// can report the record without cloning it up front.
    pub fn try_new(v: Value) -> Result<Key, (Exc, Value)> {
        if let Err(e) = check_hashable(&v) {
            return Err((e, v));
        }
        match py_hash(&v) {
            Ok(h) => Ok(Key(v, h)),
            Err(e) => Err((e, v)),
        }
    }

    /// The shuffle partition of this key: `portable_hash(key) % n`, reusing
    /// the cached hash where `portable_hash` is Python's `hash()`.
    pub fn partition(&self, n: usize) -> PyResult<usize> {
        match &self.0 {
            Value::None | Value::Tuple(_) => partition_for(&self.0, n),
            _ if n == 0 => Err(Exc::zero_div("integer modulo by zero")),
            _ => Ok((self.1 as i128).rem_euclid(n as i128) as usize),
        }
    }
}

/// A hasher for maps keyed by [`Key`]: the key's cached Python hash is the hash.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        // Spread the bits: Python's int hash is the int itself.
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 ^= n as u64;
    }
}

/// Build [`KeyHasher`]s.
pub type KeyBuild = std::hash::BuildHasherDefault<KeyHasher>;

/// An insertion-ordered map keyed by Python values, hashing each key once.
pub type KeyMap<V> = indexmap::IndexMap<Key, V, KeyBuild>;

fn check_hashable(v: &Value) -> PyResult<()> {
    match v {
        Value::List(_) | Value::Dict(_) => Err(Exc::type_error(format!(
            "unhashable type: '{}'",
            v.type_name()
        ))),
        Value::Set(s) if !s.frozen => Err(Exc::type_error("unhashable type: 'set'")),
        Value::Tuple(items) => items.iter().try_for_each(check_hashable),
        _ => Ok(()),
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.1 == other.1 && py_eq(&self.0, &other.0)
    }
}
impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_i64(self.1);
    }
}

fn fix_minus_one(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

fn hash_i64(n: i64) -> i64 {
    let m = (n.unsigned_abs() % MODULUS) as i64;
    fix_minus_one(if n < 0 { -m } else { m })
}

fn hash_bigint(b: &BigInt) -> i64 {
    let m = (b.magnitude() % MODULUS).to_u64().unwrap_or(0) as i64;
    fix_minus_one(if b.sign() == Sign::Minus { -m } else { m })
}

/// `frexp`: x == m * 2**e with 0.5 <= |m| < 1 (x finite, nonzero).
fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

/// CPython's `_Py_HashDouble`.
fn hash_f64(v: f64) -> i64 {
    if v.is_infinite() {
        return if v > 0.0 { HASH_INF } else { -HASH_INF };
    }
    if v.is_nan() || v == 0.0 {
        return 0;
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (HASH_BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % HASH_BITS
    } else {
        HASH_BITS - 1 - ((-1 - e) % HASH_BITS)
    };
    let e = e as u32;
    x = ((x << e) & MODULUS) | (x >> (HASH_BITS as u32 - e));
    fix_minus_one((x as i64).wrapping_mul(sign))
}

/// CPython's string hash: SipHash-1-3 with a zero key over the PEP 393 representation.
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let mut h = SipHasher13::new_with_keys(0, 0);
    if s.is_ascii() {
        h.write(s.as_bytes());
    } else {
        let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
        let width = if max < 0x100 {
            1
        } else if max < 0x10000 {
            2
        } else {
            4
        };
        let mut buf: Vec<u8> = Vec::with_capacity(s.len() * width);
        for c in s.chars() {
            let n = c as u32;
            match width {
                1 => buf.push(n as u8),
                2 => buf.extend_from_slice(&(n as u16).to_le_bytes()),
                _ => buf.extend_from_slice(&n.to_le_bytes()),
            }
        }
        h.write(&buf);
    }
    fix_minus_one(h.finish() as i64)
}

/// CPython 3.11's xxHash-based tuple hash.
fn hash_tuple(items: &[Value]) -> PyResult<i64> {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;
    let mut acc = P5;
    for item in items {
        let lane = py_hash(item)? as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(P2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(P1);
    }
    acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3_527_539));
    if acc == u64::MAX {
        return Ok(1_546_275_796);
    }
    Ok(acc as i64)
}

fn hash_addr<T: ?Sized>(a: &Arc<T>) -> i64 {
    let p = Arc::as_ptr(a) as *const () as usize;
    fix_minus_one((p >> 4) as i64)
}

/// Python's `hash(v)` with PYTHONHASHSEED=0.
pub fn py_hash(v: &Value) -> PyResult<i64> {
    match v {
        Value::None => Ok(HASH_NONE),
        Value::Bool(b) => Ok(*b as i64),
        Value::Int(i) => Ok(hash_i64(*i)),
        Value::BigInt(b) => Ok(hash_bigint(b)),
        Value::Float(f) => Ok(hash_f64(*f)),
        Value::Str(s) => Ok(hash_str(s)),
        Value::Tuple(items) => hash_tuple(items),
        Value::List(_) | Value::Dict(_) => Err(Exc::type_error(format!(
            "unhashable type: '{}'",
            v.type_name()
        ))),
        Value::Range(start, stop, step) => {
            // CPython hashes (len, start, step), with None for the parts that do not matter.
            let n = super::ops::len(v).unwrap_or(0) as i64;
            let _ = stop;
            let t = match n {
                0 => vec![Value::Int(0), Value::None, Value::None],
                1 => vec![Value::Int(1), Value::Int(*start), Value::None],
                _ => vec![Value::Int(n), Value::Int(*start), Value::Int(*step)],
            };
            hash_tuple(&t)
        }
        Value::Iterable(items) => Ok(hash_addr(items)),
        Value::Set(s) if s.frozen => Ok(s.read().hash()),
        Value::Set(_) => Err(Exc::type_error("unhashable type: 'set'")),
        Value::Func(f) => Ok(hash_addr(f)),
        Value::Object(o) => o.hash(o).unwrap_or_else(|| Ok(hash_addr(o))),
    }
}

/// PySpark's `portable_hash(v)`: 0 for None, its own combine for tuples, `hash()` otherwise.
pub fn portable_hash(v: &Value) -> PyResult<i64> {
    match v {
        Value::None => Ok(0),
        Value::Tuple(items) => {
            const MAXSIZE: u64 = i64::MAX as u64;
            let mut h: u64 = 0x345678;
            for item in items.iter() {
                h ^= portable_hash(item)? as u64;
                h = h.wrapping_mul(1_000_003);
                h &= MAXSIZE;
            }
            h ^= items.len() as u64;
            Ok(h as i64)
        }
        // A namedtuple is a tuple to PySpark too.
        Value::Object(_) => match super::stdlib::collections::tuple_items(v) {
            Some(items) => portable_hash(&Value::tuple(items)),
            None => py_hash(v),
        },
        _ => py_hash(v),
    }
}

/// The shuffle partition of a key: `portable_hash(key) % n` with Python's non-negative `%`.
pub fn partition_for(key: &Value, n: usize) -> PyResult<usize> {
    if n == 0 {
        return Err(Exc::zero_div("integer modulo by zero"));
    }
    let h = portable_hash(key)? as i128;
    Ok(h.rem_euclid(n as i128) as usize)
}
